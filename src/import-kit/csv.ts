/** CSV reading with the source line of every record, so problems can name file, row and column. */
import { parse } from 'csv-parse/sync';
import type { Problems } from './problems';

export interface CsvRecord {
  /** 1-based line number in the file */
  line: number;
  values: Record<string, string>;
}

export interface CsvTable {
  header: string[];
  /** 1-based line of the header row */
  headerLine: number;
  records: CsvRecord[];
}

export function readCsv(file: string, text: string, required: string[], problems: Problems): CsvTable | null {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text.normalize('NFC'), { comment: '#', skip_empty_lines: true, trim: true, info: true, relax_column_count: true, bom: true }) as unknown as typeof rows;
  } catch (e) {
    problems.add(file, `not valid CSV: ${(e as Error).message}`);
    return null;
  }
  if (rows.length === 0) {
    problems.add(file, 'the file has no header row');
    return null;
  }
  const header = rows[0].record.map((h) => h.toLowerCase());
  const missing = required.filter((c) => !header.includes(c));
  for (const column of missing) problems.add(file, `missing column "${column}"`, rows[0].info.lines, column);
  if (missing.length) return null;
  const records: CsvRecord[] = [];
  for (const { record, info } of rows.slice(1)) {
    if (record.length !== header.length) {
      problems.add(file, `expected ${header.length} values, found ${record.length}`, info.lines);
      continue;
    }
    records.push({ line: info.lines, values: Object.fromEntries(header.map((h, i) => [h, record[i] ?? ''])) });
  }
  return { header, headerLine: rows[0].info.lines, records };
}

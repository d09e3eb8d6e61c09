/**
 * Reads and validates a scores CSV (one row per unit and edition, one column per criterion
 * code) against the database: every problem is reported with its row and column, and
 * nothing is returned for writing unless the whole file is valid.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { readCsv } from '../import-kit/csv';
import type { Problems } from '../import-kit/problems';
import { levelOfKind, Unit } from '../units/unit.entity';
import { CriterionNode, Edition } from './edition.entity';
import { RankingIndex } from './index.entity';
import { round } from './ranking.compute';
import { checkCriteriaColumns } from './scores.omissions';

export const RESERVED_COLUMNS = ['index', 'year', 'unit_code', 'unit_name', 'reported_total', 'reported_rank', 'remove'];

export interface SheetValues {
  points: Record<string, number>;
  reportedTotal: number | null;
  reportedRank: number | null;
}

export interface ParsedSheet extends SheetValues {
  line: number;
  edition: Edition;
  unit: Unit;
  /** `remove=yes`: the unit's sheet in this edition is deleted (the only way a file removes data). */
  remove: boolean;
}

/** A number with at most 4 decimals (published figures have 2). */
export function parsePoints(raw: string): number | null {
  if (!/^-?\d+(\.\d{1,4})?$/.test(raw)) return null;
  return Number(raw);
}

/** A unit takes part in an edition when it existed on some day of the edition's year. */
export function unitExistsIn(unit: Unit, year: number): boolean {
  return (!unit.validFrom || unit.validFrom <= `${year}-12-31`) && (!unit.validTo || unit.validTo >= `${year}-01-01`);
}

export function unitFitsIndex(unit: Unit, index: RankingIndex, year: number): string | null {
  if (levelOfKind(unit.kind) !== index.level) return `unit ${unit.code} (${unit.name}) is not a ${index.level.toLowerCase()}-level unit, the level "${index.slug}" ranks`;
  if (index.scope && unit.parent?.id !== index.scope.id) return `unit ${unit.code} (${unit.name}) is not under ${index.scope.name}, which "${index.slug}" covers`;
  if (!unitExistsIn(unit, year)) {
    const end = unit.validTo ? `it ended on ${unit.validTo}${unit.successor ? ` (merged into ${unit.successor.code})` : ''}` : `it started on ${unit.validFrom}`;
    return `unit ${unit.code} (${unit.name}) did not exist in ${year}: ${end}`;
  }
  return null;
}

/** Checks one sheet's values against an edition's tree; shared by the CSV import and corrections. */
export function checkPoints(nodes: Map<string, Pick<CriterionNode, 'maxPoints'>>, key: string, value: number, code = key): string | null {
  const node = nodes.get(key);
  if (!node) return `criterion "${code}" is not in this edition's criteria tree`;
  if (value < 0) return `score ${value} for "${code}" is negative`;
  if (round(value) > node.maxPoints) return `score ${value} for "${code}" is above its maximum ${node.maxPoints}`;
  return null;
}

/** Header names as written (the CSV reader lowercases them), for messages and stored codes. */
function originalHeader(text: string): Map<string, string> {
  const line =
    text
      .normalize('NFC')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .find((l) => l.trim() !== '' && !l.startsWith('#')) ?? '';
  return new Map(line.split(',').map((h) => [h.trim().replace(/^"|"$/g, '').toLowerCase(), h.trim().replace(/^"|"$/g, '')]));
}

export async function parseScores(em: EntityManager, file: string, text: string, problems: Problems): Promise<ParsedSheet[]> {
  const mark = problems.list.length;
  const table = readCsv(file, text, ['index', 'year', 'unit_code'], problems);
  if (!table) return [];
  const criteriaColumns = table.header.filter((h) => !RESERVED_COLUMNS.includes(h));
  const spelled = originalHeader(text);
  const indices = await em.find(RankingIndex, {}, { populate: ['scope'] });
  const units = await em.find(Unit, {});
  const indexBySlug = new Map(indices.map((i) => [i.slug, i]));
  const unitByCode = new Map(units.map((u) => [u.code, u]));
  const editions = await em.find(Edition, { index: { $in: indices.map((i) => i.id) } });
  const editionByKey = new Map(editions.map((e) => [`${e.index.id}|${e.year}`, e]));
  const nodes = await em.find(CriterionNode, { edition: { $in: editions.map((e) => e.id) } });
  const treeOf = new Map<number, Map<string, CriterionNode>>();
  // The CSV reader lowercases headers, so codes match case-insensitively (the methodology keeps them unique that way).
  for (const n of nodes) (treeOf.get(n.edition.id) ?? treeOf.set(n.edition.id, new Map()).get(n.edition.id)!).set(n.code.toLowerCase(), n);

  const sheets: ParsedSheet[] = [];
  const seen = new Map<string, number>();
  for (const { line, values } of table.records) {
    const bad = (column: string, message: string) => problems.add(file, message, line, column);
    const index = indexBySlug.get(values.index);
    if (!index) bad('index', `unknown index "${values.index}"`);
    const year = /^\d{4}$/.test(values.year) ? Number(values.year) : null;
    if (year === null) bad('year', `year must be four digits, got "${values.year}"`);
    const edition = index && year !== null ? editionByKey.get(`${index.id}|${year}`) : undefined;
    if (index && year !== null && !edition) bad('year', `index "${index.slug}" has no edition ${year} (create it in the methodology file first)`);
    const unit = unitByCode.get(values.unit_code);
    if (!unit) bad('unit_code', `unknown unit code "${values.unit_code}"`);
    else if (index && year !== null) {
      const misfit = unitFitsIndex(unit, index, year);
      if (misfit) bad('unit_code', misfit);
    }
    const key = `${values.index}|${values.year}|${values.unit_code}`;
    if (seen.has(key)) bad('unit_code', `duplicate row: unit ${values.unit_code} already has a row for ${values.index} ${values.year} (row ${seen.get(key)})`);
    else seen.set(key, line);

    const tree = edition ? (treeOf.get(edition.id) ?? new Map<string, CriterionNode>()) : null;
    const points: Record<string, number> = {};
    for (const column of criteriaColumns) {
      const raw = values[column];
      if (raw === '') continue;
      const code = tree?.get(column)?.code ?? spelled.get(column) ?? column;
      const value = parsePoints(raw);
      if (value === null) {
        bad(code, `"${raw}" is not a number (use a dot for decimals, at most 4 decimals)`);
        continue;
      }
      const problem = tree ? checkPoints(tree, column, value, code) : null;
      if (problem) bad(code, problem);
      points[code] = value;
    }
    let reportedTotal: number | null = null;
    if (values.reported_total) {
      reportedTotal = parsePoints(values.reported_total);
      if (reportedTotal === null) bad('reported_total', `"${values.reported_total}" is not a number`);
      else if (reportedTotal < 0) bad('reported_total', `reported total ${reportedTotal} is negative`);
      else if (edition && edition.maxTotal > 0 && reportedTotal > edition.maxTotal)
        bad('reported_total', `reported total ${reportedTotal} is above the edition's maximum ${edition.maxTotal}`);
    }
    let reportedRank: number | null = null;
    if (values.reported_rank) {
      reportedRank = /^\d+$/.test(values.reported_rank) && Number(values.reported_rank) > 0 ? Number(values.reported_rank) : null;
      if (reportedRank === null) bad('reported_rank', `reported rank must be a whole number from 1, got "${values.reported_rank}"`);
      else if (edition?.rankedUnits && reportedRank > edition.rankedUnits)
        bad('reported_rank', `reported rank ${reportedRank} is beyond the ${edition.rankedUnits} units the edition ranks`);
    }
    const remove = (values.remove ?? '').toLowerCase();
    if (remove !== '' && remove !== 'yes') bad('remove', `remove must be "yes" or empty, got "${values.remove}"`);
    if (remove === 'yes') {
      if (Object.keys(points).length > 0 || reportedTotal !== null || reportedRank !== null) bad('remove', 'a row with remove=yes must leave every score empty');
    } else if (Object.keys(points).length === 0 && reportedTotal === null) bad('unit_code', 'the row has no scores and no reported total');
    if (edition && unit) sheets.push({ line, edition, unit, points, reportedTotal, reportedRank, remove: remove === 'yes' });
  }
  const named = [...new Map(sheets.map((s) => [s.edition.id, s.edition])).values()];
  checkCriteriaColumns(file, table.headerLine, criteriaColumns, named, (e) => [...(treeOf.get(e.id)?.values() ?? [])], problems);
  checkReportedRanks(
    file,
    sheets.filter((s) => !s.remove),
    problems,
  );
  return problems.list.length > mark ? [] : sheets;
}

/** An edition holding fewer units than it ranks can only serve reported ranks: every row needs one. */
function checkReportedRanks(file: string, sheets: ParsedSheet[], problems: Problems): void {
  const perEdition = new Map<number, ParsedSheet[]>();
  for (const s of sheets) (perEdition.get(s.edition.id) ?? perEdition.set(s.edition.id, []).get(s.edition.id)!).push(s);
  for (const rows of perEdition.values()) {
    const ranked = rows[0].edition.rankedUnits;
    if (!ranked) continue;
    if (rows.length > ranked)
      problems.add(file, `edition ${rows[0].edition.year} ranks ${ranked} units but the file has ${rows.length} rows for it`, rows[ranked].line, 'unit_code');
    if (rows.length < ranked) {
      for (const s of rows)
        if (s.reportedRank === null)
          problems.add(
            file,
            `edition ${s.edition.year} ranks ${ranked} units and the file has ${rows.length}: the rank cannot be computed, give reported_rank`,
            s.line,
            'reported_rank',
          );
    }
  }
}

/**
 * Imports administrative units from content/units.csv, and ranked bodies that are not
 * territories (ministries, departments) from content/subjects.csv, in the same format:
 *   code,name,kind,parent_code,valid_to,successor_code[,valid_from][,source]
 * Validates every row first, then upserts by code; unchanged rows are left untouched.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { readCsv } from '../import-kit/csv';
import type { Problems } from '../import-kit/problems';
import type { ImportStats } from '../import-kit/stats';
import { isValidIsoDate } from '../core/dates';
import { slugify } from '../text/vietnamese';
import { isTerritory, Unit, UnitKind } from './unit.entity';
import { recordChange } from '../outbox/record';

/** Beyond this many changed units the event names the whole table instead of each unit. */
export const UNIT_EVENT_KEYS_MAX = 100;

/** content/subjects.csv: ministries, ministry-level agencies and departments. */
export const SUBJECTS_FILE = 'subjects.csv';

const KIND_PREFIXES = ['Thành phố', 'Thị xã', 'Thị trấn', 'Tỉnh', 'Huyện', 'Quận', 'Phường', 'Xã', 'Bộ', 'Sở'];

export function shortNameOf(name: string): string {
  for (const prefix of KIND_PREFIXES) {
    if (name.startsWith(`${prefix} `)) return name.slice(prefix.length + 1);
  }
  return name;
}

interface UnitRow {
  line: number;
  code: string;
  name: string;
  kind: UnitKind;
  parentCode: string | null;
  validFrom: string | null;
  validTo: string | null;
  successorCode: string | null;
  source: string | null;
}

const KINDS = new Set<string>(Object.values(UnitKind));

export function parseUnitsCsv(file: string, text: string, problems: Problems): UnitRow[] {
  const table = readCsv(file, text, ['code', 'name', 'kind'], problems);
  if (!table) return [];
  const rows: UnitRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, values } of table.records) {
    const bad = (column: string, message: string) => problems.add(file, message, line, column);
    const code = values.code;
    // Territories carry GSO codes; ministries and departments have none, so they get short letter codes.
    const territory = !KINDS.has(values.kind) || isTerritory(values.kind as UnitKind);
    if (territory && !/^\d{1,10}$/.test(code)) bad('code', `code must be digits (a GSO code), got "${code}"`);
    else if (!territory && !/^[A-Z][A-Z0-9-]{0,9}$/.test(code)) bad('code', `a ${values.kind} code is 1–10 capital letters, digits or "-" starting with a letter, got "${code}"`);
    if (seen.has(code)) bad('code', `duplicate code ${code} (first at row ${seen.get(code)})`);
    else seen.set(code, line);
    if (!values.name) bad('name', 'name is empty');
    if (!KINDS.has(values.kind)) bad('kind', `unknown kind "${values.kind}" (expected one of ${[...KINDS].join(', ')})`);
    for (const column of ['valid_from', 'valid_to']) {
      if (values[column] && !isValidIsoDate(values[column])) bad(column, `"${values[column]}" is not a date YYYY-MM-DD`);
    }
    rows.push({
      line,
      code,
      name: values.name,
      kind: values.kind as UnitKind,
      parentCode: values.parent_code || null,
      validFrom: values.valid_from || null,
      validTo: values.valid_to || null,
      successorCode: values.successor_code || null,
      source: values.source || null,
    });
  }
  return rows;
}

export async function importUnits(em: EntityManager, file: string, text: string, problems: Problems, stats: ImportStats): Promise<void> {
  const rows = parseUnitsCsv(file, text, problems);
  const existing = new Map((await em.find(Unit, {})).map((u) => [u.code, u]));
  const codes = new Set([...existing.keys(), ...rows.map((r) => r.code)]);
  for (const row of rows) {
    if (row.parentCode && !codes.has(row.parentCode)) problems.add(file, `unknown parent code ${row.parentCode}`, row.line, 'parent_code');
    if (row.parentCode === row.code) problems.add(file, 'a unit cannot be its own parent', row.line, 'parent_code');
    if (row.successorCode && !codes.has(row.successorCode)) problems.add(file, `unknown successor code ${row.successorCode}`, row.line, 'successor_code');
    if (row.successorCode && !row.validTo) problems.add(file, 'a unit with a successor needs valid_to (when it ended)', row.line, 'valid_to');
  }
  const slugs = slugsFor(rows, existing);
  if (problems.any) return;

  const byCode = new Map(existing);
  const changedCodes: string[] = [];
  for (const row of rows) {
    let unit = byCode.get(row.code);
    if (!unit) {
      unit = em.create(Unit, { code: row.code, name: row.name, shortName: shortNameOf(row.name), slug: slugs.get(row.code)!, kind: row.kind });
      byCode.set(row.code, unit);
      stats.created('units');
    }
  }
  for (const row of rows) {
    const unit = byCode.get(row.code)!;
    const wasNew = !existing.has(row.code);
    const desired = {
      name: row.name,
      shortName: shortNameOf(row.name),
      slug: slugs.get(row.code)!,
      kind: row.kind,
      parent: row.parentCode ? byCode.get(row.parentCode)! : null,
      validFrom: row.validFrom,
      validTo: row.validTo,
      successor: row.successorCode ? byCode.get(row.successorCode)! : null,
      source: row.source ?? unit.source ?? null,
    };
    const changed = (Object.keys(desired) as (keyof typeof desired)[]).filter((k) => (unit[k] ?? null) !== (desired[k] ?? null));
    if (changed.length === 0) {
      if (wasNew)
        changedCodes.push(row.code); // created with exactly these values
      else stats.unchanged('units');
      continue;
    }
    em.assign(unit, desired);
    changedCodes.push(row.code);
    if (!wasNew) stats.updated('units');
  }
  // One event for the whole file, in the import's transaction: nothing when nothing changed.
  if (changedCodes.length > 0) {
    const keys = changedCodes.length <= UNIT_EVENT_KEYS_MAX ? changedCodes.map((code) => `unit:${code}`) : ['table:unit'];
    await recordChange(em, { type: 'unit.changed', keys, payload: { count: changedCodes.length } });
  }
}

/** Slugs from names; a name shared by two units gets its code appended so both stay addressable. */
function slugsFor(rows: UnitRow[], existing: Map<string, Unit>): Map<string, string> {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(slugify(row.name), (counts.get(slugify(row.name)) ?? 0) + 1);
  const result = new Map<string, string>();
  for (const row of rows) {
    const base = slugify(row.name);
    result.set(row.code, counts.get(base)! > 1 ? `${base}-${row.code}` : base);
  }
  for (const [code, unit] of existing) if (!result.has(code)) result.set(code, unit.slug);
  return result;
}

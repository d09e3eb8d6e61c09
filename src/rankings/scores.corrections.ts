/**
 * One source of truth for scores: a value last set through the API (`correctScore`) is newer
 * than any file. A file import that would put another value in its place is refused, listing
 * every such correction, unless the import is forced with a reason; `npm run export` writes
 * the corrected data back into the files so they follow the database.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Unit } from '../units/unit.entity';
import type { Edition } from './edition.entity';
import { ScoreRevision, ScoreSheet } from './score.entity';
import { diffSheet } from './scores.apply';
import type { SheetValues } from './scores.parse';

/** The `via` of revisions made through the `correctScore` mutation. */
export const API_CORRECTION = 'correctScore';

export interface OverwrittenCorrection {
  unit: Unit;
  field: string;
  /** The corrected value now in the database (null: the correction removed it). */
  current: number | null;
  /** What the file would put there. */
  incoming: number | null;
  correction: ScoreRevision;
}

const valuesOf = (s: ScoreSheet): SheetValues => ({ points: s.points, reportedTotal: s.reportedTotal ?? null, reportedRank: s.reportedRank ?? null });

/** Values of `edition` whose latest change was an API correction and that the file would change. */
export async function overwrittenCorrections(
  em: EntityManager,
  edition: Edition,
  incoming: Map<number, { unit: Unit; values: SheetValues }>,
  removals: Unit[],
): Promise<OverwrittenCorrection[]> {
  const revisions = await em.find(ScoreRevision, { edition }, { orderBy: { id: 'asc' } });
  const latest = new Map<string, ScoreRevision>();
  for (const r of revisions) latest.set(`${r.unit.id}|${r.field}`, r);
  const corrected = [...latest.values()].filter((r) => r.via === API_CORRECTION);
  if (corrected.length === 0) return [];
  const units = new Set(corrected.map((r) => r.unit.id));
  const sheets = new Map((await em.find(ScoreSheet, { edition, unit: { $in: [...units] } }, { populate: ['unit'] })).map((s) => [s.unit.id, s]));
  const removed = new Set(removals.map((u) => u.id));
  const found: OverwrittenCorrection[] = [];
  for (const correction of corrected) {
    const unitId = correction.unit.id;
    const next = incoming.get(unitId);
    if (!next && !removed.has(unitId)) continue;
    const sheet = sheets.get(unitId);
    const change = diffSheet(sheet ? valuesOf(sheet) : null, next?.values ?? null).find((c) => c.field === correction.field);
    if (!change) continue;
    found.push({ unit: next?.unit ?? removals.find((u) => u.id === unitId)!, field: correction.field, current: change.oldValue, incoming: change.newValue, correction });
  }
  return found.sort((a, b) => a.unit.code.localeCompare(b.unit.code) || a.field.localeCompare(b.field));
}

export function describeCorrection(edition: Edition, c: OverwrittenCorrection): string {
  const at = c.correction.changedAt.toISOString().slice(0, 10);
  return (
    `unit ${c.unit.code} (${c.unit.name}), ${c.field} in ${edition.year}: the file has ${c.incoming ?? 'nothing'} but a correction through the API ` +
    `set ${c.current ?? 'nothing'} (${c.correction.changedBy}, ${at}, "${c.correction.reason ?? ''}"); ` +
    'put the corrected value in the file (npm run export writes it) or force the import with a reason'
  );
}

/**
 * Recomputes and stores the ranking rows of an index inside the caller's transaction. Rows
 * are diffed against what is stored so an unchanged import writes nothing; an edition whose
 * data or rows changed gets its revision bumped, and every row carries that revision.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ImportStats } from '../import-kit/stats';
import { Unit } from '../units/unit.entity';
import { CriterionNode, Edition } from './edition.entity';
import type { RankingIndex } from './index.entity';
import { type ComputedRow, computeIndex } from './ranking.compute';
import { EditionStatus } from './ranking.enums';
import { type AreaStanding, RankingResult } from './result.entity';
import { ScoreSheet } from './score.entity';

const COMPARED: (keyof ComputedRow)[] = [
  'total',
  'computedTotal',
  'reportedTotal',
  'rank',
  'rankKind',
  'reportedRank',
  'percentOfMax',
  'previousRank',
  'rankChange',
  'scoreChange',
  'gapToLeader',
  'streak',
  'topStreak',
  'areas',
];

const AREA_KEYS: (keyof AreaStanding)[] = ['code', 'title', 'points', 'max', 'rank', 'percentOfMax', 'rankChange', 'scoreChange', 'gapToLeader', 'streak', 'topStreak'];

/** Key order is fixed here because jsonb does not keep the order objects were written in. */
const fingerprint = (row: Pick<ComputedRow, (typeof COMPARED)[number]>): string =>
  JSON.stringify(COMPARED.map((k) => (k === 'areas' ? row.areas.map((a) => AREA_KEYS.map((ak) => a[ak] ?? null)) : (row[k] ?? null))));

/**
 * @param changedEditions editions whose inputs (scores, tree, status) changed: their revision
 *   is bumped even when the computed rows happen to stay the same.
 * @returns ids of the editions whose revision was bumped
 */
export async function recomputeIndex(em: EntityManager, index: RankingIndex, changedEditions: Set<number>, stats?: ImportStats): Promise<Set<number>> {
  const editions = await em.find(Edition, { index }, { orderBy: { year: 'asc' } });
  if (editions.length === 0) return new Set();
  const ids = editions.map((e) => e.id);
  // Sequential: inside a transaction there is one connection, and pg refuses overlapping queries.
  const nodes = await em.find(CriterionNode, { edition: { $in: ids } }, { orderBy: { position: 'asc' } });
  const sheets = await em.find(ScoreSheet, { edition: { $in: ids } });
  const stored = await em.find(RankingResult, { edition: { $in: ids } });
  const computed = computeIndex(
    editions.map((e) => ({
      id: e.id,
      year: e.year,
      published: e.status === EditionStatus.PUBLISHED,
      rankedUnits: e.rankedUnits ?? null,
      maxTotal: e.maxTotal,
      nodes: nodes.filter((n) => n.edition.id === e.id),
      sheets: sheets
        .filter((s) => s.edition.id === e.id)
        .map((s) => ({ unitId: s.unit.id, points: s.points, reportedTotal: s.reportedTotal ?? null, reportedRank: s.reportedRank ?? null })),
    })),
    index.topN,
  );

  const bumped = new Set<number>();
  for (const edition of editions) {
    const rows = computed.get(edition.id) ?? [];
    const existing = new Map(stored.filter((r) => r.edition.id === edition.id).map((r) => [r.unit.id, r]));
    const rowsChanged =
      rows.length !== existing.size || rows.some((r) => !existing.has(r.unitId) || fingerprint(existing.get(r.unitId)! as unknown as ComputedRow) !== fingerprint(r));
    if (changedEditions.has(edition.id) || rowsChanged) {
      edition.revision += 1;
      bumped.add(edition.id);
    }
    const seen = new Set<number>();
    for (const row of rows) {
      seen.add(row.unitId);
      const current = existing.get(row.unitId);
      const { unitId, ...values } = row;
      if (!current) {
        em.create(RankingResult, { ...values, edition, unit: em.getReference(Unit, unitId), revision: edition.revision });
        stats?.created('ranking rows');
      } else if (current.revision !== edition.revision || fingerprint(current as unknown as ComputedRow) !== fingerprint(row)) {
        em.assign(current, { ...values, revision: edition.revision });
        stats?.updated('ranking rows');
      } else {
        stats?.unchanged('ranking rows');
      }
    }
    for (const [unitId, row] of existing) {
      if (!seen.has(unitId)) {
        em.remove(row);
        stats?.updated('ranking rows');
      }
    }
  }
  await em.flush();
  return bumped;
}

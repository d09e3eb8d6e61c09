/**
 * The hot read of a ranking table: one SQL statement over the precomputed rows joined with
 * their units, returning plain rows. It bypasses entity hydration (the bulk of the time for
 * 700 rows) and reads the jsonb area standings only when the query asks for them.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Unit, type UnitKind } from '../units/unit.entity';
import type { ComputedRow } from './ranking.compute';
import type { AreaStanding } from './result.entity';

/** A stored ranking row as read for a table: the computed values, their revision and the unit. */
export type StoredRow = Omit<ComputedRow, 'unitId'> & { revision: number; unit: Unit };

/** What a table row is built from: a plain stored row or a RankingResult entity. */
export type RowSource = Partial<Omit<StoredRow, 'unit'>> & Pick<StoredRow, 'total' | 'rank' | 'rankKind' | 'streak' | 'topStreak' | 'revision' | 'areas'>;

export interface RowFilter {
  editionId: number;
  /** Keep ranks ≤ first, plus the highlighted unit codes; null = every row. */
  first: number | null;
  highlight: string[];
  withAreas: boolean;
}

const COLUMNS = [
  'r.total',
  'r.computed_total as computedTotal',
  'r.reported_total as reportedTotal',
  'r.rank',
  'r.rank_kind as rankKind',
  'r.reported_rank as reportedRank',
  'r.percent_of_max as percentOfMax',
  'r.previous_rank as previousRank',
  'r.rank_change as rankChange',
  'r.score_change as scoreChange',
  'r.gap_to_leader as gapToLeader',
  'r.streak',
  'r.top_streak as topStreak',
  'r.revision',
  'u.id as unitId',
  'u.code',
  'u.name',
  'u.short_name as shortName',
  'u.slug',
  'u.kind',
  'u.parent_id as parentId',
  'u.successor_id as successorId',
  'u.source',
];

export async function readTableRows(em: EntityManager, filter: RowFilter): Promise<StoredRow[]> {
  const knex = em.getKnex();
  const query = knex('ranking_result as r')
    .join('unit as u', 'u.id', 'r.unit_id')
    .where('r.edition_id', filter.editionId)
    .select([...COLUMNS, knex.raw('u.valid_from::text as "validFrom"'), knex.raw('u.valid_to::text as "validTo"')])
    .orderBy('r.rank');
  if (filter.withAreas) query.select('r.areas');
  const { first, highlight } = filter;
  if (first !== null) {
    // A block body: knex builders are thenables, and the callback's return value is not used.
    query.andWhere((q) => {
      q.where('r.rank', '<=', first);
      if (highlight.length) q.orWhereIn('u.code', highlight);
    });
  }
  const raw = (await em.getConnection().execute(query)) as Record<string, unknown>[];
  return raw.map((r) => {
    // A detached Unit: its field resolvers only need the ids of parent and successor.
    const unit = Object.assign(new Unit(), {
      id: r.unitId,
      code: r.code,
      name: r.name,
      shortName: r.shortName,
      slug: r.slug,
      kind: r.kind as UnitKind,
      parent: r.parentId ? ({ id: r.parentId } as Unit) : null,
      successor: r.successorId ? ({ id: r.successorId } as Unit) : null,
      validFrom: r.validFrom ?? null,
      validTo: r.validTo ?? null,
      source: r.source ?? null,
    });
    return { ...(r as unknown as StoredRow), areas: (r.areas as AreaStanding[] | undefined) ?? [], unit };
  });
}

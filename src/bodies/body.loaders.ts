/**
 * Batched data for article bodies: every widget and fact of every article in a request shares
 * one statement for editions and one for ranking results, however many there are. Plain rows
 * holding only what bodies show (no entity hydration: this is the public read path).
 */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { EditionStatus } from '../rankings/ranking.enums';
import type { AreaStanding } from '../rankings/result.entity';
import { fromJson } from '../db-kit/row-values';
import type { FactValue, RankingWidgetValue } from './resolved';

/** A published edition as bodies read it. */
export interface BodyEdition {
  id: number;
  year: number;
  title: string;
  maxTotal: number;
  illustrative: boolean;
  sourceDocument: string | null;
  revision: number;
  index: { slug: string; name: string };
}

/** A unit's ranking result as bodies read it. */
export interface BodyResult {
  total: number;
  rank: number;
  rankKind: string;
  rankChange: number | null;
  scoreChange: number | null;
  streak: number;
  areas: AreaStanding[];
  unit: { code: string; name: string };
}

/** What the widgets and facts said when the article went live. */
export interface BodySnapshotValues {
  widgets: RankingWidgetValue[];
  facts: FactValue[];
}

/** A ranking_result row (snake_case columns, or the camelCase JSON of BODY_DATA) as bodies read it. */
function bodyResult(r: Record<string, unknown>): BodyResult {
  return {
    total: Number(r.total),
    rank: Number(r.rank),
    rankKind: (r.rank_kind ?? r.rankKind) as string,
    rankChange: (r.rank_change ?? r.rankChange) == null ? null : Number(r.rank_change ?? r.rankChange),
    scoreChange: (r.score_change ?? r.scoreChange) == null ? null : Number(r.score_change ?? r.scoreChange),
    streak: Number(r.streak),
    areas: fromJson<AreaStanding[]>(r.areas) ?? [],
    unit: { code: (r.unit_code ?? r.unitCode) as string, name: (r.unit_name ?? r.unitName) as string },
  };
}

function bodyEdition(r: Record<string, unknown>): BodyEdition {
  return {
    id: Number(r.id),
    year: Number(r.year),
    title: r.title as string,
    maxTotal: Number(r.max_total),
    illustrative: !!r.illustrative,
    sourceDocument: (r.source_document as string | null) ?? null,
    revision: Number(r.revision),
    index: { slug: r.index_slug as string, name: r.index_name as string },
  };
}

/**
 * Published editions of the indexes asked for, each with its results as JSON when some directive
 * needs them: `want` is a year, "latest" or "*" (a trend widget reads every edition). One statement
 * for what resolveDirectives would otherwise fetch in two (editions, then results).
 */
const BODY_DATA = `with wanted as (select x->>0 as index_slug, x->>1 as want from jsonb_array_elements(cast(? as jsonb)) x)
select e.id, e.year, e.title, e.max_total, e.illustrative, e.source_document, e.revision, i.slug as index_slug, i.name as index_name,
       case when exists (select 1 from wanted w where w.index_slug = i.slug and (w.want = '*' or w.want = e.year::text
                           or (w.want = 'latest' and e.year = (select max(m.year) from ranking_edition m where m.index_id = e.index_id and m.status = 'PUBLISHED'))))
            then (select coalesce(json_agg(json_build_object('total', r.total, 'rank', r.rank, 'rankKind', r.rank_kind, 'rankChange', r.rank_change,
                    'scoreChange', r.score_change, 'streak', r.streak, 'areas', r.areas, 'unitCode', u.code, 'unitName', u.name) order by r.rank asc, r.id asc), '[]'::json)
                    from ranking_result r join unit u on u.id = r.unit_id where r.edition_id = e.id)
       end as results
  from ranking_edition e join ranking_index i on i.id = e.index_id
 where i.slug in (select index_slug from wanted) and e.status = 'PUBLISHED' order by e.year asc, e.id asc`;

/** What a directive needs of its index: one edition (year or latest) or all of them. */
export const bodyDataKey = (index: string, want: number | 'latest' | '*'): string => JSON.stringify([index, String(want)]);

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

export function createBodyLoaders(em: EntityManager) {
  const loaders = {
    /** Published editions of an index (by slug), oldest first. Bodies show official data only. */
    publishedEditionsByIndex: new DataLoader<string, BodyEdition[]>(async (slugs) => {
      const rows: Record<string, unknown>[] = await em.execute(
        `select e.id, e.year, e.title, e.max_total, e.illustrative, e.source_document, e.revision, i.slug as index_slug, i.name as index_name
           from ranking_edition e join ranking_index i on i.id = e.index_id
          where i.slug in (${placeholders(slugs.length)}) and e.status = ? order by e.year asc, e.id asc`,
        [...slugs, EditionStatus.PUBLISHED],
      );
      const editions = rows.map(bodyEdition);
      return slugs.map((slug) => editions.filter((e) => e.index.slug === slug));
    }),
    resultsByEdition: new DataLoader<number, BodyResult[]>(async (ids) => {
      const rows: Record<string, unknown>[] = await em.execute(
        `select r.edition_id, r.total, r.rank, r.rank_kind, r.rank_change, r.score_change, r.streak, r.areas, u.code as unit_code, u.name as unit_name
           from ranking_result r join unit u on u.id = r.unit_id
          where r.edition_id in (${placeholders(ids.length)}) order by r.rank asc, r.id asc`,
        [...ids],
      );
      const byEdition = new Map<number, BodyResult[]>(ids.map((id) => [id, []]));
      for (const r of rows) {
        byEdition.get(Number(r.edition_id))?.push(bodyResult(r));
      }
      return ids.map((id) => byEdition.get(id)!);
    }),
    /** The as-published snapshot of an article's live body (key: "articleId:bodyHash"). */
    snapshotOf: new DataLoader<string, BodySnapshotValues | null>(async (keys) => {
      const pairs = keys.map((k) => k.split(':'));
      const rows: Record<string, unknown>[] = await em.execute(
        `select article_id, body_hash, widgets, facts from body_snapshot where (article_id, body_hash) in (${pairs.map(() => '(?, ?)').join(', ')})`,
        pairs.flatMap(([id, hash]) => [Number(id), hash]),
      );
      return pairs.map(([id, hash]) => {
        const row = rows.find((r) => Number(r.article_id) === Number(id) && r.body_hash === hash);
        return row ? { widgets: fromJson<RankingWidgetValue[]>(row.widgets) ?? [], facts: fromJson<FactValue[]>(row.facts) ?? [] } : null;
      });
    }),
  };
  return {
    ...loaders,
    /**
     * Fills publishedEditionsByIndex and resultsByEdition for what the keys (bodyDataKey) ask, in one
     * statement for every body of the request; the two loaders then answer without a statement.
     */
    bodyData: new DataLoader<string, true>(async (keys) => {
      const rows: Record<string, unknown>[] = await em.execute(BODY_DATA, [`[${keys.join(',')}]`]);
      const editions = rows.map((r) => ({ edition: bodyEdition(r), results: r.results == null ? null : fromJson<Record<string, unknown>[]>(r.results).map(bodyResult) }));
      for (const slug of new Set(keys.map((k) => (JSON.parse(k) as [string, string])[0]))) {
        loaders.publishedEditionsByIndex.prime(
          slug,
          editions.filter((e) => e.edition.index.slug === slug).map((e) => e.edition),
        );
      }
      for (const e of editions) if (e.results) loaders.resultsByEdition.prime(e.edition.id, e.results);
      return keys.map(() => true as const);
    }),
  };
}

export type BodyLoaders = ReturnType<typeof createBodyLoaders>;

/** Loads what resolving these directives reads (see bodyData), so resolveDirectives runs no statement of its own. */
export async function preloadBodyData(
  directives: { kind: string; index?: string; edition?: number | 'latest'; display?: string }[],
  loaders: Pick<BodyLoaders, 'bodyData'>,
): Promise<void> {
  const keys = new Set<string>();
  for (const d of directives) {
    if (d.kind === 'related' || !d.index || d.edition === undefined) continue;
    keys.add(bodyDataKey(d.index, d.edition));
    if (d.kind === 'ranking' && d.display === 'trend') keys.add(bodyDataKey(d.index, '*'));
  }
  if (keys.size) await Promise.all([...keys].map((k) => loaders.bodyData.load(k)));
}

/** This feature's share of the request context's loaders (created in src/app/loaders.ts). */
declare module '../graphql/context' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Loaders extends ReturnType<typeof createBodyLoaders> {}
}

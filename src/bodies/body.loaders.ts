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

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

export function createBodyLoaders(em: EntityManager) {
  return {
    /** Published editions of an index (by slug), oldest first. Bodies show official data only. */
    publishedEditionsByIndex: new DataLoader<string, BodyEdition[]>(async (slugs) => {
      const rows: Record<string, unknown>[] = await em.execute(
        `select e.id, e.year, e.title, e.max_total, e.illustrative, e.source_document, e.revision, i.slug as index_slug, i.name as index_name
           from ranking_edition e join ranking_index i on i.id = e.index_id
          where i.slug in (${placeholders(slugs.length)}) and e.status = ? order by e.year asc, e.id asc`,
        [...slugs, EditionStatus.PUBLISHED],
      );
      const editions: BodyEdition[] = rows.map((r) => ({
        id: Number(r.id),
        year: Number(r.year),
        title: r.title as string,
        maxTotal: Number(r.max_total),
        illustrative: !!r.illustrative,
        sourceDocument: (r.source_document as string | null) ?? null,
        revision: Number(r.revision),
        index: { slug: r.index_slug as string, name: r.index_name as string },
      }));
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
        byEdition.get(Number(r.edition_id))?.push({
          total: Number(r.total),
          rank: Number(r.rank),
          rankKind: r.rank_kind as string,
          rankChange: r.rank_change == null ? null : Number(r.rank_change),
          scoreChange: r.score_change == null ? null : Number(r.score_change),
          streak: Number(r.streak),
          areas: fromJson<AreaStanding[]>(r.areas) ?? [],
          unit: { code: r.unit_code as string, name: r.unit_name as string },
        });
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
}

export type BodyLoaders = ReturnType<typeof createBodyLoaders>;

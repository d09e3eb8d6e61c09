/**
 * Batched data for article bodies: every widget and fact of every article in a request shares
 * one statement for editions and one for ranking results, however many there are.
 */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Edition } from '../rankings/edition.entity';
import { EditionStatus } from '../rankings/ranking.enums';
import { RankingResult } from '../rankings/result.entity';
import { BodySnapshot } from './snapshot.entity';

export function createBodyLoaders(em: EntityManager) {
  return {
    /** Published editions of an index (by slug), oldest first. Bodies show official data only. */
    publishedEditionsByIndex: new DataLoader<string, Edition[]>(async (slugs) => {
      const editions = await em.find(Edition, { index: { slug: { $in: [...slugs] } }, status: EditionStatus.PUBLISHED }, { populate: ['index'], orderBy: { year: 'asc' } });
      return slugs.map((slug) => editions.filter((e) => e.index.slug === slug));
    }),
    resultsByEdition: new DataLoader<number, RankingResult[]>(async (ids) => {
      const rows = await em.find(RankingResult, { edition: { $in: [...ids] } }, { populate: ['unit'], orderBy: { rank: 'asc' } });
      return ids.map((id) => rows.filter((r) => r.edition.id === id));
    }),
    /** The as-published snapshot of an article's live body (key: "articleId:bodyHash"). */
    snapshotOf: new DataLoader<string, BodySnapshot | null>(async (keys) => {
      const pairs = keys.map((k) => k.split(':'));
      const rows = await em.find(BodySnapshot, { $or: pairs.map(([id, hash]) => ({ article: Number(id), bodyHash: hash })) });
      return pairs.map(([id, hash]) => rows.find((r) => r.article.id === Number(id) && r.bodyHash === hash) ?? null);
    }),
  };
}

export type BodyLoaders = ReturnType<typeof createBodyLoaders>;

import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isStaff, type Viewer } from '../core/viewer';
import { CriterionNode, Edition } from './edition.entity';
import { RankingIndex } from './index.entity';
import { EditionStatus } from './ranking.enums';

/** Batched lookups for field resolvers: one statement however many editions or indices ask. */
export function createRankingLoaders(em: EntityManager, viewer: Viewer) {
  const statuses = isStaff(viewer) ? [EditionStatus.DRAFT, EditionStatus.PUBLISHED] : [EditionStatus.PUBLISHED];
  return {
    indexById: new DataLoader<number, RankingIndex>(async (ids) => {
      const indices = await em.find(RankingIndex, { id: { $in: [...ids] } });
      return ids.map((id) => indices.find((i) => i.id === id) ?? new Error(`index ${id} not found`));
    }),
    criteriaByEdition: new DataLoader<number, CriterionNode[]>(async (ids) => {
      const nodes = await em.find(CriterionNode, { edition: { $in: [...ids] } }, { orderBy: { position: 'asc' } });
      return ids.map((id) => nodes.filter((n) => n.edition.id === id));
    }),
    /** Editions an index shows this viewer (drafts for staff only), oldest first. */
    editionsByIndex: new DataLoader<number, Edition[]>(async (ids) => {
      const editions = await em.find(Edition, { index: { $in: [...ids] }, status: { $in: statuses } }, { orderBy: { year: 'asc' } });
      return ids.map((id) => editions.filter((e) => e.index.id === id));
    }),
  };
}

/** This feature's share of the request context's loaders (created in src/app/loaders.ts). */
declare module '../graphql/context' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Loaders extends ReturnType<typeof createRankingLoaders> {}
}

import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Edition } from '../rankings/edition.entity';
import { EditionStatus } from '../rankings/ranking.enums';

/** Batched lookups of outreach field resolvers: one statement however many items ask. */
export function createOutreachLoaders(em: EntityManager) {
  return {
    /** Whether edition <year> of index <id> is published; keys "indexId:year". */
    editionPublished: new DataLoader<string, boolean>(async (keys) => {
      const pairs = keys.map((k) => k.split(':').map(Number));
      const editions = await em.find(Edition, { $or: pairs.map(([index, year]) => ({ index, year })), status: EditionStatus.PUBLISHED });
      const published = new Set(editions.map((e) => `${e.index.id}:${e.year}`));
      return keys.map((k) => published.has(k));
    }),
  };
}

/** This feature's share of the request context's loaders (created in src/app/loaders.ts). */
declare module '../graphql/context' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Loaders extends ReturnType<typeof createOutreachLoaders> {}
}

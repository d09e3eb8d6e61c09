import type { EntityManager } from '@mikro-orm/postgresql';
import { loaderByField } from '../db-kit/loader-by-field';
import { MediaImage } from './image.entity';

/** Batches image lookups by id (article covers and inline pictures): one statement per batch. */
export function createMediaLoaders(em: EntityManager) {
  return {
    imageById: loaderByField<MediaImage, string>(em, MediaImage, 'id'),
  };
}

export type MediaLoaders = ReturnType<typeof createMediaLoaders>;

/** This feature's share of the request context's loaders (created in src/app/loaders.ts). */
declare module '../graphql/context' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Loaders extends ReturnType<typeof createMediaLoaders> {}
}

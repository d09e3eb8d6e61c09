import type { EntityManager } from '@mikro-orm/postgresql';
import { loaderByField } from '../db-kit/loader-by-field';
import { MediaImage } from './image.entity';

/** Batches image lookups by id (article covers and inline pictures): one statement per batch. */
export function createMediaLoaders(em: EntityManager) {
  return {
    imageById: loaderByField<MediaImage, string>(em, MediaImage, 'id'),
  };
}

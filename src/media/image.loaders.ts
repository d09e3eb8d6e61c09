import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MediaImage } from './image.entity';

/** Batches image lookups by id (article covers and inline pictures): one statement per batch. */
export function createMediaLoaders(em: EntityManager) {
  return {
    imageById: new DataLoader<string, MediaImage | null>(async (ids) => {
      const rows = await em.find(MediaImage, { id: { $in: [...ids] } });
      const byId = new Map(rows.map((image) => [image.id, image]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}

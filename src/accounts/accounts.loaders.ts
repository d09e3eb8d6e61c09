import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Organisation } from './organisation.entity';

export function createAccountLoaders(em: EntityManager) {
  return {
    organisationById: new DataLoader<number, Organisation | null>(async (ids) => {
      const rows = await em.find(Organisation, { id: { $in: [...ids] } });
      const byId = new Map(rows.map((o) => [o.id, o]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}

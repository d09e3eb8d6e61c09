import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { loaderByField } from '../db-kit/loader-by-field';
import { Organisation } from './organisation.entity';
import { User } from './user.entity';

export function createAccountLoaders(em: EntityManager) {
  return {
    organisationById: loaderByField<Organisation, number>(em, Organisation, 'id'),
    /** Emails by account id; only account-visibility.ts asks, and only for viewers allowed to see them. */
    userEmailById: new DataLoader<number, string | null>(async (ids) => {
      const rows = await em.find(User, { id: { $in: [...ids] } }, { fields: ['id', 'email'] });
      const byId = new Map(rows.map((u) => [u.id, u.email]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}

export type AccountLoaders = ReturnType<typeof createAccountLoaders>;

/** This feature's share of the request context's loaders (created in src/app/loaders.ts). */
declare module '../graphql/context' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Loaders extends ReturnType<typeof createAccountLoaders> {}
}

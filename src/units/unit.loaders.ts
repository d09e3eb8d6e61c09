import type { EntityManager } from '@mikro-orm/postgresql';
import { loaderByField } from '../db-kit/loader-by-field';
import { Unit } from './unit.entity';

/** Batches unit lookups by id or code: one statement however many rows ask for their parent (or facts for their unit). */
export function createUnitLoaders(em: EntityManager) {
  return {
    unitById: loaderByField<Unit, number>(em, Unit, 'id'),
    unitByCode: loaderByField<Unit, string>(em, Unit, 'code'),
  };
}

/** This feature's share of the request context's loaders (created in src/app/loaders.ts). */
declare module '../graphql/context' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Loaders extends ReturnType<typeof createUnitLoaders> {}
}

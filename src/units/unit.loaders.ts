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

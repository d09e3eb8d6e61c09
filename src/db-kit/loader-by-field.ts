import DataLoader from 'dataloader';
import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Batches lookups of one entity by a unique field (id, code): one statement per batch however
 * many rows ask, answers in the order asked, null for a key with no row.
 */
export function loaderByField<T extends object, K extends string | number>(em: EntityManager, entity: EntityClass<T>, field: keyof T & string): DataLoader<K, T | null> {
  return new DataLoader<K, T | null>(async (keys) => {
    const rows = await em.find(entity, { [field]: { $in: [...keys] } } as FilterQuery<T>);
    const byKey = new Map(rows.map((row) => [row[field] as unknown as K, row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Unit } from './unit.entity';

/** Batches unit lookups by id or code: one statement however many rows ask for their parent (or facts for their unit). */
export function createUnitLoaders(em: EntityManager) {
  return {
    unitById: new DataLoader<number, Unit | null>(async (ids) => {
      const rows = await em.find(Unit, { id: { $in: [...ids] } });
      const byId = new Map(rows.map((u) => [u.id, u]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    unitByCode: new DataLoader<string, Unit | null>(async (codes) => {
      const rows = await em.find(Unit, { code: { $in: [...codes] } });
      const byCode = new Map(rows.map((u) => [u.code, u]));
      return codes.map((code) => byCode.get(code) ?? null);
    }),
  };
}

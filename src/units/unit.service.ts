import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError } from '../core/errors';
import { sortByVietnamese } from '../text/vietnamese';
import { Unit } from './unit.entity';

export interface UnitFilter {
  parentCode?: string | null;
  validOn?: string | null;
}

export class UnitService {
  constructor(private readonly em: EntityManager) {}

  async byCode(code: string): Promise<Unit> {
    const unit = await this.em.findOne(Unit, { code: code.trim() });
    if (!unit) throw new NotFoundError('Unit', code);
    return unit;
  }

  /** Units under a parent and/or valid on a date, in Vietnamese alphabetical order of their short names. */
  async list(filter: UnitFilter = {}): Promise<Unit[]> {
    const where: Record<string, unknown> = {};
    if (filter.parentCode) {
      const parent = await this.byCode(filter.parentCode);
      where.parent = parent.id;
    }
    if (filter.validOn) {
      where.$and = [{ $or: [{ validFrom: null }, { validFrom: { $lte: filter.validOn } }] }, { $or: [{ validTo: null }, { validTo: { $gte: filter.validOn } }] }];
    }
    const units = await this.em.find(Unit, where);
    return sortByVietnamese(units, (u) => `${u.shortName} ${u.name}`);
  }
}

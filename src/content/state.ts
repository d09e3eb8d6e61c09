import type { MikroORM } from '@mikro-orm/postgresql';
import { Unit } from '../units/unit.entity';

/** A database with no units has never had content imported. */
export async function isContentEmpty(orm: MikroORM): Promise<boolean> {
  return (await orm.em.fork().count(Unit, {})) === 0;
}

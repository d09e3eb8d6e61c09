import type { EntityManager } from '@mikro-orm/postgresql';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../config';
import { createLoaders, Loaders } from './loaders';
import type { Viewer } from './viewer';

export interface RequestContext {
  em: EntityManager;
  viewer: Viewer;
  loaders: Loaders;
  config: Config;
  /** Injectable clock: visibility rules ask this, never Date.now() directly. */
  now: () => Date;
}

export function createRequestContext(orm: MikroORM, config: Config, viewer: Viewer, now: () => Date = () => new Date()): RequestContext {
  const em = orm.em.fork() as EntityManager;
  return { em, viewer, loaders: createLoaders(em, viewer), config, now };
}

/** Request-scoped DataLoaders of every feature, created fresh per request (never shared across viewers). */
import type { EntityManager } from '@mikro-orm/postgresql';
import { createUnitLoaders } from '../units/unit.loaders';
import type { Viewer } from './viewer';

export function createLoaders(em: EntityManager, _viewer: Viewer) {
  return {
    ...createUnitLoaders(em),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

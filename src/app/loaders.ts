/** Request-scoped DataLoaders of every feature, created fresh per request (never shared across viewers). */
import type { EntityManager } from '@mikro-orm/postgresql';
import { createNewsroomLoaders } from '../newsroom/newsroom.loaders';
import { createUnitLoaders } from '../units/unit.loaders';
import { createMediaLoaders } from '../media/image.loaders';
import { createRankingLoaders } from '../rankings/ranking.loaders';
import { createAccountLoaders } from '../accounts/accounts.loaders';
import { createOutreachLoaders } from '../outreach/outreach.loaders';
import { createBodyLoaders } from '../bodies/body.loaders';
import type { Loaders } from '../graphql/context';
import type { Viewer } from '../graphql/viewer';

/** Each feature declares its share of `Loaders` (graphql/context.ts); this is where they are all made. */
export function createLoaders(em: EntityManager, viewer: Viewer): Loaders {
  return {
    ...createUnitLoaders(em),
    ...createRankingLoaders(em, viewer),
    ...createNewsroomLoaders(em),
    ...createAccountLoaders(em),
    ...createMediaLoaders(em),
    ...createOutreachLoaders(em),
    ...createBodyLoaders(em),
  };
}

/**
 * Request-scoped DataLoaders of every feature, created per request (never shared across viewers) and
 * built lazily, a feature at a time, on first use: public reads mostly use none, and building some
 * thirty DataLoaders per request was measurable CPU and garbage (bench/RESULTS.md, branch perf3).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { createNewsroomLoaders } from '../newsroom/newsroom.loaders';
import { createUnitLoaders } from '../units/unit.loaders';
import { createMediaLoaders } from '../media/image.loaders';
import { createRankingLoaders } from '../rankings/ranking.loaders';
import { createAccountLoaders } from '../accounts/accounts.loaders';
import { createOutreachLoaders } from '../outreach/outreach.loaders';
import { createBodyLoaders } from '../bodies/body.loaders';
import type { Loaders } from '../graphql/context';
import { ANONYMOUS, type Viewer } from '../graphql/viewer';

const FEATURES = [
  (em: EntityManager) => createUnitLoaders(em),
  (em: EntityManager, viewer: Viewer) => createRankingLoaders(em, viewer),
  (em: EntityManager) => createNewsroomLoaders(em),
  (em: EntityManager) => createAccountLoaders(em),
  (em: EntityManager) => createMediaLoaders(em),
  (em: EntityManager) => createOutreachLoaders(em),
  (em: EntityManager) => createBodyLoaders(em),
] as const;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** Each feature declares its share of `Loaders` (graphql/context.ts); tsc refuses this list if one is missing. */
type Assembled = UnionToIntersection<ReturnType<(typeof FEATURES)[number]>>;
const complete: (made: Assembled) => Loaders = (made) => made;

interface Holder {
  em: EntityManager;
  viewer: Viewer;
  made: (Record<string, unknown> | undefined)[];
}

let prototype: object | null = null;

/** One getter per loader name, shared by every request's object: the first read builds that feature's loaders. */
function loadersPrototype(): object {
  const proto = {};
  FEATURES.forEach((make, i) => {
    // A factory only builds DataLoaders (nothing touches the EntityManager before a load), so its names can be read once.
    for (const name of Object.keys(make(null as unknown as EntityManager, ANONYMOUS))) {
      Object.defineProperty(proto, name, {
        enumerable: true,
        get(this: Holder) {
          return (this.made[i] ??= make(this.em, this.viewer) as Record<string, unknown>)[name];
        },
      });
    }
  });
  return proto;
}

export function createLoaders(em: EntityManager, viewer: Viewer): Loaders {
  prototype ??= loadersPrototype();
  const holder: Holder = Object.create(prototype) as Holder;
  holder.em = em;
  holder.viewer = viewer;
  holder.made = [];
  return complete(holder as unknown as Assembled);
}

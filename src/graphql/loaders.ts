/**
 * Request-scoped DataLoaders of every feature, created fresh per request (never shared across viewers).
 *
 * Created lazily, a feature's loaders on the first use of one of them: most public reads use none
 * (the front page's topics come with its one statement), and building some thirty DataLoaders for
 * every request was a measurable share of a front-page request's CPU and garbage (issue 11).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { createNewsroomLoaders } from '../newsroom/newsroom.loaders';
import { createUnitLoaders } from '../units/unit.loaders';
import { createMediaLoaders } from '../media/image.loaders';
import { createRankingLoaders } from '../rankings/ranking.loaders';
import { createAccountLoaders } from '../accounts/accounts.loaders';
import { createOutreachLoaders } from '../outreach/outreach.loaders';
import { createBodyLoaders } from '../bodies/body.loaders';
import { ANONYMOUS, type Viewer } from './viewer';

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
export type Loaders = UnionToIntersection<ReturnType<(typeof FEATURES)[number]>>;

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
  return holder as unknown as Loaders;
}

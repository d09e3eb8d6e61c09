import type { EntityManager } from '@mikro-orm/postgresql';
import type { Request } from 'express';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Viewer } from './viewer';

/**
 * The request-scoped DataLoaders. Each feature adds its own in its `*.loaders.ts`
 * (`declare module '../graphql/context' { interface Loaders … }`) and src/app/loaders.ts creates
 * them all: this infrastructure names no feature, and tsc refuses an assembly that misses one.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Loaders {}

/**
 * What every resolver receives. Features that hand a value of their own through the context
 * (the newsroom's hooks, the live feed of websocket operations) add that member the same way as
 * the loaders, next to the type they add (src/newsroom/hooks.ts, src/live/live-feed.ts).
 */
export interface RequestContext {
  em: EntityManager;
  viewer: Viewer;
  loaders: Loaders;
  config: Config;
  /** Injectable clock: visibility rules ask this, never Date.now() directly. */
  now: () => Date;
  /** Client address (for login throttling and the audit log). */
  address: string;
  /** The bearer token of this request, so logout can end exactly this session. */
  token: string | null;
  /** Where admin alerts go (a warn line); absent in contexts built outside an HTTP request. */
  log?: Pick<Logger, 'warn'>;
  /** Set by a successful login in this request, so its payload may show the account's own email. */
  signedInUserId?: number;
}

/**
 * How code outside Apollo (pages, media uploads, websocket operations) gets a request context:
 * built where the app is assembled (src/app/context.ts) and handed over by server.ts.
 */
export interface RequestContexts {
  /** A context for `viewer` without an HTTP request (pages render as anonymous readers; sockets name their own). */
  create(viewer: Viewer, request?: { address?: string; token?: string | null; em?: EntityManager }): RequestContext;
  /** The context of one HTTP request from its bearer token; a bad token is a 401, never silent anonymity. */
  forRequest(req: Request, log?: Pick<Logger, 'warn'>): Promise<RequestContext>;
}

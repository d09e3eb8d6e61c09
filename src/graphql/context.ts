import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Request } from 'express';
import { GraphQLError } from 'graphql';
import type { Config } from '../config';
import type { NewsroomHooks } from '../newsroom/hooks';
import type { Logger } from '../logger';
import { AuthService } from '../accounts/auth.service';
import { DomainError } from './errors';
import { createLoaders, type Loaders } from './loaders';
import { ANONYMOUS, bearerToken, type Viewer } from './viewer';
import type { LiveFeed } from '../live/live-feed';
import type { SharedResults } from '../live/shared-results';

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
  /** Set on websocket operations: the change feed subscriptions read from (src/live). */
  live?: { feed: LiveFeed; shared: SharedResults };
  /** Body validation and went-live work, handed over where the app is assembled (src/newsroom/hooks.ts). */
  newsroom: NewsroomHooks;
}

export function createRequestContext(
  orm: MikroORM,
  config: Config,
  viewer: Viewer,
  now: () => Date = () => new Date(),
  request: { newsroom: NewsroomHooks; address?: string; token?: string | null; em?: EntityManager },
): RequestContext {
  const em = request.em ?? (orm.em.fork() as EntityManager);
  return { em, viewer, loaders: createLoaders(em, viewer), config, now, address: request.address ?? 'unknown', token: request.token ?? null, newsroom: request.newsroom };
}

/** Builds the context of one HTTP request; a bad bearer token is a 401, never silent anonymity. */
export async function contextForRequest(
  orm: MikroORM,
  config: Config,
  newsroom: NewsroomHooks,
  req: Request,
  now: () => Date = () => new Date(),
  log?: Pick<Logger, 'warn'>,
): Promise<RequestContext> {
  const em = orm.em.fork() as EntityManager;
  const token = bearerToken(req);
  let viewer: Viewer = ANONYMOUS;
  if (token) {
    try {
      viewer = await new AuthService(em, now).viewerForToken(token);
    } catch (e) {
      if (e instanceof DomainError) {
        throw new GraphQLError(e.message, { extensions: { code: e.code, http: { status: 401 } } });
      }
      throw e;
    }
  }
  return { ...createRequestContext(orm, config, viewer, now, { address: req.ip ?? req.socket.remoteAddress ?? 'unknown', token, em, newsroom }), log };
}

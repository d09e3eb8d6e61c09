/**
 * Builds request contexts: the one place that knows every feature's DataLoaders (./loaders)
 * and turns a bearer token into a viewer. server.ts hands the resulting `RequestContexts` to the
 * routes that run resolver code outside Apollo (pages, media uploads, websockets), so no feature
 * imports this assembly.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Request } from 'express';
import { GraphQLError } from 'graphql';
import { AuthService } from '../accounts/auth.service';
import type { Config } from '../config';
import type { RequestContext, RequestContexts } from '../graphql/context';
import { DomainError } from '../graphql/errors';
import { ANONYMOUS, bearerToken, type Viewer } from '../graphql/viewer';
import type { Logger } from '../logger';
import type { NewsroomHooks } from '../newsroom/hooks';
import { createLoaders } from './loaders';

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

/** The context builders of one running app, bound to its database, config, hooks and clock. */
export function requestContexts(orm: MikroORM, config: Config, newsroom: NewsroomHooks, now: () => Date = () => new Date()): RequestContexts {
  return {
    create: (viewer, request = {}) => createRequestContext(orm, config, viewer, now, { ...request, newsroom }),
    forRequest: (req, log) => contextForRequest(orm, config, newsroom, req, now, log),
  };
}

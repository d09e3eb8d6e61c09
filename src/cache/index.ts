/**
 * What server.ts mounts: the GET size limit, the response cache (unless RESPONSE_CACHE=0) and
 * the persisted-query store. One object so server.ts changes by a few lines.
 */
import type http from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { type CacheConfig, loadCacheConfig } from '../config';
import type { Database } from '../db-kit/database';
import type { RequestContext } from '../graphql/context';
import { type DocumentCache, loadTrustedDocuments, persistedDocumentCache } from './persisted';
import { createResponseCache, type ResponseCache } from './response-cache';
import { createChangeBus, writeTracker } from './changes';
import { RedisStore } from './store';
import { createFastPath, type FastPath } from './fast-path';
import { createFastMiss, type MissHandler } from './fast-miss';
import type { LeanExecutor } from '../graphql/lean-execution';

export interface Caching {
  /** node request handler: fresh in-process GET and small POST hits first, everything else to `app` */
  handler(app: (req: http.IncomingMessage, res: http.ServerResponse) => void): (req: http.IncomingMessage, res: http.ServerResponse) => void;
  middleware: RequestHandler[];
  plugins: ApolloServerPlugin<RequestContext>[];
  persistedQueries: { cache: DocumentCache };
  responseCache: ResponseCache | null;
  /**
   * Lets the node handler answer misses of known anonymous queries itself (src/cache/fast-miss.ts),
   * storing them in the response cache when it is on. Not with the Redis store (its lookups are
   * asynchronous: its requests take express's path).
   */
  enableFastMisses(executor: LeanExecutor): void;
  close(): Promise<void>;
}

/** A GET carries its variables in the URL: past the limit it is refused with 414 before anything parses it. */
function getUrlLimit(maxBytes: number): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' && Buffer.byteLength(req.originalUrl) > maxBytes) {
      res.status(414).json({ errors: [{ message: `request URL is too long (limit ${maxBytes} bytes): send large variables with POST`, extensions: { code: 'URI_TOO_LONG' } }] });
      return;
    }
    next();
  };
}

/** `securityHeaders`: what every response carries; the answers given before express (hits, fast misses) set them themselves. */
export function createCaching(options: { config?: CacheConfig; db: Database; now?: () => Date; exposeSqlCount: boolean; securityHeaders: Record<string, string> }): Caching {
  const config = options.config ?? loadCacheConfig();
  const trusted = config.trustedDocuments ? loadTrustedDocuments(config.trustedDocuments) : new Map<string, string>();
  const responseCache = config.enabled
    ? createResponseCache({ config, orm: options.db.orm, now: options.now ?? (() => new Date()), exposeSqlCount: options.exposeSqlCount, securityHeaders: options.securityHeaders })
    : null;
  let miss: MissHandler | null = null;
  // Without a response cache, a fast path of misses only (no store to look hits up in).
  const fastPath: FastPath | null =
    responseCache?.fastPath ??
    (responseCache
      ? null
      : createFastPath({
          memory: null,
          miss: (...args) => miss?.(...args) ?? false,
          now: options.now ?? (() => new Date()),
          maxGetUrlBytes: config.maxGetUrlBytes,
          send: () => undefined,
          passesCsrfRule: () => false,
        }));
  return {
    handler: (app) => (fastPath ? (req, res) => fastPath(req, res, app) || app(req, res) : app),
    enableFastMisses(executor) {
      if (responseCache && !responseCache.fastPath) return; // Redis store
      miss = createFastMiss(executor, responseCache?.missCache ?? null, options.securityHeaders);
      responseCache?.setMissHandler(miss);
    },
    middleware: [getUrlLimit(config.maxGetUrlBytes), ...(responseCache ? [responseCache.middleware] : [])],
    plugins: responseCache ? [responseCache.plugin] : [],
    persistedQueries: { cache: persistedDocumentCache(trusted) },
    responseCache,
    async close() {
      await responseCache?.close();
    },
  };
}

/**
 * For commands that write outside the server (`npm run import`): with REDIS_URL, the tables they
 * write are purged from the shared store and announced on the change channel once committed.
 * Without Redis there is nobody to tell (see docs/caching.md). Returns a function that waits
 * for the last purge and disconnects.
 */
export function purgeSharedCacheOnWrites(db: Database, config: CacheConfig = loadCacheConfig()): () => Promise<void> {
  if (!config.redisUrl) return async () => undefined;
  const store = new RedisStore(config.redisUrl, config.keyPrefix);
  const bus = createChangeBus(config.redisUrl, `${config.keyPrefix}changes`);
  const tracker = writeTracker(db.orm);
  const stopListening = bus.subscribe((keys) => store.invalidate(keys));
  const stopTracking = tracker.onChange((keys) => bus.publish(keys));
  return async () => {
    await tracker.settled();
    stopTracking();
    stopListening();
    await bus.close();
    await store.close();
  };
}

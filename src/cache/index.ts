/**
 * What server.ts mounts: the GET size limit, the response cache (unless RESPONSE_CACHE=0) and
 * the persisted-query store. One object so server.ts changes by a few lines.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { CacheConfig, loadCacheConfig } from '../config';
import type { Database } from '../db/orm';
import type { RequestContext } from '../graphql/context';
import { DocumentCache, loadTrustedDocuments, persistedDocumentCache } from './persisted';
import { createResponseCache, ResponseCache } from './response-cache';

export interface Caching {
  middleware: RequestHandler[];
  plugins: ApolloServerPlugin<RequestContext>[];
  persistedQueries: { cache: DocumentCache };
  responseCache: ResponseCache | null;
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

export function createCaching(options: { config?: CacheConfig; db: Database; now?: () => Date; exposeSqlCount: boolean }): Caching {
  const config = options.config ?? loadCacheConfig();
  const trusted = config.trustedDocuments ? loadTrustedDocuments(config.trustedDocuments) : new Map<string, string>();
  const responseCache = config.enabled
    ? createResponseCache({ config, orm: options.db.orm, now: options.now ?? (() => new Date()), exposeSqlCount: options.exposeSqlCount })
    : null;
  return {
    middleware: [getUrlLimit(config.maxGetUrlBytes), ...(responseCache ? [responseCache.middleware] : [])],
    plugins: responseCache ? [responseCache.plugin] : [],
    persistedQueries: { cache: persistedDocumentCache(trusted) },
    responseCache,
    async close() {
      await responseCache?.close();
    },
  };
}

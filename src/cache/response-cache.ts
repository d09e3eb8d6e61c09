/**
 * The response cache for anonymous reads: a fast path in node's request handler and an express
 * middleware that answer hits before Apollo parses anything, and an Apollo plugin that stores
 * cacheable misses with the change keys they read (tables, or rows: read-record.ts). Writes anywhere on the same ORM (or, with Redis, on any instance) purge the
 * entries that read what they changed, before the writing mutation's response is sent.
 */
import type { AsyncLocalStorage } from 'node:async_hooks';
import type http from 'node:http';
import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { CacheConfig } from '../config';
import type { RequestContext } from '../graphql/context';
import { type ChangeBus, createChangeBus, writeTracker } from './changes';
import { type CacheHint, operationHint, PRIVATE_CACHE_CONTROL, publicCacheControl } from './policy';
import { paramsOf, requestKey } from './request-key';
import { tablesRead } from './sql-tables';
import { type ReadRecord, reads } from './read-record';
import { tableOfKey } from './row-keys';
import { createFastPath, type FastPath } from './fast-path';
import type { MissCache, MissHandler } from './fast-miss';
import { type CachedResponse, MemoryStore, RedisStore, type ResponseStore } from './store';
import { TIME_DEPENDENT_TABLES, VisibilityClock } from './visibility';
import { ifNoneMatchHits } from '../core/etag';

interface CacheRequest extends ReadRecord {
  key: string | null;
  startEpoch?: Promise<number>;
  hint?: CacheHint | null;
  done?: () => void;
}

const requests = reads as AsyncLocalStorage<CacheRequest>;
const recording = new WeakSet<MikroORM>();

/** Every statement run inside a request adds the tables it reads to that request's record (see read-record.ts). */
function recordReads(orm: MikroORM): void {
  if (recording.has(orm)) return;
  recording.add(orm);
  orm.em
    .getConnection()
    .getKnex()
    .on('query', (q: { sql: string }) => {
      const r = reads.getStore();
      if (r) tablesRead(q.sql, r.described ?? r.deps);
    });
}

// Apollo's CSRF rule, so a hit is never served to a request Apollo itself would refuse.
const SIMPLE_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'];
function passesCsrfRule(req: Pick<Request, 'headers'>): boolean {
  const type = req.headers['content-type']?.split(';')[0].trim().toLowerCase();
  if (type && !SIMPLE_TYPES.includes(type)) return true;
  return !!(req.headers['x-apollo-operation-name'] || req.headers['apollo-require-preflight']);
}

export interface ResponseCacheOptions {
  config: CacheConfig;
  orm: MikroORM;
  now: () => Date;
  exposeSqlCount: boolean;
  /** What every response carries (CSP, framing, nosniff, referrer policy): a hit answered before express sets them itself. */
  securityHeaders: Record<string, string>;
}

export interface ResponseCache {
  /**
   * Answers a fresh in-process hit of a GET, or of a small JSON POST, straight from node's request
   * handler, before express runs at all; false = not handled (express takes it). A POST it reads
   * returns true and hands a miss to `app` itself. Null with the Redis store (async lookups).
   */
  fastPath: FastPath | null;
  /** What the fast miss path (fast-miss.ts) records and stores through; the fast path calls it once set with `setMissHandler`. */
  missCache: MissCache;
  setMissHandler(miss: MissHandler): void;
  middleware: RequestHandler;
  plugin: ApolloServerPlugin<RequestContext>;
  bus: ChangeBus;
  store: ResponseStore;
  close(): Promise<void>;
}

export function createResponseCache({ config, orm, now, exposeSqlCount, securityHeaders }: ResponseCacheOptions): ResponseCache {
  const store: ResponseStore = config.redisUrl ? new RedisStore(config.redisUrl, config.keyPrefix) : new MemoryStore(config.maxBytes);
  const memory = store instanceof MemoryStore ? store : null;
  const bus = createChangeBus(config.redisUrl, `${config.keyPrefix}changes`);
  const visibility = new VisibilityClock(orm, now);
  const tracker = writeTracker(orm);
  const stopTracking = tracker.onChange((keys) => bus.publish(keys));
  const stopListening = bus.subscribe(async (keys) => {
    visibility.changed(keys);
    await store.invalidate(keys);
  });
  recordReads(orm);
  // Concurrent misses of one key wait for the first instead of all hitting the database.
  const inFlight = new Map<string, Promise<void>>();

  const securityHeaderEntries = Object.entries(securityHeaders); // once, not per hit
  const send = (req: http.IncomingMessage, res: http.ServerResponse, entry: CachedResponse): void => {
    const secondsLeft = (entry.expiresAt - now().getTime()) / 1000;
    res.setHeader('Cache-Control', publicCacheControl(entry.hint, secondsLeft));
    res.setHeader('ETag', entry.etag);
    res.setHeader('Surrogate-Key', entry.deps.join(' '));
    res.setHeader('Vary', 'Authorization');
    res.setHeader('X-Cache', 'HIT');
    for (const [name, value] of securityHeaderEntries) res.setHeader(name, value);
    if (ifNoneMatchHits(req.headers['if-none-match'], entry.etag)) {
      res.statusCode = 304;
      res.end();
      return;
    }
    const accept = req.headers.accept ?? '';
    res.setHeader('Content-Type', accept.startsWith('application/graphql-response+json') ? 'application/graphql-response+json; charset=utf-8' : 'application/json; charset=utf-8');
    const extensions = exposeSqlCount ? ',"extensions":{"sqlStatements":0}' : '';
    res.end(`{"data":${entry.data}${extensions}}\n`);
  };

  const lookup = async (key: string): Promise<CachedResponse | undefined> => {
    // A store that fails (Redis down) degrades to executing the request.
    const entry = memory ? memory.getNow(key) : await store.get(key).catch(() => undefined);
    return entry && entry.expiresAt > now().getTime() ? entry : undefined;
  };

  let missHandler: MissHandler | null = null;
  const fastPath = memory ? createFastPath({ memory, miss: (...args) => missHandler?.(...args) ?? false, now, maxGetUrlBytes: config.maxGetUrlBytes, send, passesCsrfRule }) : null;

  const middleware: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const state: CacheRequest = { key: null, deps: new Set() };
    if (!req.headers.authorization && (req.method === 'GET' || req.method === 'POST')) {
      const params = paramsOf(req.method, req.query as Record<string, unknown>, req.body);
      state.key = params ? requestKey(params) : null;
    }
    const key = state.key;
    if (!key || (req.method === 'GET' && !passesCsrfRule(req))) {
      state.key = req.method === 'GET' && !passesCsrfRule(req) ? null : key;
      requests.run(state, next);
      return;
    }
    const attempt = async (waited: boolean): Promise<void> => {
      const entry = await lookup(key);
      if (entry) return send(req, res, entry);
      const running = inFlight.get(key);
      if (running && !waited) {
        await running;
        return attempt(true);
      }
      if (!running) {
        let done!: () => void;
        inFlight.set(key, new Promise<void>((resolve) => (done = resolve)));
        state.done = () => {
          inFlight.delete(key);
          done();
        };
        res.once('close', () => state.done?.());
      }
      requests.run(state, next);
    };
    attempt(false).catch(next);
  };

  /**
   * Stores a cacheable anonymous answer (its `data` as JSON) under the request's key, with what it
   * read and when it must expire; returns the response headers that say so. Shared by Apollo's path
   * (the plugin below) and the fast miss path (src/cache/fast-miss.ts), so both answer alike.
   */
  const storeEntry = async (state: CacheRequest & { hint: CacheHint }, data: string): Promise<Record<string, string>> => {
    const deps = [...state.deps].sort();
    const at = now().getTime();
    let expiresAt = at + config.maxAgeSeconds * 1000;
    if (deps.some((d) => TIME_DEPENDENT_TABLES.has(tableOfKey(d)))) {
      const next = await requests.exit(() => visibility.next());
      if (next !== null) expiresAt = Math.min(expiresAt, next);
    }
    const etag = `"${createHash('sha256').update(data).digest('base64url').slice(0, 32)}"`;
    const hint = state.hint;
    const entry: CachedResponse = { data, etag, deps, hint, expiresAt };
    const headers: Record<string, string> = {
      'cache-control': publicCacheControl(hint, (expiresAt - at) / 1000),
      etag,
      'surrogate-key': deps.join(' '),
      vary: 'Authorization',
    };
    if (state.key && state.startEpoch) {
      headers['x-cache'] = 'MISS';
      await state.startEpoch.then((start) => store.set(state.key!, entry, start, expiresAt - at)).catch(() => false);
    }
    return headers;
  };

  const plugin: ApolloServerPlugin<RequestContext> = {
    async requestDidStart({ contextValue }) {
      const state = requests.getStore();
      if (!state) return;
      if (contextValue.viewer.kind !== 'anonymous') state.key = null;
      if (state.key) {
        state.startEpoch = store.epoch();
        state.startEpoch.catch(() => undefined); // awaited (and its failure handled) when storing
      }
      return {
        async didResolveOperation({ document, operation }) {
          state.hint = contextValue.viewer.kind === 'anonymous' && operation ? operationHint(document, operation) : null;
        },
        async willSendResponse({ response, operation }) {
          try {
            // A mutation's purges are done before its response leaves: the next read sees the write.
            if (operation?.operation === 'mutation') await tracker.settled();
            const body = response.body;
            const result = body.kind === 'single' ? body.singleResult : null;
            const hint = state.hint;
            if (!hint || !result || result.errors?.length || !result.data) {
              response.http.headers.set('cache-control', PRIVATE_CACHE_CONTROL);
              return;
            }
            const headers = await storeEntry({ ...state, hint }, JSON.stringify(result.data));
            for (const [name, value] of Object.entries(headers)) response.http.headers.set(name, value);
          } finally {
            state.done?.();
          }
        },
      };
    },
  };

  const hints = new WeakMap<object, CacheHint | null>();
  const missCache: MissCache = {
    begin(key, { document, operation }) {
      if (inFlight.has(key)) return false;
      let hint = hints.get(operation);
      if (hint === undefined) hints.set(operation, (hint = operationHint(document, operation)));
      const state: CacheRequest & { hint: CacheHint | null } = { key, deps: new Set(), hint };
      state.startEpoch = store.epoch();
      state.startEpoch.catch(() => undefined);
      let done!: () => void;
      inFlight.set(key, new Promise<void>((resolve) => (done = resolve)));
      state.done = () => {
        inFlight.delete(key);
        done();
      };
      return state;
    },
    run(state, fn) {
      return requests.run(state as CacheRequest, fn);
    },
    async finish(state, data) {
      const s = state as CacheRequest & { hint: CacheHint | null };
      try {
        if (data === null) return {};
        return s.hint ? await storeEntry({ ...s, hint: s.hint }, data) : { 'cache-control': PRIVATE_CACHE_CONTROL };
      } finally {
        s.done?.();
      }
    },
  };

  return {
    fastPath,
    missCache,
    setMissHandler(miss) {
      missHandler = miss;
    },
    middleware,
    plugin,
    bus,
    store,
    async close() {
      stopTracking();
      stopListening();
      // A purge that started before close still uses the bus and the store: let it finish (a
      // write committing during shutdown otherwise warns "Connection is closed").
      await tracker.settled();
      await bus.close();
      await store.close();
    },
  };
}

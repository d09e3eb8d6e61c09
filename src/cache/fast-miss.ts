/**
 * Misses of known anonymous queries answered before express and Apollo run (issue 11): a small
 * JSON POST `{ query, variables?, operationName? }` whose document Apollo has already parsed and
 * validated (src/graphql/lean-execution.ts) is executed directly and answered with the same bytes
 * and headers as Apollo's path: the default security headers, the negotiated content type, and,
 * with the response cache on, the cache headers of src/cache/response-cache.ts (the answer is
 * stored there as Apollo's path stores it).
 *
 * Declined (handed to express, body included) whenever the request is not that simple: another
 * member in the body (APQ `extensions` included: Apollo keeps its persisted-query store), an unknown
 * document, an Accept header other than plain JSON, or an answer with errors.
 */
import type http from 'node:http';
import type { LeanExecutor } from '../graphql/lean-execution';
import type { CacheHint } from './policy';

export interface MissCacheState {
  hint: CacheHint | null;
}

/** What the response cache lends the fast miss path (null when the cache is off). */
export interface MissCache {
  /** Starts recording a miss of `key`; false when another request of the key is running (Apollo's path waits for it). */
  begin(key: string, known: Parameters<LeanExecutor['run']>[0]): MissCacheState | false;
  /** Runs the execution inside the request's read record. */
  run<T>(state: MissCacheState, fn: () => Promise<T>): Promise<T>;
  /** The cache headers of an answer (stores it when cacheable); data null = not answered here (only releases the key). */
  finish(state: MissCacheState, data: string | null): Promise<Record<string, string>>;
}

/** Takes the request (true) or not (false: nothing was consumed beyond `bodyText`, the caller hands it on). */
export type MissHandler = (req: http.IncomingMessage, res: http.ServerResponse, bodyText: string, key: string | null, fallback: (body: unknown) => void) => boolean;

const JSON_TYPE = 'application/json; charset=utf-8';
const GRAPHQL_RESPONSE_TYPE = 'application/graphql-response+json; charset=utf-8';

/** The content type Apollo negotiates for the Accept headers clients commonly send; null = let Apollo negotiate. */
function contentTypeFor(accept: string | undefined): string | null {
  if (accept === undefined || accept === '' || accept === '*/*' || accept === 'application/json') return JSON_TYPE;
  if (accept === 'application/graphql-response+json') return GRAPHQL_RESPONSE_TYPE;
  return null;
}

export function createFastMiss(executor: LeanExecutor, cache: MissCache | null, securityHeaders: Record<string, string>): MissHandler {
  return (req, res, bodyText, key, fallback) => {
    const contentType = contentTypeFor(req.headers.accept);
    if (!contentType) return false;
    let body: unknown;
    try {
      body = JSON.parse(bodyText);
    } catch {
      return false;
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
    const { query, variables, operationName, ...rest } = body as Record<string, unknown>;
    if (Object.keys(rest).length > 0 || typeof query !== 'string') return false;
    if (operationName != null && typeof operationName !== 'string') return false;
    if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return false;
    const known = executor.lookup(query, operationName ?? null);
    if (!known) return false;
    const state = cache && key ? cache.begin(key, known) : null;
    if (state === false) return false;
    req.resume(); // the whole body is in hand; let the parser finish the message
    const address = req.socket.remoteAddress ?? 'unknown'; // read by mutations only (login throttling, audit), never by a query
    const vars = (variables ?? undefined) as Record<string, unknown> | undefined;
    const answer = async () => {
      let outcome: Awaited<ReturnType<LeanExecutor['run']>> = null;
      try {
        outcome = await (state ? cache!.run(state, () => executor.run(known, vars, address)) : executor.run(known, vars, address));
      } finally {
        if (!outcome && state) await cache!.finish(state, null);
      }
      if (!outcome) return fallback(body);
      const headers: Record<string, string | number> = { ...securityHeaders, 'content-type': contentType };
      if (state) Object.assign(headers, await cache!.finish(state, outcome.data));
      headers['content-length'] = Buffer.byteLength(outcome.body);
      res.writeHead(200, headers).end(outcome.body);
    };
    answer().catch(() => {
      if (!res.headersSent) fallback(body); // an unexpected failure: Apollo's path answers (and logs) it
    });
    return true;
  };
}

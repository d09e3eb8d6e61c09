/**
 * The cache key of a GraphQL request: sha256 over an unambiguous JSON array of
 * [viewer class, document hash, operation name, canonical variables]. The document hash is
 * sha256 of the query text, which is also what APQ clients send, so a POST of the text and a
 * GET of its hash share one entry. Canonical variables sort object keys at every depth, so key
 * order never splits an entry and different values never share one.
 */
import { createHash } from 'node:crypto';

export interface GraphQLParams {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
  extensions?: unknown;
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = canonical((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

function jsonParam(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  return JSON.parse(raw);
}

/** The parameters of a GET (JSON-encoded variables/extensions in the query string) or POST body. */
export function paramsOf(method: string, query: Record<string, unknown>, body: unknown): GraphQLParams | null {
  try {
    if (method === 'GET') {
      return { query: query.query, operationName: query.operationName, variables: jsonParam(query.variables), extensions: jsonParam(query.extensions) };
    }
    if (method === 'POST' && body && typeof body === 'object' && !Array.isArray(body)) return body as GraphQLParams;
  } catch {
    // malformed JSON in the query string: Apollo answers it, the cache stays out of the way
  }
  return null;
}

/** The key, or null when the request cannot be a cache hit (Apollo decides what to answer). */
export function requestKey(params: GraphQLParams): string | null {
  const { query, operationName, variables, extensions } = params;
  const persisted = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery;
  const sent = typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : null;
  let documentHash: string;
  if (typeof query === 'string') {
    documentHash = sha256Hex(query);
    if (sent !== null && sent !== documentHash) return null; // mismatch: Apollo refuses it
  } else if (query === undefined && sent !== null && /^[0-9a-f]{64}$/.test(sent)) {
    documentHash = sent;
  } else {
    return null;
  }
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return null;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return null;
  return sha256Hex(JSON.stringify(['anonymous', documentHash, operationName ?? null, canonical(variables ?? {})]));
}

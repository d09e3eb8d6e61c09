import path from 'node:path';

import { ConfigError, type Env, integer, optionalFlag } from './env';

/** Response cache (src/cache, docs/caching.md). */
export interface CacheConfig {
  /** RESPONSE_CACHE=0 turns the response cache off (every request executes); APQ and the GET limit stay. */
  enabled: boolean;
  /** Bytes of the in-process store (RESPONSE_CACHE_BYTES); unused with Redis. */
  maxBytes: number;
  /** Longest life of an entry in seconds even if nothing changes (RESPONSE_CACHE_MAX_AGE): bounds what an untracked write could leave stale. */
  maxAgeSeconds: number;
  /** Shared store and change fan-out across instances (REDIS_URL); null = in process. */
  redisUrl: string | null;
  /** Prefix of every Redis key and of the change channel (RESPONSE_CACHE_PREFIX). */
  keyPrefix: string;
  /** Longest GET request target in bytes (GRAPHQL_MAX_GET_URL_BYTES); longer gets 414. */
  maxGetUrlBytes: number;
  /** Codegen's persisted-documents.json (sha256 → document) of first-party clients (TRUSTED_DOCUMENTS); null = none. */
  trustedDocuments: string | null;
}

export function loadCacheConfig(env: Env = {}): CacheConfig {
  const redisUrl = (env.REDIS_URL ?? '').trim();
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError('REDIS_URL', `expected redis://host:port or rediss://…, got "${redisUrl}"`);
  return {
    enabled: optionalFlag(env, 'RESPONSE_CACHE', true),
    maxBytes: integer(env, 'RESPONSE_CACHE_BYTES', 64 * 1024 * 1024, 0, 16 * 1024 * 1024 * 1024),
    maxAgeSeconds: integer(env, 'RESPONSE_CACHE_MAX_AGE', 3600, 1, 86400),
    redisUrl: redisUrl || null,
    keyPrefix: env.RESPONSE_CACHE_PREFIX?.trim() || 'reformdesk:',
    maxGetUrlBytes: integer(env, 'GRAPHQL_MAX_GET_URL_BYTES', 8192, 1024, 65536),
    trustedDocuments: env.TRUSTED_DOCUMENTS?.trim() ? path.resolve(env.TRUSTED_DOCUMENTS.trim()) : null,
  };
}

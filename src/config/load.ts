/**
 * The only place that reads process.env. Everything else receives a typed Config.
 * Invalid values stop the start with one line naming the variable and what is wrong.
 */
import path from 'node:path';

import { type CacheConfig, loadCacheConfig } from './cache';
import { DEFAULT_DATABASE_URL, type DatabaseTarget, parseDatabaseUrl } from './database';
import { ConfigError, type Env, flag, integer, optionalFlag } from './env';
import { type LiveConfig, loadLiveConfig } from './live';
import { loadMediaConfig, type MediaConfig } from './media';
import { loadOutreachConfig, type OutreachConfig } from './outreach';
import { loadWebhookConfig, type WebhookConfig } from './webhooks';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  env: 'production' | 'development' | 'test';
  port: number;
  database: DatabaseTarget;
  debugSql: boolean;
  logLevel: LogLevel;
  contentDir: string;
  connectTimeoutMs: number;
  introspection: boolean;
  ide: boolean;
  /** express "trust proxy": how many proxies in front set X-Forwarded-For (0 = none). */
  trustProxy: number;
  media: MediaConfig;
  /** Outreach planning (src/outreach). */
  outreach: OutreachConfig;
  /** Key signing editor preview links (PREVIEW_SECRET); absent: a random key per process (links die with it). */
  previewSecret?: string | null;
  /** Response cache for anonymous reads and HTTP caching (src/cache); optional: hand-built configs get the defaults. */
  cache?: CacheConfig;
  /** Change feed and GraphQL subscriptions (src/live, docs/live.md); optional: hand-built configs get the defaults. */
  live?: LiveConfig;
  /** Outbound webhooks (src/live/webhooks, docs/webhooks.md); optional: hand-built configs get the defaults. */
  webhooks?: WebhookConfig;
}

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const poolSize = integer(env, 'DATABASE_POOL_SIZE', 10, 1, 200);
  const database = parseDatabaseUrl(env.DATABASE_URL || DEFAULT_DATABASE_URL, poolSize);
  const debugSql = flag(env, 'REFORMDESK_DEBUG');
  if (debugSql && nodeEnv === 'production') {
    throw new ConfigError('REFORMDESK_DEBUG', 'is refused when NODE_ENV=production (it exposes SQL statement counts)');
  }
  const logLevel = (env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info')) as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}`);
  return {
    env: nodeEnv,
    port: integer(env, 'PORT', 4000, 0, 65535),
    database,
    debugSql,
    logLevel,
    contentDir: path.resolve(env.CONTENT_DIR || 'content'),
    connectTimeoutMs: integer(env, 'DATABASE_CONNECT_TIMEOUT_MS', 8000, 100, 60000),
    media: loadMediaConfig(env),
    outreach: loadOutreachConfig(env),
    cache: loadCacheConfig(env),
    live: loadLiveConfig(env),
    webhooks: loadWebhookConfig(env),
    introspection: optionalFlag(env, 'GRAPHQL_INTROSPECTION', nodeEnv !== 'production'),
    ide: optionalFlag(env, 'GRAPHQL_IDE', nodeEnv !== 'production'),
    trustProxy: integer(env, 'TRUST_PROXY', 0, 0, 10),
    previewSecret: previewSecret(env),
  };
}

function previewSecret(env: Env): string | null {
  const value = env.PREVIEW_SECRET;
  if (!value) return null;
  if (value.length < 32) throw new ConfigError('PREVIEW_SECRET', 'must be at least 32 characters (e.g. openssl rand -base64 32)');
  return value;
}

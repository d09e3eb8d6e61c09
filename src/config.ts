/**
 * The only place that reads process.env. Everything else receives a typed Config.
 * Invalid values stop the start with one line naming the variable and what is wrong.
 */
import path from 'node:path';

export type DatabaseTarget = { kind: 'postgres'; url: string; poolSize: number } | { kind: 'pglite'; dataDir: string | null /* null = in memory */ };

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

/** Change feed dispatcher and websocket limits (src/live, docs/live.md). */
export interface LiveConfig {
  /** LIVE_DISPATCH=0: this instance writes events but leaves delivering them to the others. */
  dispatch: boolean;
  /** Safety-net poll of the outbox in ms (LIVE_POLL_MS). */
  pollMs: number;
  /** How long a dispatcher owns a consumer without renewing, in ms (LIVE_LEASE_MS): a crashed owner's consumers wait this long. */
  leaseMs: number;
  /** Outbox rows every consumer has passed are deleted once older than this, in hours (LIVE_OUTBOX_RETENTION_HOURS). */
  outboxRetentionHours: number;
  /** Cross-instance fan-out (REDIS_URL); null = in process. */
  redisUrl: string | null;
  /** Redis channel of the fan-out (prefix from RESPONSE_CACHE_PREFIX). */
  channel: string;
  /** Subscriptions one socket may hold (LIVE_MAX_SUBSCRIPTIONS). */
  maxSubscriptionsPerConnection: number;
  /** Open sockets per client address (LIVE_MAX_CONNECTIONS_PER_ADDRESS). */
  maxConnectionsPerAddress: number;
  /** Largest websocket message in bytes (LIVE_MAX_PAYLOAD_BYTES). */
  maxPayloadBytes: number;
  /** A socket without subscriptions is closed after this many ms (LIVE_IDLE_TIMEOUT_MS). */
  idleTimeoutMs: number;
  /** Messages a socket may send per second before it is closed as a flood (LIVE_MAX_MESSAGES_PER_SECOND). */
  maxMessagesPerSecond: number;
}

/** Outbound webhooks (src/live/webhooks, docs/webhooks.md). */
export interface WebhookConfig {
  /**
   * WEBHOOK_ALLOW_PRIVATE_TARGETS=1 lets endpoints point at loopback, private, link-local or
   * metadata addresses. Off by default: an admin account must not become a way into the
   * machine's own network (SSRF). Tests turn it on to reach their local receiver.
   */
  allowPrivateTargets: boolean;
  /** Time one delivery attempt may take, connect to last byte (WEBHOOK_TIMEOUT_MS). */
  timeoutMs: number;
  /** Attempts before a delivery is given up (WEBHOOK_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** First retry delay (WEBHOOK_RETRY_BASE_SECONDS); each next one doubles, ±20 % jitter. */
  retryBaseSeconds: number;
  /** Longest retry delay (WEBHOOK_RETRY_MAX_SECONDS). */
  retryMaxSeconds: number;
  /** An endpoint failing without a success for this long is disabled (WEBHOOK_DISABLE_AFTER_HOURS). */
  disableAfterHours: number;
  /** How often the worker looks for due deliveries (WEBHOOK_POLL_MS); new events wake it at once. */
  pollMs: number;
  /** Deliveries sent at once by one process (WEBHOOK_CONCURRENCY). */
  concurrency: number;
}

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

/** Outreach calendar bounds and feed URLs (src/outreach). */
export interface OutreachConfig {
  /** Length of the time slot in which a channel's capacity is counted (OUTREACH_SLOT_MINUTES). */
  slotMinutes: number;
  /** Most occurrences one calendar, coverage or feed may expand (OUTREACH_MAX_OCCURRENCES). */
  maxOccurrences: number;
  /** Most occurrences one series may have (OUTREACH_MAX_SERIES). */
  maxSeriesOccurrences: number;
  /** How far past its start a series may reach, in years (OUTREACH_MAX_SERIES_YEARS). */
  maxSeriesYears: number;
  /** Longest calendar range in days (OUTREACH_MAX_RANGE_DAYS). */
  maxRangeDays: number;
  /** Absolute origin put in front of feed paths, e.g. https://desk.example.vn (OUTREACH_FEED_BASE_URL); empty = relative paths. */
  feedBaseUrl: string;
}

/** Media library (src/media): where originals and variants live, upload limits, transform cap. */
export interface MediaConfig {
  /** Filesystem storage root for originals and cached variants (MEDIA_DIR). */
  dir: string;
  /** Prefix of variant URLs handed out by GraphQL, e.g. "/media" or a CDN origin (MEDIA_BASE_URL). */
  baseUrl: string;
  maxUploadBytes: number;
  /** Width × height limit checked from the header before decoding (decompression bombs). */
  maxPixels: number;
  /** Longest allowed side in pixels. */
  maxDimension: number;
  /** Widths a variant may be asked for, ascending. */
  widths: number[];
  /** Aspect ratios a cropped variant may be asked for, as "W:H". */
  ratios: string[];
  /** sharp jobs running at once; past this (plus the queue) requests get 503 + Retry-After. */
  maxConcurrentTransforms: number;
  maxQueuedTransforms: number;
  /** Bytes of recently served variants kept in memory (0 = off), sparing a disk read per hit. */
  memoryCacheBytes: number;
  /** Keep EXIF/XMP/IPTC (GPS position included) in stored originals (MEDIA_KEEP_ORIGINAL_METADATA=1); off by default. */
  keepOriginalMetadata?: boolean;
}

export class ConfigError extends Error {
  constructor(
    public readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export const DEFAULT_DATABASE_URL = 'pglite:./data/pglite';

export function parseDatabaseUrl(raw: string, poolSize: number): DatabaseTarget {
  const value = raw.trim();
  if (value.startsWith('pglite:')) {
    const dir = value.slice('pglite:'.length);
    if (dir === '') throw new ConfigError('DATABASE_URL', 'pglite: needs a directory or "memory" (e.g. pglite:./data/pglite)');
    if (dir === 'memory') return { kind: 'pglite', dataDir: null };
    return { kind: 'pglite', dataDir: path.resolve(dir) };
  }
  if (/^postgres(ql)?:\/\//.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new ConfigError('DATABASE_URL', `"${value}" is not a valid URL`);
    }
    if (!url.hostname) throw new ConfigError('DATABASE_URL', 'the postgres URL has no host');
    if (url.pathname.length <= 1) throw new ConfigError('DATABASE_URL', 'the postgres URL names no database (postgres://host:5432/dbname)');
    return { kind: 'postgres', url: value, poolSize };
  }
  throw new ConfigError('DATABASE_URL', `expected postgres://…, pglite:<directory> or pglite:memory, got "${value}"`);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function flag(env: Env, name: string): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '' || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') return true;
  throw new ConfigError(name, `expected 1/0 or true/false, got "${env[name]}"`);
}

function integerList(env: Env, name: string, fallback: number[], min: number, max: number): number[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const parts = raw.split(',').map((p) => p.trim());
  if (parts.some((p) => !/^\d+$/.test(p) || Number(p) < min || Number(p) > max)) {
    throw new ConfigError(name, `expected comma-separated whole numbers between ${min} and ${max}, got "${raw}"`);
  }
  return [...new Set(parts.map(Number))].sort((a, b) => a - b);
}

// 1200 is the width of the Open Graph card (1200×630, ratio 40:21) that articles hand out.
export const DEFAULT_MEDIA_WIDTHS = [160, 320, 480, 640, 768, 1024, 1200, 1280, 1600, 1920, 2560];
export const DEFAULT_MEDIA_RATIOS = ['1:1', '4:3', '3:2', '16:9', '40:21', '4:5', '3:4', '2:3', '9:16'];

export function loadMediaConfig(env: Env = {}): MediaConfig {
  const ratios = env.MEDIA_RATIOS?.trim() ? env.MEDIA_RATIOS.split(',').map((r) => r.trim()) : DEFAULT_MEDIA_RATIOS;
  const bad = ratios.find((r) => !/^[1-9]\d{0,3}:[1-9]\d{0,3}$/.test(r));
  if (bad !== undefined) throw new ConfigError('MEDIA_RATIOS', `expected comma-separated W:H pairs like 16:9, got "${bad}"`);
  return {
    dir: path.resolve(env.MEDIA_DIR || './data/media'),
    baseUrl: (env.MEDIA_BASE_URL || '/media').replace(/\/+$/, ''),
    maxUploadBytes: integer(env, 'MEDIA_MAX_UPLOAD_BYTES', 25 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    maxPixels: integer(env, 'MEDIA_MAX_PIXELS', 50_000_000, 1, 268_402_689),
    maxDimension: integer(env, 'MEDIA_MAX_DIMENSION', 16384, 16, 65535),
    widths: integerList(env, 'MEDIA_WIDTHS', DEFAULT_MEDIA_WIDTHS, 16, 8192),
    ratios,
    maxConcurrentTransforms: integer(env, 'MEDIA_MAX_TRANSFORMS', 2, 1, 64),
    maxQueuedTransforms: integer(env, 'MEDIA_TRANSFORM_QUEUE', 16, 0, 10000),
    memoryCacheBytes: integer(env, 'MEDIA_MEMORY_CACHE_BYTES', 64 * 1024 * 1024, 0, 4 * 1024 * 1024 * 1024),
    keepOriginalMetadata: flag(env, 'MEDIA_KEEP_ORIGINAL_METADATA'),
  };
}

export function loadOutreachConfig(env: Env = {}): OutreachConfig {
  return {
    slotMinutes: integer(env, 'OUTREACH_SLOT_MINUTES', 60, 5, 1440),
    maxOccurrences: integer(env, 'OUTREACH_MAX_OCCURRENCES', 5000, 10, 100000),
    maxSeriesOccurrences: integer(env, 'OUTREACH_MAX_SERIES', 500, 1, 10000),
    maxSeriesYears: integer(env, 'OUTREACH_MAX_SERIES_YEARS', 5, 1, 50),
    maxRangeDays: integer(env, 'OUTREACH_MAX_RANGE_DAYS', 400, 1, 3660),
    feedBaseUrl: (env.OUTREACH_FEED_BASE_URL || '').replace(/\/+$/, ''),
  };
}

/**
 * What a content import needs when no server config is handed over (the CLI's single-file
 * import, scripts and tests): the media and outreach settings of the environment.
 */
export function loadImportConfig(env: Env = process.env): { media: MediaConfig; outreach: OutreachConfig } {
  return { media: loadMediaConfig(env), outreach: loadOutreachConfig(env) };
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

export function loadLiveConfig(env: Env = {}): LiveConfig {
  const cache = loadCacheConfig(env);
  return {
    dispatch: optionalFlag(env, 'LIVE_DISPATCH', true),
    pollMs: integer(env, 'LIVE_POLL_MS', 1000, 50, 60_000),
    leaseMs: integer(env, 'LIVE_LEASE_MS', 15_000, 500, 600_000),
    outboxRetentionHours: integer(env, 'LIVE_OUTBOX_RETENTION_HOURS', 168, 1, 24 * 3650),
    redisUrl: cache.redisUrl,
    channel: `${cache.keyPrefix}live`,
    maxSubscriptionsPerConnection: integer(env, 'LIVE_MAX_SUBSCRIPTIONS', 20, 1, 1000),
    maxConnectionsPerAddress: integer(env, 'LIVE_MAX_CONNECTIONS_PER_ADDRESS', 50, 1, 100_000),
    maxPayloadBytes: integer(env, 'LIVE_MAX_PAYLOAD_BYTES', 64 * 1024, 1024, 16 * 1024 * 1024),
    idleTimeoutMs: integer(env, 'LIVE_IDLE_TIMEOUT_MS', 60_000, 100, 24 * 3600_000),
    maxMessagesPerSecond: integer(env, 'LIVE_MAX_MESSAGES_PER_SECOND', 50, 1, 10_000),
  };
}

export function loadWebhookConfig(env: Env = {}): WebhookConfig {
  const config: WebhookConfig = {
    allowPrivateTargets: flag(env, 'WEBHOOK_ALLOW_PRIVATE_TARGETS'),
    timeoutMs: integer(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
    maxAttempts: integer(env, 'WEBHOOK_MAX_ATTEMPTS', 15, 1, 50),
    retryBaseSeconds: integer(env, 'WEBHOOK_RETRY_BASE_SECONDS', 60, 1, 3600),
    retryMaxSeconds: integer(env, 'WEBHOOK_RETRY_MAX_SECONDS', 12 * 3600, 1, 7 * 86400),
    disableAfterHours: integer(env, 'WEBHOOK_DISABLE_AFTER_HOURS', 72, 1, 24 * 90),
    pollMs: integer(env, 'WEBHOOK_POLL_MS', 5000, 50, 600_000),
    concurrency: integer(env, 'WEBHOOK_CONCURRENCY', 4, 1, 64),
  };
  if (config.retryMaxSeconds < config.retryBaseSeconds) throw new ConfigError('WEBHOOK_RETRY_MAX_SECONDS', 'must be at least WEBHOOK_RETRY_BASE_SECONDS');
  return config;
}

function optionalFlag(env: Env, name: string, fallback: boolean): boolean {
  return (env[name] ?? '').trim() === '' ? fallback : flag(env, name);
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

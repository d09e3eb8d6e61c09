import { loadCacheConfig } from './cache';
import { type Env, integer, optionalFlag } from './env';

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

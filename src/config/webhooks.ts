import { ConfigError, type Env, flag, integer } from './env';

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

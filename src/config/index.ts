/**
 * Configuration: the only place that reads process.env. One loader a feature (./cache, ./live,
 * ./webhooks, ./media, ./outreach, ./database), assembled by loadConfig (./load); callers import
 * from here.
 */
export { type CacheConfig, loadCacheConfig } from './cache';
export { DEFAULT_DATABASE_URL, type DatabaseTarget, parseDatabaseUrl } from './database';
export { ConfigError } from './env';
export { loadImportConfig } from './import';
export { type LiveConfig, loadLiveConfig } from './live';
export { type Config, loadConfig, type LogLevel } from './load';
export { DEFAULT_MEDIA_RATIOS, DEFAULT_MEDIA_WIDTHS, loadMediaConfig, type MediaConfig } from './media';
export { loadOutreachConfig, type OutreachConfig } from './outreach';
export { loadWebhookConfig, type WebhookConfig } from './webhooks';

/**
 * Outbound webhooks, assembled: the change-feed consumer that enqueues deliveries and the
 * worker that sends them. `consumer` is what the dispatcher registers; `close()` waits for
 * the deliveries in flight (graceful shutdown).
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { loadWebhookConfig, type WebhookConfig } from '../../config';
import type { Logger } from '../../logger';
import type { Resolver } from './address-guard';
import { WebhookConsumer } from './consumer';
import { WebhookWorker } from './worker';

export interface Webhooks {
  consumer: WebhookConsumer;
  worker: WebhookWorker;
  close(): Promise<void>;
}

export interface WebhookOptions {
  orm: MikroORM;
  config?: WebhookConfig;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  now?: () => Date;
  /** DNS for the SSRF checks; tests give one that answers what they need. */
  resolve?: Resolver;
  /** false: the worker only runs when told (tests drive it with worker.drain()). */
  autoStart?: boolean;
}

export function startWebhooks({ orm, config = loadWebhookConfig({}), logger, now, resolve, autoStart = true }: WebhookOptions): Webhooks {
  const worker = new WebhookWorker({ orm, config, logger, now, resolve });
  const consumer = new WebhookConsumer(orm, autoStart ? () => worker.wake() : undefined, now);
  if (autoStart) worker.start();
  return { consumer, worker, close: () => worker.close() };
}

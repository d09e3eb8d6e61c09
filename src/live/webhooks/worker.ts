/**
 * Sends due deliveries: claim a batch (one UPDATE … FOR UPDATE SKIP LOCKED, so several
 * instances never send the same row twice at once), send them with no database connection
 * held, then record each attempt in a short transaction. A claimed row carries a lease: if
 * the process dies mid-send, the row is due again once the lease ends. One log line per batch.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { WebhookConfig } from '../../config';
import type { Logger } from '../../logger';
import { runWithSqlScope } from '../../db-kit/sql-counter';
import type { Resolver } from './address-guard';
import { sendDelivery, type SendResult } from './sender';
import { EVENT_TYPE_HEADER, IDEMPOTENCY_HEADER, SIGNATURE_HEADER, signatureHeader } from './signing';
import { retryDelayMs } from './webhook.events';

interface ClaimedDelivery {
  id: number;
  attempts: number;
  eventId: string;
  eventType: string;
  body: string;
  endpointId: number;
  url: string;
  secrets: string[];
}

export interface BatchReport {
  claimed: number;
  delivered: number;
  retrying: number;
  failed: number;
  endpointsDisabled: number;
  /** Attempts whose outcome could not be written; their rows are due again when the lease ends. */
  unrecorded: number;
}

export interface WorkerOptions {
  orm: MikroORM;
  config: WebhookConfig;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  now?: () => Date;
  resolve?: Resolver;
  random?: () => number;
}

export class WebhookWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private readonly now: () => Date;

  constructor(private readonly options: WorkerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Polls every pollMs; wake() runs a batch at once (new deliveries were enqueued). */
  start(): void {
    if (this.closed || this.timer) return;
    this.timer = setInterval(() => this.wake(), this.options.config.pollMs);
    this.timer.unref();
    this.wake();
  }

  wake(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    // A scope of its own: woken from a request, its statements must not count as the request's.
    this.running = runWithSqlScope({ statements: 0 }, () => this.drain())
      .then(() => undefined)
      .catch((err) => this.options.logger.error({ err }, 'webhook worker failed'))
      .finally(() => {
        this.running = null;
        if (this.again && !this.closed) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Batches until nothing is due. Also what tests call to run the worker deterministically. */
  async drain(): Promise<BatchReport> {
    const total: BatchReport = { claimed: 0, delivered: 0, retrying: 0, failed: 0, endpointsDisabled: 0, unrecorded: 0 };
    for (;;) {
      const report = await this.runBatch();
      for (const k of Object.keys(total) as (keyof BatchReport)[]) total[k] += report[k];
      if (report.claimed < this.options.config.concurrency || this.closed) return total;
    }
  }

  /** Stops polling and waits for the deliveries in flight (each bounded by timeoutMs) to be recorded. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  async runBatch(): Promise<BatchReport> {
    const started = performance.now();
    const claimed = await this.claim();
    const report: BatchReport = { claimed: claimed.length, delivered: 0, retrying: 0, failed: 0, endpointsDisabled: 0, unrecorded: 0 };
    if (claimed.length === 0) return report;
    await Promise.all(
      claimed.map(async (delivery) => {
        try {
          const outcome = await this.attempt(delivery);
          report[outcome.status]++;
          if (outcome.endpointDisabled) report.endpointsDisabled++;
        } catch (err) {
          // Not recorded (e.g. the database went away): the lease makes the row due again later.
          report.unrecorded++;
          this.options.logger.error({ err, delivery: delivery.id }, 'webhook attempt could not be recorded');
        }
      }),
    );
    this.options.logger.info({ ...report, ms: Math.round(performance.now() - started) }, 'webhook delivery batch');
    return report;
  }

  private async attempt(delivery: ClaimedDelivery): Promise<{ status: 'delivered' | 'retrying' | 'failed'; endpointDisabled: boolean }> {
    const { config } = this.options;
    const sentAt = this.now();
    const result = await sendDelivery(
      {
        url: delivery.url,
        body: delivery.body,
        headers: {
          [SIGNATURE_HEADER]: signatureHeader(delivery.secrets, sentAt, delivery.body),
          [IDEMPOTENCY_HEADER]: delivery.eventId,
          [EVENT_TYPE_HEADER]: delivery.eventType,
          'user-agent': 'ReformDesk-Webhooks/1',
        },
      },
      { timeoutMs: config.timeoutMs, allowPrivateTargets: config.allowPrivateTargets, resolve: this.options.resolve },
    );
    return this.record(delivery, sentAt, result);
  }

  private fork(): EntityManager {
    return this.options.orm.em.fork() as EntityManager;
  }

  private async claim(): Promise<ClaimedDelivery[]> {
    const now = this.now();
    // The lease outlives the attempt's timeout, so only a dead process's claim expires.
    const leaseUntil = new Date(now.getTime() + this.options.config.timeoutMs * 2 + 30_000);
    const rows: Record<string, unknown>[] = await this.fork().execute(
      `update webhook_delivery d set status = 'SENDING', lease_until = ?, attempts = d.attempts + 1
       from webhook_endpoint e
       where e.id = d.endpoint_id and d.id in (
         select d2.id from webhook_delivery d2 join webhook_endpoint e2 on e2.id = d2.endpoint_id
         where e2.active and ((d2.status = 'PENDING' and d2.next_attempt_at <= ?) or (d2.status = 'SENDING' and d2.lease_until <= ?))
         order by d2.next_attempt_at, d2.id limit ? for update of d2 skip locked)
       returning d.id, d.attempts, d.event_id, d.event_type, d.body::text as body, e.id as endpoint_id, e.url,
         e.secret, case when e.previous_secret_expires_at > ? then e.previous_secret end as previous_secret`,
      [leaseUntil, now, now, this.options.config.concurrency, now],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      attempts: Number(r.attempts),
      eventId: String(r.event_id),
      eventType: String(r.event_type),
      body: String(r.body),
      endpointId: Number(r.endpoint_id),
      url: String(r.url),
      secrets: [r.secret, r.previous_secret].filter((s): s is string => typeof s === 'string'),
    }));
  }

  /** The attempt row, the delivery's new state and the endpoint's health, in one transaction. */
  private async record(delivery: ClaimedDelivery, at: Date, result: SendResult): Promise<{ status: 'delivered' | 'retrying' | 'failed'; endpointDisabled: boolean }> {
    const { config } = this.options;
    const now = this.now();
    const error = result.error?.slice(0, 500) ?? null;
    const giveUp = !result.ok && delivery.attempts >= config.maxAttempts;
    const status = result.ok ? 'delivered' : giveUp ? 'failed' : 'retrying';
    const nextAttemptAt = status === 'retrying' ? new Date(now.getTime() + retryDelayMs(delivery.attempts, config, this.options.random)) : null;
    let endpointDisabled = false;
    await this.fork().transactional(async (em) => {
      // The delivery may be gone meanwhile (its endpoint deleted): then there is nothing to record.
      await em.execute(
        `insert into webhook_attempt (delivery_id, attempt, at, status_code, error, duration_ms) select ?, ?, ?, ?, ?, ? where exists (select 1 from webhook_delivery where id = ?)`,
        [delivery.id, delivery.attempts, at, result.statusCode, error, result.durationMs, delivery.id],
      );
      // Only the claim that is still current may settle the row (a replay or a newer claim wins).
      await em.execute(
        `update webhook_delivery set status = ?, next_attempt_at = ?, lease_until = null, last_status_code = ?, last_error = ?, last_duration_ms = ?, delivered_at = ?
         where id = ? and status = 'SENDING' and attempts = ?`,
        [
          result.ok ? 'DELIVERED' : giveUp ? 'FAILED' : 'PENDING',
          nextAttemptAt,
          result.statusCode,
          error,
          result.durationMs,
          result.ok ? now : null,
          delivery.id,
          delivery.attempts,
        ],
      );
      if (result.ok) {
        await em.execute(`update webhook_endpoint set failing_since = null where id = ? and failing_since is not null`, [delivery.endpointId]);
        return;
      }
      const disableBefore = new Date(now.getTime() - config.disableAfterHours * 3600_000);
      const reason = `failing since more than ${config.disableAfterHours} h: disabled automatically`;
      const disabled: unknown[] = await em.execute(
        `update webhook_endpoint set failing_since = coalesce(failing_since, ?),
           active = case when coalesce(failing_since, ?) <= ? then false else active end,
           disabled_reason = case when active and coalesce(failing_since, ?) <= ? then ? else disabled_reason end
         where id = ? returning (not active and disabled_reason = ?) as just_disabled`,
        [at, at, disableBefore, at, disableBefore, reason, delivery.endpointId, reason],
      );
      endpointDisabled = Boolean((disabled[0] as { just_disabled?: boolean } | undefined)?.just_disabled);
    });
    if (endpointDisabled)
      this.options.logger.warn({ endpoint: delivery.endpointId, disableAfterHours: config.disableAfterHours }, 'webhook endpoint disabled after failing too long');
    return { status, endpointDisabled };
  }
}

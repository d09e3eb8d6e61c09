/**
 * Reads the outbox in id (= commit) order and hands every event to each durable consumer, at
 * least once, remembering per consumer how far it got (change_cursor), so delivery resumes
 * after a crash where it stopped. One process delivers to a consumer at a time: it holds a
 * lease on the consumer's cursor row, renewed every batch; a crashed owner's lease runs out.
 *
 * Wake-ups: on PostgreSQL a LISTEN connection (the NOTIFY raised by recordChange arrives at
 * commit, also from other processes); in every mode the ORM's commit event of this process;
 * and a poll every `pollMs` as the safety net. Queries run on short autocommit statements
 * through the ORM's pool and no transaction is held while consumers run: on PGlite's single
 * connection the dispatcher waits its turn behind a mutation but never blocks one.
 */
import { randomUUID } from 'node:crypto';
import type { EventSubscriber } from '@mikro-orm/core';
import { Client } from 'pg';
import type { Database } from '../db-kit/database';
import type { ChangeConsumer, ChangeEvent } from '../outbox/change-event';
import { CHANGE_CHANNEL, eventOf, type OutboxRow } from '../outbox/record';

export interface DispatcherLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface DispatcherOptions {
  logger: DispatcherLogger;
  pollMs?: number;
  batchSize?: number;
  leaseMs?: number;
  /** Delivered outbox rows older than this are deleted (default 168 h). */
  retentionMs?: number;
  /** How often a delivery pass also prunes (default 1 h). */
  pruneEveryMs?: number;
  /** The clock pruning measures age with (tests move it forward). */
  now?: () => Date;
}

export interface ConsumerLag {
  consumer: string;
  lastId: string;
  /** Events committed but not yet delivered to this consumer. */
  behind: number;
  /** Age in seconds of the oldest undelivered event (0 when none). */
  oldestSeconds: number;
}

export class Dispatcher {
  readonly owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly pollMs: number;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly retentionMs: number;
  private readonly pruneEveryMs: number;
  private readonly now: () => Date;
  private lastPrune = 0;
  private timer: NodeJS.Timeout | null = null;
  private listener: Client | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  /** consumer name → earliest time to retry after a failed delivery */
  private readonly backoff = new Map<string, { until: number; delayMs: number }>();

  constructor(
    private readonly db: Database,
    private readonly consumers: ChangeConsumer[],
    private readonly options: DispatcherOptions,
  ) {
    this.pollMs = options.pollMs ?? 1000;
    this.batchSize = options.batchSize ?? 200;
    this.leaseMs = options.leaseMs ?? 15_000;
    this.retentionMs = options.retentionMs ?? 168 * 3600_000;
    this.pruneEveryMs = options.pruneEveryMs ?? 3600_000;
    this.now = options.now ?? (() => new Date());
  }

  async start(): Promise<void> {
    const dispatcher = this;
    const subscriber: EventSubscriber = {
      afterTransactionCommit() {
        if (!dispatcher.stopped) dispatcher.poke();
      },
    };
    this.db.orm.em.getEventManager().registerSubscriber(subscriber);
    if (this.db.target.kind === 'postgres') await this.listen(this.db.target.url);
    this.timer = setInterval(() => this.poke(), this.pollMs);
    this.timer.unref();
    this.poke();
  }

  /** Runs a delivery pass now, or right after the one in progress. */
  poke(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.deliverAll()
      .catch((e: Error) => this.options.logger.error({ err: e }, 'change feed: delivery pass failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
  }

  /** Resolves when everything committed so far has been offered to every consumer. */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops waking up, finishes the delivery in flight and gives the leases back. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    await this.drain();
    await this.execute(`update change_cursor set lease_owner = null, lease_until = null where lease_owner = ?`, [this.owner]).catch(() => undefined);
  }

  async lag(): Promise<ConsumerLag[]> {
    const rows: { consumer: string; last_id: string; behind: string | number; oldest: string | number | null }[] = await this.execute(
      `select c.consumer, c.last_id::text as last_id,
              (select count(*) from change_outbox o where o.id > c.last_id) as behind,
              (select extract(epoch from now() - min(o.occurred_at)) from change_outbox o where o.id > c.last_id) as oldest
         from change_cursor c where c.consumer in (?) order by c.consumer`,
      [this.consumers.map((c) => c.name)],
    );
    return rows.map((r) => ({ consumer: r.consumer, lastId: r.last_id, behind: Number(r.behind), oldestSeconds: Math.round(Number(r.oldest ?? 0) * 1000) / 1000 }));
  }

  private async listen(url: string): Promise<void> {
    const client = new Client({ connectionString: url });
    client.on('notification', () => this.poke());
    // A lost LISTEN connection only costs promptness: polling still delivers.
    client.on('error', (e) => this.options.logger.warn({ err: e }, 'change feed: LISTEN connection lost; polling only'));
    await client.connect();
    await client.query(`listen ${CHANGE_CHANNEL}`);
    this.listener = client;
  }

  private async deliverAll(): Promise<void> {
    for (const consumer of this.consumers) {
      const wait = this.backoff.get(consumer.name);
      if (wait && wait.until > Date.now()) continue;
      while (!this.stopped && (await this.deliverBatch(consumer)) === this.batchSize);
    }
    if (!this.stopped && Date.now() - this.lastPrune >= this.pruneEveryMs) {
      this.lastPrune = Date.now();
      await this.prune();
    }
  }

  /**
   * Deletes outbox rows that every consumer has passed and that are older than the retention;
   * returns how many. "Every consumer" is every cursor in the table (other instances may deliver
   * to consumers this one does not run), and nothing goes while one of this instance's
   * consumers has no cursor yet. One autocommit statement: safe beside PGlite's one connection.
   */
  async prune(): Promise<number> {
    const names = this.consumers.map((c) => c.name);
    const deleted: { id: string }[] = await this.execute(
      `delete from change_outbox
        where occurred_at < ?
          and (select count(*) from change_cursor where consumer in (?)) = ?
          and id <= (select coalesce(min(last_id), 0) from change_cursor)
        returning id`,
      [new Date(this.now().getTime() - this.retentionMs), names, names.length],
    );
    if (deleted.length > 0) this.options.logger.info({ pruned: deleted.length }, 'change feed: pruned delivered outbox rows');
    return deleted.length;
  }

  /** Delivers one batch to one consumer; returns how many events it delivered. */
  private async deliverBatch(consumer: ChangeConsumer): Promise<number> {
    const claimed: { last_id: string }[] = await this.execute(
      `insert into change_cursor (consumer, last_id, lease_owner, lease_until, updated_at)
       values (?, 0, ?, now() + ? * interval '1 millisecond', now())
       on conflict (consumer) do update set lease_owner = excluded.lease_owner, lease_until = excluded.lease_until
         where change_cursor.lease_owner = excluded.lease_owner or change_cursor.lease_until is null or change_cursor.lease_until < now()
       returning last_id::text as last_id`,
      [consumer.name, this.owner, this.leaseMs],
    );
    if (claimed.length === 0) return 0; // another process delivers to this consumer
    const rows: OutboxRow[] = await this.execute(
      `select id::text as id, type, keys, revision, payload, organisation_id, occurred_at from change_outbox where id > ? order by id limit ?`,
      [claimed[0].last_id, this.batchSize],
    );
    if (rows.length === 0) return 0;
    const started = Date.now();
    let delivered: ChangeEvent | null = null;
    let failure: Error | null = null;
    for (const row of rows) {
      const event = eventOf(row);
      try {
        await consumer.handle(event);
        delivered = event;
      } catch (e) {
        failure = e as Error;
        break;
      }
    }
    if (delivered) {
      await this.execute(`update change_cursor set last_id = ?, updated_at = now() where consumer = ? and lease_owner = ?`, [delivered.id, consumer.name, this.owner]);
    }
    const count = delivered ? rows.findIndex((r) => String(r.id) === delivered!.id) + 1 : 0;
    this.options.logger.info(
      { consumer: consumer.name, events: count, firstId: rows[0].id, lastId: delivered?.id ?? null, ms: Date.now() - started, failed: failure ? 1 : 0 },
      'change feed: delivery batch',
    );
    if (failure) {
      const delayMs = Math.min(60_000, (this.backoff.get(consumer.name)?.delayMs ?? 500) * 2);
      this.backoff.set(consumer.name, { until: Date.now() + delayMs, delayMs });
      this.options.logger.warn({ consumer: consumer.name, err: failure, retryInMs: delayMs }, 'change feed: consumer failed; will retry');
      return 0;
    }
    this.backoff.delete(consumer.name);
    return rows.length;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw rows: each caller annotates the shape it selected
  private execute<T = any>(sql: string, params: unknown[]): Promise<T> {
    return this.db.orm.em.getConnection().execute(sql, params) as Promise<T>;
  }
}

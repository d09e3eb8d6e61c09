/**
 * Change keys leave here AFTER COMMIT. The tracker watches every SQL statement of an ORM (the
 * knex "query" events that also feed the statement counter), notes the tables each connection
 * writes (and the rows, see row-keys.ts), and publishes them once the write is durable: autocommit statements when they answer,
 * transactional ones when MikroORM reports the root transaction committed (a rollback discards
 * them). Nothing has to remember to emit: a service, a bulk insert, a raw `em.execute` or an
 * import all write through the same connection events.
 *
 * A `ChangeBus` carries the keys to listeners (the response cache). In process by default;
 * with Redis, published keys also reach the other processes. Issue 12's durable outbox can
 * implement the same interface.
 */
import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { type EventSubscriber, type TransactionEventArgs } from '@mikro-orm/core';
import Redis from 'ioredis';
import { tablesWritten } from './sql-tables';
import { changeKeysOf } from './row-keys';

export type ChangeListener = (keys: string[]) => void | Promise<void>;

export interface ChangeBus {
  /** Runs local listeners (awaited) and fans the keys out to other processes. */
  publish(keys: string[]): Promise<void>;
  subscribe(listener: ChangeListener): () => void;
  close(): Promise<void>;
}

export class InProcessBus implements ChangeBus {
  protected listeners = new Set<ChangeListener>();
  async publish(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    // async: a listener may answer void or a promise, and a synchronous throw becomes a rejection too.
    await Promise.all([...this.listeners].map(async (l) => l(keys)));
  }
  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  async close(): Promise<void> {
    this.listeners.clear();
  }
}

/** Redis pub/sub: local listeners first (so the writer's own purge is done when publish resolves), then the channel. */
export class RedisBus extends InProcessBus {
  private readonly origin = randomUUID();
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly ready: Promise<unknown>;

  constructor(
    url: string,
    private readonly channel: string,
  ) {
    super();
    this.pub = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
    this.sub = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
    this.sub.on('message', (_channel, message: string) => {
      const { origin, keys } = JSON.parse(message) as { origin: string; keys: string[] };
      if (origin !== this.origin) void super.publish(keys);
    });
    this.ready = this.sub.subscribe(channel);
  }

  async publish(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await super.publish(keys);
    await this.pub.publish(this.channel, JSON.stringify({ origin: this.origin, keys }));
  }

  /** Resolves once this process listens on the channel. */
  async listening(): Promise<void> {
    await this.ready;
  }

  async close(): Promise<void> {
    await super.close();
    this.sub.disconnect();
    await this.pub.quit().catch(() => undefined);
  }
}

export function createChangeBus(redisUrl: string | null, channel: string): ChangeBus {
  return redisUrl ? new RedisBus(redisUrl, channel) : new InProcessBus();
}

interface QueryEvent {
  sql: string;
  __knexUid?: string;
  __knexTxId?: string;
  __knexQueryUid?: string;
}

/** Emits the tables written through one ORM after they commit. One per ORM; listeners add up. */
export class WriteTracker {
  private readonly listeners = new Set<ChangeListener>();
  /** tables written inside an open transaction, per connection */
  private readonly inTransaction = new Map<string, Set<string>>();
  /** autocommit statements in flight: their tables go out when they answer */
  private readonly autocommit = new Map<string, Set<string>>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(orm: MikroORM) {
    const knex = orm.em.getConnection().getKnex();
    knex.on('query', (q: QueryEvent) => this.onQuery(q));
    knex.on('query-response', (_r: unknown, q: QueryEvent) => this.onAnswered(q));
    knex.on('query-error', (_e: unknown, q: QueryEvent) => this.onAnswered(q));
    const tracker = this;
    const subscriber: EventSubscriber = {
      async afterTransactionCommit(args: TransactionEventArgs) {
        const uid = await connectionUid(args);
        const tables = uid ? tracker.inTransaction.get(uid) : undefined;
        if (!uid || !tables) return;
        tracker.inTransaction.delete(uid);
        await tracker.emit([...tables]);
      },
      async afterTransactionRollback(args: TransactionEventArgs) {
        const uid = await connectionUid(args);
        if (uid) tracker.inTransaction.delete(uid);
      },
    };
    orm.em.getEventManager().registerSubscriber(subscriber);
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when every emission started so far has reached its listeners. */
  async settled(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  /** Emits keys that no SQL statement shows (e.g. a file written next to the database). */
  emit(keys: string[]): Promise<void> {
    if (keys.length === 0 || this.listeners.size === 0) return Promise.resolve();
    // A failed purge (Redis down) must not crash the process or fail the write that committed.
    const p = Promise.all([...this.listeners].map(async (l) => l(keys))).then(
      () => undefined,
      (e: Error) => process.emitWarning(`response cache: purging ${keys.join(' ')} failed: ${e.message}`),
    );
    this.inFlight.add(p);
    return p.finally(() => this.inFlight.delete(p));
  }

  private onQuery(q: QueryEvent): void {
    const written = tablesWritten(q.sql);
    if (written.size === 0) return;
    // The tables, plus rows (`article:12`) or `article:*` for the tables row keys describe (row-keys.ts).
    const tables = new Set(changeKeysOf(q.sql, written));
    if (q.__knexTxId && q.__knexUid) {
      const pending = this.inTransaction.get(q.__knexUid) ?? new Set<string>();
      tables.forEach((t) => pending.add(t));
      this.inTransaction.set(q.__knexUid, pending);
    } else if (q.__knexQueryUid) {
      this.autocommit.set(q.__knexQueryUid, tables);
    } else {
      void this.emit([...tables]);
    }
  }

  private onAnswered(q: QueryEvent): void {
    const uid = q.__knexQueryUid;
    const tables = uid ? this.autocommit.get(uid) : undefined;
    if (!uid || !tables) return;
    this.autocommit.delete(uid);
    // A failed statement changed nothing, but emitting anyway only costs a purge.
    void this.emit([...tables]);
  }
}

/** The knex connection a root transaction ran on (its transactional client hands out exactly that one). */
async function connectionUid(args: TransactionEventArgs): Promise<string | undefined> {
  const trx = args.transaction as unknown as { client?: { acquireConnection?: () => Promise<{ __knexUid?: string }> } } | undefined;
  const connection = await trx?.client?.acquireConnection?.();
  return connection?.__knexUid;
}

const trackers = new WeakMap<MikroORM, WriteTracker>();

export function writeTracker(orm: MikroORM): WriteTracker {
  let tracker = trackers.get(orm);
  if (!tracker) {
    tracker = new WriteTracker(orm);
    trackers.set(orm, tracker);
  }
  return tracker;
}

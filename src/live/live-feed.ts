/**
 * Fan-out of committed changes to every process: the dispatcher hands each event to this
 * consumer once (per lease holder); with Redis it is published on a pub/sub channel that every
 * instance (this one included) listens to, without Redis it goes straight to the listeners of
 * this process (every feed on the same channel). Listeners are the GraphQL subscriptions of the sockets this process holds.
 *
 * At-least-once upstream becomes once per process here: the ids of recent events are
 * remembered and a redelivered event is dropped, so a client sees each event id once.
 * Why pub/sub and not streams: see docs/live.md.
 */
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { ChangeConsumer, ChangeEvent } from '../outbox/change-event';

export type LiveListener = (event: ChangeEvent) => void;

const REMEMBERED_IDS = 10_000;

/** Without Redis, the channel is this process: every feed on it (e.g. two servers in one test) hears each event. */
const localChannels = new Map<string, Set<LiveFeed>>();

export class LiveFeed implements ChangeConsumer {
  readonly name = 'live-fanout';
  private readonly listeners = new Set<LiveListener>();
  private readonly seen = new Set<string>();
  private readonly instance = randomUUID();
  private pub: Redis | null = null;
  private sub: Redis | null = null;
  private ready: Promise<unknown> = Promise.resolve();
  /** Events published to Redis but not yet received back: shutdown waits for them. */
  private inFlight = 0;

  constructor(
    redisUrl: string | null,
    private readonly channel: string,
    private readonly onError: (e: Error) => void = () => undefined,
  ) {
    if (!redisUrl) {
      const feeds = localChannels.get(channel) ?? new Set<LiveFeed>();
      feeds.add(this);
      localChannels.set(channel, feeds);
      return;
    }
    this.pub = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
    this.sub = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
    this.pub.on('error', onError);
    this.sub.on('error', onError);
    this.sub.on('message', (_channel, message: string) => {
      try {
        const { origin, event } = JSON.parse(message) as { origin: string; event: ChangeEvent };
        if (origin === this.instance) this.inFlight = Math.max(0, this.inFlight - 1);
        this.deliverLocally({ ...event, occurredAt: new Date(event.occurredAt) });
      } catch (e) {
        onError(e as Error);
      }
    });
    this.ready = this.sub.subscribe(channel);
  }

  /** Resolves once this process receives the channel (Redis) — at once in process. */
  async listening(): Promise<void> {
    await this.ready;
  }

  async handle(event: ChangeEvent): Promise<void> {
    if (!this.pub) {
      for (const feed of localChannels.get(this.channel) ?? [this]) feed.deliverLocally(event);
      return;
    }
    this.inFlight++;
    await this.pub.publish(this.channel, JSON.stringify({ origin: this.instance, event }));
  }

  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  private deliverLocally(event: ChangeEvent): void {
    if (this.seen.has(event.id)) return;
    this.seen.add(event.id);
    if (this.seen.size > REMEMBERED_IDS) this.seen.delete(this.seen.values().next().value as string);
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (e) {
        this.onError(e as Error);
      }
    }
  }

  async close(): Promise<void> {
    // Let our own last publications come back to local subscribers (bounded wait).
    for (let i = 0; i < 20 && this.inFlight > 0; i++) await new Promise((r) => setTimeout(r, 25));
    this.listeners.clear();
    localChannels.get(this.channel)?.delete(this);
    this.sub?.disconnect();
    await this.pub?.quit().catch(() => undefined);
  }
}

/**
 * A pull-based view of the feed for one GraphQL subscription: matching events are queued
 * (bounded: a slow client loses the oldest, which for "the table changed" loses nothing the
 * next event does not carry) and handed out one by one; `return()` unsubscribes.
 */
export function eventIterator(feed: LiveFeed, accept: (event: ChangeEvent) => boolean, maxQueued = 50): AsyncIterableIterator<ChangeEvent> {
  const queue: ChangeEvent[] = [];
  let waiting: ((r: IteratorResult<ChangeEvent>) => void) | null = null;
  let done = false;
  const unsubscribe = feed.subscribe((event) => {
    if (done || !accept(event)) return;
    if (waiting) {
      const resolve = waiting;
      waiting = null;
      resolve({ value: event, done: false });
      return;
    }
    queue.push(event);
    if (queue.length > maxQueued) queue.shift();
  });
  const finish = (): Promise<IteratorResult<ChangeEvent>> => {
    done = true;
    unsubscribe();
    queue.length = 0;
    waiting?.({ value: undefined, done: true });
    waiting = null;
    return Promise.resolve({ value: undefined, done: true });
  };
  return {
    next() {
      if (queue.length) return Promise.resolve({ value: queue.shift()!, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => (waiting = resolve));
    },
    return: finish,
    throw: (e: unknown) => finish().then(() => Promise.reject(e instanceof Error ? e : new Error(String(e)))),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

declare module '../graphql/context' {
  interface RequestContext {
    /** Set on websocket operations: the change feed subscriptions read from (src/live). */
    live?: { feed: LiveFeed; shared: import('./shared-results').SharedResults };
  }
}

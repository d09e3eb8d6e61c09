/**
 * Two guards around sharp work:
 * - TransformLimiter caps jobs running at once plus jobs waiting; past that, TransformBusyError
 *   (503 + Retry-After) instead of an ever-growing queue that exhausts memory.
 * - SingleFlight makes concurrent requests for the same key share one production.
 * And variantMemory, the byte-bounded memory of served variants.
 */
import { LRUCache } from 'lru-cache';
import { TransformBusyError } from './media.errors';

export class TransformLimiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly maxRunning: number,
    private readonly maxWaiting: number,
    private readonly retryAfterSeconds = 2,
  ) {}

  get stats() {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** Runs fn within a slot, waiting in the bounded queue if needed; refuses when both are full. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxRunning) {
      if (this.waiting.length >= this.maxWaiting) throw new TransformBusyError(this.retryAfterSeconds);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await fn();
    } finally {
      // Hand the slot straight to the next waiter (running stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  /** Whether the caller started the work (true) or joined one already running (false). */
  async do(key: string, fn: () => Promise<T>): Promise<{ value: T; leader: boolean }> {
    const existing = this.inFlight.get(key);
    if (existing) return { value: await existing, leader: false };
    const promise = fn().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return { value: await promise, leader: true };
  }
}

/**
 * Recently used buffers up to a byte budget, least recently used evicted first (lru-cache).
 * Hot variants then cost no disk read.
 */
export function variantMemory(budget: number): LRUCache<string, Buffer> {
  return new LRUCache<string, Buffer>({
    maxSize: Math.max(1, budget),
    // One item may take at most an eighth of the budget, so a few big files cannot flush it.
    maxEntrySize: Math.max(1, Math.floor(budget / 8)),
    sizeCalculation: (value) => Math.max(1, value.length),
  });
}

/**
 * Where cached responses live: an in-process LRU bounded by bytes (default), or Redis shared by
 * every instance (REDIS_URL). Both keep a dependency index (change key → entries) and refuse to
 * store a response when one of its keys changed after the response started reading: the
 * "epoch" taken at request start is compared with the epoch of each key's last invalidation,
 * so a slow read that overlapped a write can never put the old state back.
 */
import { LRUCache } from 'lru-cache';
import Redis from 'ioredis';
import type { CacheHint } from './policy';

export interface CachedResponse {
  /** JSON of the `data` member, exactly as sent */
  data: string;
  etag: string;
  deps: string[];
  /** Cache-Control directives for a hit (ages are capped again by expiresAt) */
  hint: CacheHint;
  /** ms since epoch, in the server's (injectable) clock */
  expiresAt: number;
}

export interface ResponseStore {
  /** Invalidation sequence now; pass it back to set(). */
  epoch(): Promise<number>;
  get(key: string): Promise<CachedResponse | undefined>;
  /** false when a dependency changed since `startEpoch` (nothing stored) */
  set(key: string, value: CachedResponse, startEpoch: number, ttlMs: number): Promise<boolean>;
  invalidate(deps: string[]): Promise<void>;
  close(): Promise<void>;
}

const entrySize = (v: CachedResponse) => v.data.length * 2 + v.deps.join().length * 2 + 200;

export class MemoryStore implements ResponseStore {
  private seq = 0;
  private readonly lastChanged = new Map<string, number>();
  /** Row keys make lastChanged grow with every row written: past a bound it is forgotten, and a key not in it counts as changed then. */
  private forgottenBefore = -1;
  private readonly byDep = new Map<string, Set<string>>();
  private readonly lru: LRUCache<string, CachedResponse>;

  constructor(maxBytes: number) {
    this.lru = new LRUCache<string, CachedResponse>({
      maxSize: maxBytes,
      sizeCalculation: entrySize,
      dispose: (value, key) => {
        for (const dep of value.deps) this.byDep.get(dep)?.delete(key);
      },
    });
  }

  async epoch(): Promise<number> {
    return this.seq;
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    return this.lru.get(key);
  }

  /** Synchronous lookup for the hot path (no promise, no await). */
  getNow(key: string): CachedResponse | undefined {
    return this.lru.get(key);
  }

  async set(key: string, value: CachedResponse, startEpoch: number, ttlMs: number): Promise<boolean> {
    if (value.deps.some((d) => (this.lastChanged.get(d) ?? this.forgottenBefore) > startEpoch)) return false;
    this.lru.set(key, value, { ttl: Math.max(1, Math.ceil(ttlMs)) });
    if (!this.lru.has(key)) return false; // larger than the whole cache
    for (const dep of value.deps) {
      let keys = this.byDep.get(dep);
      if (!keys) this.byDep.set(dep, (keys = new Set()));
      keys.add(key);
    }
    return true;
  }

  async invalidate(deps: string[]): Promise<void> {
    this.seq++;
    if (this.lastChanged.size > 100_000) {
      this.lastChanged.clear();
      this.forgottenBefore = this.seq; // requests started before now store nothing (safe side)
    }
    for (const dep of deps) {
      this.lastChanged.set(dep, this.seq);
      const keys = this.byDep.get(dep);
      if (!keys) continue;
      this.byDep.delete(dep);
      for (const key of keys) this.lru.delete(key);
    }
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.lru.size, bytes: this.lru.calculatedSize };
  }

  async close(): Promise<void> {
    this.lru.clear();
  }
}

// KEYS: none (names are built from the prefix). ARGV: prefix, key, value, startEpoch, ttlMs, deps...
const SET_SCRIPT = `
local p = ARGV[1]
local start = tonumber(ARGV[4])
for i = 6, #ARGV do
  local v = redis.call('GET', p .. 'v:' .. ARGV[i])
  if v and tonumber(v) > start then return 0 end
end
redis.call('SET', p .. 'e:' .. ARGV[2], ARGV[3], 'PX', ARGV[5])
for i = 6, #ARGV do
  redis.call('SADD', p .. 'd:' .. ARGV[i], ARGV[2])
  redis.call('PEXPIRE', p .. 'd:' .. ARGV[i], 86400000)
end
return 1`;

// ARGV: prefix, deps...
const INVALIDATE_SCRIPT = `
local p = ARGV[1]
local e = redis.call('INCR', p .. 'epoch')
for i = 2, #ARGV do
  -- a version only has to outlive the longest request that could have started before it
  redis.call('SET', p .. 'v:' .. ARGV[i], e, 'PX', 86400000)
  local keys = redis.call('SMEMBERS', p .. 'd:' .. ARGV[i])
  for _, k in ipairs(keys) do redis.call('DEL', p .. 'e:' .. k) end
  redis.call('DEL', p .. 'd:' .. ARGV[i])
end
return e`;

/** Shared store: entries, dependency sets and versions under one key prefix, changed atomically by scripts. */
export class RedisStore implements ResponseStore {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 2 });
  }

  async epoch(): Promise<number> {
    return Number((await this.redis.get(`${this.prefix}epoch`)) ?? 0);
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    const raw = await this.redis.get(`${this.prefix}e:${key}`);
    return raw ? (JSON.parse(raw) as CachedResponse) : undefined;
  }

  async set(key: string, value: CachedResponse, startEpoch: number, ttlMs: number): Promise<boolean> {
    const ok = await this.redis.eval(SET_SCRIPT, 0, this.prefix, key, JSON.stringify(value), startEpoch, Math.max(1, Math.ceil(ttlMs)), ...value.deps);
    return ok === 1;
  }

  async invalidate(deps: string[]): Promise<void> {
    if (deps.length) await this.redis.eval(INVALIDATE_SCRIPT, 0, this.prefix, ...deps);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}

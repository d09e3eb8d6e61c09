/**
 * Getting a variant's bytes: from the disk cache when produced before, otherwise produced
 * once (concurrent askers share the production) within the transform cap, then cached.
 */
import type { MediaConfig } from '../config';
import { MediaInputError } from './media.errors';
import { SingleFlight, TransformLimiter, variantMemory } from './media.limiter';
import type { LRUCache } from 'lru-cache';
import { FsStorage, type MediaStorage } from './media.storage';
import { produceVariant, type VariantSource, type VariantSpec, variantEtag, variantKey } from './media.variants';

export type DeliveryOutcome = 'cached' | 'produced' | 'joined';

export interface Delivered {
  data: Buffer;
  etag: string;
  outcome: DeliveryOutcome;
}

export class VariantDelivery {
  private readonly flights = new SingleFlight<{ data: Buffer; produced: boolean }>();
  private readonly memory: LRUCache<string, Buffer>;

  constructor(
    private readonly storage: MediaStorage,
    private readonly limiter: TransformLimiter,
    private readonly media: MediaConfig,
  ) {
    this.memory = variantMemory(media.memoryCacheBytes);
  }

  /** From memory, else from storage (remembered for next time). */
  private async lookup(key: string): Promise<Buffer | null> {
    const hot = this.memory.get(key);
    if (hot) return hot;
    const data = await this.storage.get(key);
    if (data) this.memory.set(key, data);
    return data;
  }

  /**
   * A whole-picture variant depends only on the id and the spec (originals never change), so
   * it can be looked up without asking the database.
   */
  async cachedWhole(id: string, spec: VariantSpec): Promise<Delivered | null> {
    if (spec.ratio) return null;
    const key = variantKey({ id, focalX: 0.5, focalY: 0.5 }, spec);
    const data = await this.lookup(key);
    return data ? { data, etag: variantEtag(key), outcome: 'cached' } : null;
  }

  async deliver(source: VariantSource & { storageKey: string }, spec: VariantSpec): Promise<Delivered> {
    const key = variantKey(source, spec);
    const etag = variantEtag(key);
    const hit = await this.lookup(key);
    if (hit) return { data: hit, etag, outcome: 'cached' };
    const { value, leader } = await this.flights.do(key, () =>
      this.limiter.run(async () => {
        // Another process sharing the directory may have produced it meanwhile.
        const again = await this.storage.get(key);
        if (again) return { data: again, produced: false };
        const original = await this.storage.get(source.storageKey);
        if (!original) throw new MediaInputError(404, 'ORIGINAL_MISSING', 'the original of this image is missing from media storage');
        const data = await produceVariant(original, source, spec, this.media.maxPixels);
        await this.storage.put(key, data);
        this.memory.set(key, data);
        return { data, produced: true };
      }),
    );
    return { data: value.data, etag, outcome: leader && value.produced ? 'produced' : leader ? 'cached' : 'joined' };
  }
}

/** One per server: the storage, the transform cap and the single-production table are shared. */
export interface MediaModule {
  storage: MediaStorage;
  limiter: TransformLimiter;
  delivery: VariantDelivery;
}

/** The configured store; the one place to choose another (e.g. S3-compatible) implementation. */
export function storageFor(media: MediaConfig): MediaStorage {
  return new FsStorage(media.dir);
}

export function createMediaModule(media: MediaConfig, storage: MediaStorage = storageFor(media)): MediaModule {
  const limiter = new TransformLimiter(media.maxConcurrentTransforms, media.maxQueuedTransforms);
  return { storage, limiter, delivery: new VariantDelivery(storage, limiter, media) };
}

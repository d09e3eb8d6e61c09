import fs from 'node:fs';
import { TransformBusyError } from '../../src/media/media.errors';
import { SingleFlight, TransformLimiter, variantMemory } from '../../src/media/media.limiter';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { freshMediaConfig, getVariant, gradient, noise, signInMediaStaff, upload } from './helpers';

/** A promise the test settles by hand, to hold a slot for exactly as long as it wants. */
function gate<T = void>() {
  let open!: (value: T) => void;
  let fail!: (e: Error) => void;
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

describe('transform limiter', () => {
  it('runs up to the cap, queues up to the queue size, and refuses beyond with a retry hint', async () => {
    const limiter = new TransformLimiter(1, 1, 3);
    const first = gate<string>();
    const order: string[] = [];
    const a = limiter.run(async () => (order.push('a'), first.promise));
    const b = limiter.run(async () => (order.push('b'), 'b'));
    expect(limiter.stats).toEqual({ running: 1, waiting: 1 });
    const refused = await limiter.run(async () => 'c').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TransformBusyError);
    expect([(refused as TransformBusyError).status, (refused as TransformBusyError).retryAfterSeconds]).toEqual([503, 3]);
    first.open('a');
    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
    expect(order).toEqual(['a', 'b']);
    expect(limiter.stats).toEqual({ running: 0, waiting: 0 });
  });

  it('frees the slot when a job fails', async () => {
    const limiter = new TransformLimiter(1, 0);
    await expect(limiter.run(async () => Promise.reject(new Error('broken picture')))).rejects.toThrow('broken picture');
    expect(await limiter.run(async () => 'next')).toBe('next');
  });
});

describe('single flight', () => {
  it('lets concurrent callers of one key share one run, and runs again once it is over', async () => {
    const flights = new SingleFlight<number>();
    let runs = 0;
    const held = gate();
    const work = async () => {
      runs++;
      await held.promise;
      return runs;
    };
    const calls = [flights.do('k', work), flights.do('k', work), flights.do('k', work)];
    const other = flights.do('other', async () => 99);
    held.open();
    const results = await Promise.all(calls);
    expect(results.map((r) => r.value)).toEqual([1, 1, 1]);
    expect(results.map((r) => r.leader)).toEqual([true, false, false]);
    expect((await other).value).toBe(99);
    expect((await flights.do('k', work)).value).toBe(2);
  });

  it('hands a failure to every joiner and does not keep it', async () => {
    const flights = new SingleFlight<string>();
    const held = gate<string>();
    const calls = [flights.do('k', () => held.promise), flights.do('k', () => held.promise)];
    held.fail(new Error('no original'));
    for (const call of calls) await expect(call).rejects.toThrow('no original');
    expect((await flights.do('k', async () => 'fine')).value).toBe('fine');
  });
});

describe('memory cache of served variants', () => {
  it('keeps recently used buffers within its byte budget, evicting the least recently used', () => {
    const lru = variantMemory(800);
    lru.set('a', Buffer.alloc(100));
    lru.set('b', Buffer.alloc(100));
    lru.set('too-big', Buffer.alloc(101)); // over an eighth of the budget: never kept
    expect(lru.get('too-big')).toBeUndefined();
    for (const key of ['c', 'd', 'e', 'f', 'g']) {
      lru.get('a'); // a stays hot
      lru.set(key, Buffer.alloc(100));
    }
    lru.set('h', Buffer.alloc(100));
    expect({ items: lru.size, bytes: lru.calculatedSize }).toEqual({ items: 8, bytes: 800 });
    lru.set('i', Buffer.alloc(100));
    expect(lru.get('a')).toBeDefined();
    expect(lru.get('b')).toBeUndefined();
    expect(lru.calculatedSize).toBe(800);
  });
});

describe('a storm of transforms over HTTP', () => {
  let db: TestDatabase;
  let server: TestServer;
  const media = freshMediaConfig({ maxConcurrentTransforms: 1, maxQueuedTransforms: 1 });

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer(db, { media });
    await signInMediaStaff(db); // upload() sends its headers
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
    fs.rmSync(media.dir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After past the cap instead of queueing without end, then recovers', async () => {
    const heavy = await upload(server.url, await noise(1400, 1050).jpeg({ quality: 95 }).toBuffer(), 'noise.jpg');
    const light = await upload(server.url, await gradient(400, 300).jpeg().toBuffer(), 'light.jpg');
    expect([heavy.status, light.status]).toEqual([201, 201]);
    const cachedUrl = `/media/${light.body.image!.id}/320.webp`;
    expect((await getVariant(server.url, cachedUrl)).status).toBe(200);

    // 12 different variants at once: one runs, one waits, the rest are refused.
    const urls = [1280, 1024, 768, 640].flatMap((w) => ['avif', 'webp', 'jpeg'].map((f) => `/media/${heavy.body.image!.id}/${w}.${f}`));
    const storm = Promise.all(urls.map((url) => getVariant(server.url, url)));
    // A variant already on disk needs no transform slot: it is served during the storm.
    const duringStorm = await getVariant(server.url, cachedUrl);
    const answers = await storm;
    expect([duringStorm.status, duringStorm.headers.get('x-media-variant')]).toEqual([200, 'cached']);

    const refused = answers.filter((a) => a.status === 503);
    expect(answers.every((a) => a.status === 200 || a.status === 503)).toBe(true);
    expect(refused.length).toBeGreaterThan(0);
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThan(0);
    for (const answer of refused) {
      expect(answer.headers.get('retry-after')).toBe('2');
      expect(JSON.parse(answer.data.toString()).error.code).toBe('TRANSFORMS_BUSY');
    }
    // Asked again one at a time, every refused variant is produced.
    for (const [i, answer] of answers.entries()) {
      if (answer.status === 503) expect((await getVariant(server.url, urls[i])).status).toBe(200);
    }
  });
});

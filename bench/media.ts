/**
 * `npm run bench:media`: figures, not tests (nothing here asserts a time).
 * 1. Variant production through VariantDelivery (cache check, single flight, cap, atomic
 *    write) against plain sharp doing the same resize + encode on the same input: the ratio
 *    is the overhead of our machinery.
 * 2. Cached-variant serving rate over HTTP through the real server (embedded database).
 * Bounded in count; talks only to 127.0.0.1.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import sharp from 'sharp';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AuthService } from '../src/accounts/auth.service';
import { Role } from '../src/core/roles';
import { UserService } from '../src/accounts/user.service';
import { loadConfig, loadMediaConfig } from '../src/config';
import { migrate, openDatabase } from '../src/db/orm';
import { startServer } from '../src/server';
import { createMediaModule } from '../src/media/media.delivery';
import { produceVariant, type VariantFormat, type VariantSpec } from '../src/media/media.variants';
import { BODY_HOOKS } from '../src/bodies/body.hooks';

function photo(width: number, height: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      pixels.set([(x * 255) / width, (y * 255) / height, 128 + 60 * Math.sin(x / 17 + y / 23)], (y * width + x) * 3);
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .blur(1.2)
    .jpeg({ quality: 88 })
    .toBuffer();
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Requests per second for `total` GETs of one URL, `concurrency` at a time. */
async function rate(url: string, agent: http.Agent, total: number, concurrency: number): Promise<number> {
  const get = () =>
    new Promise<void>((resolve, reject) => {
      http.get(url, { agent }, (res) => res.resume().on('end', resolve).on('error', reject)).on('error', reject);
    });
  let next = 0;
  const seconds = await timed(() =>
    Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < total) await get();
      }),
    ),
  );
  return total / seconds;
}

async function main(): Promise<void> {
  // No libvips operation cache: the second side would otherwise reuse the first side's results.
  sharp.cache(false);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reformdesk-bench-media-'));
  const media = { ...loadMediaConfig({ MEDIA_DIR: dir }), maxConcurrentTransforms: 2, maxQueuedTransforms: 1000 };
  const original = await photo(2400, 1600);
  const source = { id: '00000000-0000-4000-8000-000000000001', width: 2400, height: 1600, focalX: 0.5, focalY: 0.5, storageKey: 'originals/bench' };
  const specs: VariantSpec[] = [];
  for (const format of ['webp', 'jpeg'] as VariantFormat[])
    for (const width of [320, 640, 1024, 1600]) for (const ratio of [null, '16:9', '1:1']) specs.push({ width, format, ratio });

  // Warm up libvips (decoders, thread pool) so neither side pays the first-use cost.
  await Promise.all(specs.slice(0, 4).map((spec) => produceVariant(original, source, spec, media.maxPixels)));
  const plain = async () => {
    // Plain sharp: the same operations, two workers like the cap, no cache, no storage.
    const queue = [...specs];
    return timed(() =>
      Promise.all(
        [1, 2].map(async () => {
          for (let spec = queue.shift(); spec; spec = queue.shift()) await produceVariant(original, source, spec, media.maxPixels);
        }),
      ),
    );
  };
  const module = createMediaModule(media);
  await module.storage.put(source.storageKey, original);
  const ours = async (round: number) => {
    // A new id per round: every variant is a cache miss and gets produced.
    const fresh = { ...source, id: `00000000-0000-4000-8000-00000000000${round}` };
    return timed(() => Promise.all(specs.map((spec) => module.delivery.deliver(fresh, spec))));
  };
  // Alternate the two sides and keep each one's best round, so drift on a shared machine hurts neither.
  let plainSeconds = Infinity;
  let oursSeconds = Infinity;
  for (const round of [1, 2, 3]) {
    plainSeconds = Math.min(plainSeconds, await plain());
    oursSeconds = Math.min(oursSeconds, await ours(round));
  }
  const plainRate = specs.length / plainSeconds;
  const oursRate = specs.length / oursSeconds;
  console.log(`variant production (${specs.length} variants of a 2400×1600 JPEG, webp+jpeg, 3 crops, 4 widths):`);
  console.log(`  plain sharp     ${plainRate.toFixed(1)} variants/s`);
  console.log(`  VariantDelivery ${oursRate.toFixed(1)} variants/s  (ratio ${(oursRate / plainRate).toFixed(2)})`);

  // Cached serving over HTTP through the real server.
  const config = { ...loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'pglite:memory' }), port: 0, media };
  const db = await openDatabase(config);
  await migrate(db.orm);
  const server = await startServer({ newsroom: BODY_HOOKS, config, db, logger: pino({ level: 'silent' }) });
  try {
    // A throwaway editor account in the in-memory database, signed in for the one upload.
    const em = db.orm.em.fork() as EntityManager;
    const password = 'bench-password-not-secret';
    await new UserService(em).create({ email: 'bench@bench.invalid', displayName: 'bench', roles: [Role.EDITOR], password, organisationSlug: null });
    const { token } = await new AuthService(em, () => new Date()).login('bench@bench.invalid', password, '127.0.0.1');
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(original)]), 'bench.jpg');
    const uploaded = (await (await fetch(`${server.url}/media`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } })).json()) as {
      image: { id: string };
    };
    const url = `${server.url}/media/${uploaded.image.id}/640.webp`;
    await fetch(url).then((r) => r.arrayBuffer());
    // node:http with keep-alive: fetch in the same process would measure the client instead.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
    const total = 6000;
    const concurrency = 32;
    const seconds = total / (await rate(url, agent, total, concurrency));
    const baseline = await rate(`${server.url}/healthz`, agent, total, concurrency);
    console.log(`baseline: GET /healthz on the same server and client: ${baseline.toFixed(0)} req/s`);
    console.log(`cached variant over HTTP (${total} requests, ${concurrency} at a time): ${(total / seconds).toFixed(0)} req/s`);
    agent.destroy();
  } finally {
    await server.stop();
    server.httpServer.close();
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});

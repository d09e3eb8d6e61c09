/**
 * Live-data benchmark (`npm run bench:live`): two server processes sharing a throw-away
 * PostgreSQL database and Redis; N graphql-ws clients (BENCH_LIVE_SUBSCRIBERS, default 1000)
 * subscribe to rankingTableChanged on B while a data manager runs correctScore on A, round
 * after round (BENCH_LIVE_ROUNDS, default 20). Prints p50/p99 of the time from sending the
 * mutation to each client receiving the new table, and from A's answer (the commit is done by
 * then) to receipt. Asserts nothing. Needs REDIS_URL (default redis://127.0.0.1:6379).
 */
import 'reflect-metadata';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createClient, type Client } from 'graphql-ws';
import Redis from 'ioredis';
import WebSocket from 'ws';
import { parseDatabaseUrl } from '../src/config';
import { importContent } from '../src/content/importer';
import { migrate, openDatabase } from '../src/db/orm';
import { UserService } from '../src/accounts/user.service';
import { AuthService } from '../src/accounts/auth.service';
import { Role } from '../src/core/roles';
import { createBenchDatabase } from './bench-database';

const SUBSCRIBERS = Number(process.env.BENCH_LIVE_SUBSCRIBERS ?? 1000);
const ROUNDS = Number(process.env.BENCH_LIVE_ROUNDS ?? 20);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SLUG = 'bench-truc-tiep';
const ROOT = path.resolve(__dirname, '../..');
const PASSWORD = 'mật-khẩu-đo-hiệu-năng-dài';

function dataset(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-bench-live-'));
  fs.mkdirSync(path.join(dir, 'data'));
  fs.copyFileSync(path.join(ROOT, 'content/units.csv'), path.join(dir, 'units.csv'));
  fs.writeFileSync(
    path.join(dir, 'data', `${SLUG}.methodology.yaml`),
    `index:\n  slug: ${SLUG}\n  name: Chỉ số đo hiệu năng\n  level: DISTRICT\n  scope: "42"\n  illustrative: true\ntree: &tree\n  - { code: A, title: Lĩnh vực A, max: 60 }\n  - { code: B, title: Lĩnh vực B, max: 40 }\neditions:\n  - { year: 2024, title: Năm 2024, status: PUBLISHED, criteria: *tree }\n`,
  );
  fs.writeFileSync(path.join(dir, 'data', `${SLUG}.scores.csv`), `index,year,unit_code,A,B\n${SLUG},2024,436,40,30\n${SLUG},2024,437,35,20\n`);
  return dir;
}

function serve(url: string, prefix: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/src/main.js'), 'serve'], {
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: url,
      REDIS_URL,
      RESPONSE_CACHE_PREFIX: prefix,
      PORT: '0',
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
      LIVE_MAX_CONNECTIONS_PER_ADDRESS: String(SUBSCRIBERS + 10),
      MEDIA_DIR: path.join(os.tmpdir(), 'rd-bench-live-media'),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line);
        if (entry.msg === 'ReformDesk is serving') resolve({ url: String(entry.url).replace(/\/graphql$/, ''), child });
      } catch {
        /* not JSON */
      }
    });
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main(): Promise<void> {
  const bench = await createBenchDatabase('rd_bench_live');
  const prefix = `rd-bench:live:${randomBytes(4).toString('hex')}:`;
  const children: ChildProcess[] = [];
  const clients: Client[] = [];
  try {
    const db = await openDatabase({ database: parseDatabaseUrl(bench.url, 4), connectTimeoutMs: 8000 });
    await migrate(db.orm);
    await importContent(db.orm, dataset());
    const em = db.orm.em.fork() as EntityManager;
    await new UserService(em).create({
      email: 'do-hieu-nang@bench.reformdesk.vn',
      displayName: 'Đo hiệu năng',
      roles: [Role.DATA_MANAGER],
      password: PASSWORD,
      organisationSlug: null,
    });
    const { token } = await new AuthService(em, () => new Date()).login('do-hieu-nang@bench.reformdesk.vn', PASSWORD, 'bench');
    await db.close();

    // Both start on a migrated, non-empty database; B is the one the subscribers reach.
    const [a, b] = await Promise.all([serve(bench.url, prefix), serve(bench.url, prefix)]);
    children.push(a.child, b.child);
    console.log(`servers: A ${a.url}, B ${b.url}; opening ${SUBSCRIBERS} subscriptions on B`);

    const received: number[][] = Array.from({ length: SUBSCRIBERS }, () => []);
    const revisions: number[] = Array.from({ length: SUBSCRIBERS }, () => 0);
    let onReceive: () => void = () => undefined;
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const client = createClient({ url: `${b.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
      clients.push(client);
      client.subscribe<{ rankingTableChanged: { revision: number } }>(
        { query: `subscription { rankingTableChanged(index: "${SLUG}", year: 2024) { revision rows { unit { code } total } } }` },
        {
          next: (r) => {
            received[i].push(performance.now());
            revisions[i] = r.data!.rankingTableChanged.revision;
            onReceive();
          },
          error: (e) => console.error(`subscriber ${i}:`, e),
          complete: () => undefined,
        },
      );
    }

    let value = 10;
    const correct = async () => {
      const sent = performance.now();
      const res = await fetch(`${a.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: `mutation C($input: CorrectScoreInput!) { correctScore(input: $input) { edition { revision } } }`,
          variables: { input: { index: SLUG, year: 2024, unit: '437', field: 'B', value: value++ % 40, reason: 'Đo hiệu năng' } },
        }),
      });
      const body = (await res.json()) as { data?: { correctScore: { edition: { revision: number } } }; errors?: unknown };
      if (!body.data) throw new Error(`correctScore failed: ${JSON.stringify(body.errors)}`);
      return { sent, answered: performance.now(), revision: body.data.correctScore.edition.revision };
    };
    const allAt = (revision: number) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (revisions.every((r) => r >= revision)) resolve();
        };
        onReceive = check;
        check();
      });

    // Warm-up: corrections until every client got one (the sockets connect lazily, in parallel).
    const started = performance.now();
    for (;;) {
      const { revision } = await correct();
      const done = await Promise.race([allAt(revision).then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 2000))]);
      if (done) break;
      if (performance.now() - started > 120_000) throw new Error(`only ${revisions.filter((r) => r >= revision).length} of ${SUBSCRIBERS} subscribers after 120 s`);
    }
    received.forEach((r) => (r.length = 0));

    const fromSent: number[] = [];
    const fromAnswer: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const { sent, answered, revision } = await correct();
      await allAt(revision);
      for (const times of received) {
        const t = times.at(-1)!;
        fromSent.push(t - sent);
        fromAnswer.push(Math.max(0, t - answered));
      }
      received.forEach((r) => (r.length = 0));
    }
    fromSent.sort((x, y) => x - y);
    fromAnswer.sort((x, y) => x - y);
    const f = (n: number) => `${n.toFixed(1)} ms`;
    console.log(
      `bench:live — ${SUBSCRIBERS} subscribers on B, ${ROUNDS} corrections on A, ${fromSent.length} deliveries; load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(`  mutation sent → client received:    p50 ${f(percentile(fromSent, 50))}  p99 ${f(percentile(fromSent, 99))}  max ${f(fromSent.at(-1)!)}`);
    console.log(`  commit answered → client received:  p50 ${f(percentile(fromAnswer, 50))}  p99 ${f(percentile(fromAnswer, 99))}  max ${f(fromAnswer.at(-1)!)}`);
  } finally {
    await Promise.all(clients.map(async (c) => c.dispose()));
    for (const child of children) child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    await bench.drop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);

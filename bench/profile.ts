/**
 * Where the CPU of a public read goes (`npm run bench:profile`): seeds the same throw-away PostgreSQL
 * database as `npm run bench`, starts the real server in a child process, warms it up, then takes a
 * V8 CPU profile (node:inspector) over N sequential anonymous requests of the article page and of the
 * front page, and prints self time per area (package or src folder). Startup and warm-up are not in
 * the profile. Writes the .cpuprofile files to BENCH_PROFILE_DIR (default: a temp dir) for DevTools.
 */
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import inspector from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { openDatabase } from '../src/db/orm';
import { createBenchDatabase } from './bench-database';
import { startServer } from '../src/server';
import { ARTICLE_QUERY, benchConfig, FRONT_PAGE_QUERY, seed } from './article-page';
import { BODY_HOOKS } from '../src/bodies/body.hooks';

const SEED_SLUG = 'chi-so-cai-cach-hanh-chinh-tp-ha-tinh-lien-tuc-dung-dau-khoi-cap-huyen';
const REQUESTS = Number(process.env.BENCH_PROFILE_REQUESTS ?? 400);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The area a function belongs to: an npm package, a src/ folder, node core, or V8's own buckets. */
export function areaOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : 'node core (native)';
  if (url.startsWith('node:')) return 'node core';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const src = /\/dist\/((?:src|bench)\/[^/]+)/.exec(url) ?? /\/((?:src|bench)\/[^/]+)/.exec(url);
  return src ? src[1].replace(/\.js$/, '') : url;
}

/**
 * Self time (ms) per area, biggest first. A native function (no URL: Intl, JSON, socket writes…) counts
 * for the area of its nearest JavaScript caller; idle time and the profiler's own calls are left out.
 */
export function selfTimeByArea(profile: Profile): { area: string; ms: number; share: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const areaOfNode = (id: number): string => {
    let node = byId.get(id)!;
    if (node.callFrame.functionName === 'dispatch' && !node.callFrame.url) return 'bench/profile'; // the profiler's own session calls
    while (!node.callFrame.url && !node.callFrame.functionName.startsWith('(') && parent.has(node.id)) node = byId.get(parent.get(node.id)!)!;
    return areaOf(node.callFrame);
  };
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const area = areaOfNode(id);
    if (area === '(idle)' || area === 'bench/profile') return;
    totals.set(area, (totals.get(area) ?? 0) + profile.timeDeltas[i] / 1000);
  });
  const busy = [...totals.values()].reduce((a, b) => a + b, 0);
  return [...totals].map(([area, ms]) => ({ area, ms, share: ms / busy })).sort((a, b) => b.ms - a.ms);
}

/** Child process: the real server, plus "profile-start" / "profile-stop" messages driving node:inspector. */
async function serve(url: string, mediaDir: string): Promise<void> {
  const config = benchConfig(url, mediaDir);
  const db = await openDatabase(config);
  const server = await startServer({ newsroom: BODY_HOOKS, config, db, logger: pino({ level: 'silent' }) });
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) => new Promise<any>((resolve, reject) => session.post(method, params ?? {}, (e, r) => (e ? reject(e) : resolve(r))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  process.send?.({ url: server.url });
  process.on('message', async (m) => {
    if (m === 'profile-start') {
      await post('Profiler.start');
      process.send?.({ started: true });
    } else if (m === 'profile-stop') {
      const { profile } = await post('Profiler.stop');
      process.send?.({ profile });
    } else if (m === 'stop') {
      server.httpServer.closeAllConnections();
      await server.stop();
      await db.close();
      process.disconnect?.();
    }
  });
}

const ask = (proc: ChildProcess, message: string, key: string) =>
  new Promise<any>((resolve) => {
    const on = (m: any) => {
      if (m && key in m) {
        proc.off('message', on);
        resolve(m[key]);
      }
    };
    proc.on('message', on);
    proc.send(message);
  });

async function post(url: string, query: string, variables: object): Promise<void> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  if (res.status !== 200 || text.includes('"errors"')) throw new Error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
}

async function main(): Promise<void> {
  const database = await createBenchDatabase('reformdesk_profile');
  const dbUrl = database.url;
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reformdesk-profile-media-'));
  const outDir = process.env.BENCH_PROFILE_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'reformdesk-profile-'));
  fs.mkdirSync(outDir, { recursive: true });
  let proc: ChildProcess | null = null;
  try {
    await seed(dbUrl, mediaDir);
    proc = fork(__filename, ['serve', dbUrl, mediaDir], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } }); // as `npm run bench` runs servers
    const url: string = await ask(proc, 'noop', 'url');
    const pages = [
      { page: 'article page', file: 'article-page', query: ARTICLE_QUERY, variables: { slug: SEED_SLUG } },
      { page: 'front page (20)', file: 'front-page', query: FRONT_PAGE_QUERY, variables: {} },
    ];
    for (const p of pages) {
      for (let i = 0; i < 100; i++) await post(url, p.query, p.variables); // warm-up: JIT, pools, caches
      await ask(proc, 'profile-start', 'started');
      const started = process.hrtime.bigint();
      for (let i = 0; i < REQUESTS; i++) await post(url, p.query, p.variables);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const profile: Profile = await ask(proc, 'profile-stop', 'profile');
      fs.writeFileSync(path.join(outDir, `${p.file}.cpuprofile`), JSON.stringify(profile));
      const areas = selfTimeByArea(profile);
      const busy = areas.reduce((a, b) => a + b.ms, 0);
      console.log(`\n${p.page}: ${REQUESTS} sequential requests, ${(wallMs / REQUESTS).toFixed(2)} ms each (wall), server busy CPU ${(busy / REQUESTS).toFixed(2)} ms per request`);
      for (const a of areas.slice(0, 22)) console.log(`  ${(a.share * 100).toFixed(1).padStart(5)} %  ${(a.ms / REQUESTS).toFixed(3).padStart(7)} ms/req  ${a.area}`);
    }
    console.log(
      `\nprofiles: ${outDir}; load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    if (proc && proc.exitCode === null) {
      const exited = new Promise((r) => proc!.once('exit', r));
      proc.send('stop');
      await exited;
    }
    await database.drop();
    fs.rmSync(mediaDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'serve') {
  serve(process.argv[3], process.argv[4]).catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}

/**
 * The embedded default under a flood (`npm run bench:embedded`, also the end of `npm run bench`):
 * the real server on PGlite (one in-process connection) with the shipped content, then
 * `autocannon -c 100 -d 20` of anonymous article-page requests while /healthz and /readyz are
 * probed every 250 ms. Prints timeouts, non-2xx, p50/p99 and the slowest probe answers.
 * Asserts nothing about time; the server runs in a child process, the load here.
 */
import 'reflect-metadata';
import { execSync, fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pino from 'pino';
import { loadCacheConfig, loadMediaConfig, loadOutreachConfig, type Config } from '../src/config';
import { importContent } from '../src/content/importer';
import { migrate, openDatabase } from '../src/db/orm';
import { startServer } from '../src/server';
import { ARTICLE_QUERY } from './article-page';
import { BODY_HOOKS } from '../src/bodies/body.hooks';

const SLUG = 'chi-so-cai-cach-hanh-chinh-tp-ha-tinh-lien-tuc-dung-dau-khoi-cap-huyen';
const CONNECTIONS = Number(process.env.BENCH_FLOOD_CONNECTIONS ?? 100);
const DURATION_S = Number(process.env.BENCH_FLOOD_DURATION ?? 20);

function embeddedConfig(dataDir: string, mediaDir: string, cached: boolean): Config {
  return {
    env: 'production',
    port: 0,
    database: { kind: 'pglite', dataDir },
    debugSql: false,
    logLevel: 'silent',
    contentDir: path.resolve(__dirname, '../../content'),
    connectTimeoutMs: 8000,
    introspection: false,
    ide: false,
    trustProxy: 0,
    media: loadMediaConfig({ MEDIA_DIR: mediaDir }),
    outreach: loadOutreachConfig(),
    cache: loadCacheConfig({ RESPONSE_CACHE: cached ? '1' : '0' }),
  };
}

/** Child: what `npm start` does on an empty embedded database (migrate, import the content), then serve. */
async function serveEmbedded(dataDir: string, mediaDir: string, cached: boolean): Promise<void> {
  const config = embeddedConfig(dataDir, mediaDir, cached);
  const db = await openDatabase(config);
  await migrate(db.orm);
  await importContent(db.orm, config.contentDir, undefined, { media: config.media });
  const server = await startServer({ newsroom: BODY_HOOKS, config, db, logger: pino({ level: 'silent' }) });
  process.send?.({ url: server.url });
  process.on('message', async (m) => {
    if (m !== 'stop') return;
    server.httpServer.closeAllConnections();
    await server.stop();
    await db.close();
    process.disconnect?.();
  });
}

async function probe(url: string, until: () => boolean): Promise<{ count: number; failures: number; slowestMs: number }> {
  let count = 0;
  let failures = 0;
  let slowestMs = 0;
  while (!until()) {
    const started = performance.now();
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      await res.text();
      if (res.status !== 200) failures++;
    } catch {
      failures++;
    }
    slowestMs = Math.max(slowestMs, performance.now() - started);
    count++;
    await new Promise((r) => setTimeout(r, 250));
  }
  return { count, failures, slowestMs };
}

async function flood(cached: boolean): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reformdesk-flood-db-'));
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reformdesk-flood-media-'));
  const proc: ChildProcess = fork(__filename, ['serve-embedded', dataDir, mediaDir, cached ? 'cached' : 'uncached'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      proc.once('message', (m) => resolve((m as { url: string }).url));
      proc.once('exit', (code) => reject(new Error(`embedded server exited with ${code}`)));
    });
    const body = JSON.stringify({ query: ARTICLE_QUERY, variables: { slug: SLUG } });
    const first = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const json = (await first.json()) as { data?: { article?: unknown }; errors?: unknown };
    if (first.status !== 200 || !json.data?.article) throw new Error(`article page answered ${first.status}: ${JSON.stringify(json).slice(0, 300)}`);
    let done = false;
    const probes = Promise.all([probe(`${url}/healthz`, () => done), probe(`${url}/readyz`, () => done)]);
    const r = await autocannon({ url: `${url}/graphql`, method: 'POST', body, headers: { 'content-type': 'application/json' }, connections: CONNECTIONS, duration: DURATION_S });
    done = true;
    const [health, ready] = await probes;
    const label = `embedded ${cached ? 'cached (default)' : 'uncached (RESPONSE_CACHE=0)'}`;
    console.log(
      `${label}: autocannon -c ${CONNECTIONS} -d ${DURATION_S} POST article page: ${r.requests.total} requests, ${r.requests.average.toFixed(0)} req/s, timeouts ${r.timeouts}, non-2xx ${r.non2xx}, errors ${r.errors}, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`,
    );
    console.log(
      `${label}: /healthz ${health.count} probes, ${health.failures} failed, slowest ${health.slowestMs.toFixed(0)} ms; /readyz ${ready.count} probes, ${ready.failures} failed, slowest ${ready.slowestMs.toFixed(0)} ms`,
    );
  } finally {
    await new Promise<void>((resolve) => {
      if (proc.exitCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.send('stop');
    });
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(mediaDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`\nembedded flood; uptime at start: ${execSync('uptime').toString().trim()}`);
  await flood(true);
  if (process.env.BENCH_FLOOD_UNCACHED === '1') await flood(false);
  console.log(
    `embedded flood; load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

if (process.argv[2] === 'serve-embedded') {
  serveEmbedded(process.argv[3], process.argv[4], process.argv[5] === 'cached').catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}

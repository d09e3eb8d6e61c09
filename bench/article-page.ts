/**
 * Article page benchmark (`npm run bench`): the article page query and a front-page query through
 * the real ReformDesk HTTP server (express + Apollo + MikroORM) against PostgreSQL, beside a
 * hand-written node:http + pg server returning the same JSON (bench/handwritten-server.ts), both
 * driven by autocannon in one run. Prints req/s, p50/p99, SQL statements per request and the ratio
 * ReformDesk / hand-written, plus the server process's CPU time per request (less sensitive to
 * other load on the machine than req/s). Asserts nothing about time.
 *
 * Each server runs in its own child process (the load generator stays in this one), on 127.0.0.1.
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the
 * server; a throw-away database reformdesk_bench_<random> is created there and dropped at the end.
 */
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pino from 'pino';
import { loadCacheConfig, loadMediaConfig, loadOutreachConfig, parseDatabaseUrl, type Config } from '../src/config';
import { execSync } from 'node:child_process';
import { sha256Hex } from '../src/cache/request-key';
import { importContent } from '../src/content/importer';
import { migrate, openDatabase } from '../src/db/orm';
import { createBenchDatabase } from './bench-database';
import type { StaffViewer } from '../src/graphql/viewer';
import { Role } from '../src/core/roles';
import { ArticleService } from '../src/newsroom/article.service';
import { ArticleState } from '../src/newsroom/article.entity';
import { recordDuePublications } from '../src/newsroom/publication';
import { WorkflowService } from '../src/newsroom/workflow.service';
import { startServer } from '../src/server';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BODY_HOOKS } from '../src/bodies/body.hooks';

const SEED_SLUG = 'chi-so-cai-cach-hanh-chinh-tp-ha-tinh-lien-tuc-dung-dau-khoi-cap-huyen';
const EXTRA_ARTICLES = 24;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 16;
const POOL_SIZE = 10;

export const ARTICLE_QUERY = `query ArticlePage($slug: String!) {
  article(slug: $slug) {
    slug title sapo
    topics { slug name }
    body {
      __typename
      ... on ParagraphBlock { text facts { kind value text } }
      ... on RankingWidgetBlock { rows { unitCode rank total } }
    }
    html
    related(first: 5) { article { slug title topics { slug name } } reasons { label } }
  }
}`;
export const FRONT_PAGE_QUERY = `query FrontPage {
  articles(first: 20) { edges { node { slug title sapo publishedAt topics { slug name } coverImage { url caption } } } }
}`;

const staff: StaffViewer = {
  kind: 'staff',
  name: 'Biên tập viên Đo hiệu năng',
  userId: null,
  email: null,
  roles: [Role.ADMIN],
  organisationId: null,
  mustChangePassword: false,
  via: 'session',
  writable: true,
};

export function benchConfig(url: string, mediaDir: string, cache: 'cached' | 'uncached' = 'uncached'): Config {
  return {
    env: 'production',
    port: 0,
    database: parseDatabaseUrl(url, POOL_SIZE),
    debugSql: true,
    logLevel: 'silent',
    contentDir: path.resolve(__dirname, '../../content'),
    connectTimeoutMs: 8000,
    introspection: false,
    ide: false,
    trustProxy: 0,
    media: loadMediaConfig({ MEDIA_DIR: mediaDir }),
    outreach: loadOutreachConfig(),
    cache: loadCacheConfig({ RESPONSE_CACHE: cache === 'cached' ? '1' : '0' }),
  };
}

/** Illustrative articles (not real news) so the front page has 20+ entries and related reading has candidates. */
export async function seed(url: string, mediaDir: string): Promise<void> {
  const config = benchConfig(url, mediaDir);
  const db = await openDatabase(config);
  try {
    await migrate(db.orm);
    await importContent(db.orm, config.contentDir, undefined, { media: config.media }); // sample pictures go to the throw-away media dir
    const now = new Date();
    const topics = [['cai-cach-hanh-chinh'], ['hoat-dong-cua-lanh-dao-tinh'], ['cai-cach-hanh-chinh', 'hoat-dong-cua-lanh-dao-tinh'], []];
    const units = ['436', '437', '440', '445', '42'];
    for (let n = 1; n <= EXTRA_ARTICLES; n++) {
      const em = () => db.orm.em.fork() as EntityManager;
      const a = await new ArticleService(em(), staff, now, BODY_HOOKS).create({
        title: `Bài thử nghiệm số ${n}`,
        sapo: `Sa pô minh họa của bài thử nghiệm số ${n}, dùng để đo hiệu năng trang chủ và mục Đọc thêm (không phải tin thật).`,
        body: `Đoạn thứ nhất của bài thử nghiệm số ${n}.\n\nĐoạn thứ hai: nội dung minh họa về công tác cải cách hành chính.`,
        topics: topics[n % topics.length],
        tags: n % 3 === 0 ? ['CCHC', 'Bài thử nghiệm'] : ['Bài thử nghiệm'],
        units: [units[n % units.length]],
        source: 'ReformDesk (bài thử nghiệm)',
        coverImage: n % 4 === 3 ? null : { ref: null, url: null, caption: `Ảnh minh họa cho bài thử nghiệm số ${n}`, alt: `Ảnh bài thử nghiệm số ${n}` },
      });
      const w = new WorkflowService(em(), staff, now, BODY_HOOKS);
      const reviewed = await w.transition(a.id, a.version, ArticleState.IN_REVIEW);
      await w.transition(a.id, reviewed.version, ArticleState.PUBLISHED, new Date(now.getTime() - n * 3_600_000));
    }
    await recordDuePublications(db.orm, BODY_HOOKS);
  } finally {
    await db.close();
  }
}

/** Child process: the real ReformDesk HTTP server with debugSql on (extensions.sqlStatements), response cache on or off. */
async function serveReformDesk(url: string, mediaDir: string, cache: 'cached' | 'uncached'): Promise<void> {
  const config = benchConfig(url, mediaDir, cache);
  const db = await openDatabase(config);
  const server = await startServer({ newsroom: BODY_HOOKS, config, db, logger: pino({ level: 'silent' }) });
  process.send?.({ url: server.url });
  process.on('message', async (m) => {
    if (m === 'cpu') process.send?.({ cpu: process.cpuUsage() });
    if (m !== 'stop') return;
    server.httpServer.closeAllConnections();
    await server.stop();
    await db.close();
    process.disconnect?.();
  });
}

function child(script: string, args: string[]): Promise<{ proc: ChildProcess; url: string }> {
  // Servers run as in production: graphql-js (and express) skip their development-mode checks under NODE_ENV=production.
  const proc = fork(script, args, { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  return new Promise((resolve, reject) => {
    proc.once('message', (m) => resolve({ proc, url: (m as { url: string }).url }));
    proc.once('exit', (code) => reject(new Error(`${path.basename(script)} exited with ${code}`)));
  });
}

const stopChild = (proc: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (proc.exitCode !== null) return resolve();
    proc.once('exit', () => resolve());
    proc.send('stop');
  });

interface Target {
  label: string;
  url: string;
  method: 'GET' | 'POST';
  body?: string;
  proc: ChildProcess;
}
const gql = (base: string, query: string, variables: Record<string, unknown>): Pick<Target, 'url' | 'method' | 'body'> => ({
  url: `${base}/graphql`,
  method: 'POST',
  body: JSON.stringify({ query, variables }),
});
/** An APQ GET: the document by its sha256 only (register it first with `withText`). */
const persistedGet = (base: string, query: string, variables: Record<string, unknown>, withText = false): Pick<Target, 'url' | 'method'> => {
  const search = new URLSearchParams({ variables: JSON.stringify(variables), extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: sha256Hex(query) } }) });
  if (withText) search.set('query', query);
  return { url: `${base}/graphql?${search}`, method: 'GET' };
};
const headersFor = (t: Pick<Target, 'body' | 'method' | 'url'>): Record<string, string> =>
  t.body ? { 'content-type': 'application/json' } : t.url.includes('/graphql') ? { 'apollo-require-preflight': 'true' } : {};

async function fetchText(t: Pick<Target, 'url' | 'method' | 'body'>): Promise<{ status: number; text: string; cache: string | null }> {
  const res = await fetch(t.url, { method: t.method, body: t.body, headers: headersFor(t) });
  return { status: res.status, text: await res.text(), cache: res.headers.get('x-cache') };
}

async function once(t: Target): Promise<{ data: unknown; raw: string; statements: number; text: string; cache: string | null }> {
  const { status, text, cache } = await fetchText(t);
  const res = { status };
  const json = JSON.parse(text) as { data?: unknown; errors?: unknown; extensions?: { sqlStatements?: number } };
  if (res.status !== 200 || json.errors || !json.data) throw new Error(`${t.label}: HTTP ${res.status} ${text.slice(0, 500)}`);
  // The response text without the trailing extensions: what the two servers must agree on byte for byte.
  return { data: json.data, raw: text.replace(/,"extensions":\{"sqlStatements":\d+\}\}\n?$/, '}'), statements: json.extensions?.sqlStatements ?? NaN, text, cache };
}

/** CPU time (user + system, ms) the server process has used so far. */
const cpuOf = (proc: ChildProcess) =>
  new Promise<number>((resolve) => {
    const on = (m: unknown) => {
      const c = (m as { cpu?: NodeJS.CpuUsage }).cpu;
      if (!c) return;
      proc.off('message', on);
      resolve((c.user + c.system) / 1000);
    };
    proc.on('message', on);
    proc.send('cpu');
  });

async function load(t: Target, duration: number) {
  const cpuBefore = await cpuOf(t.proc);
  const r = await autocannon({ url: t.url, method: t.method, body: t.body, headers: headersFor(t), connections: CONNECTIONS, duration });
  // Failures are reported, not fatal: on a loaded machine a slow target may time out (autocannon: 10 s).
  const failed = r.errors + r.timeouts + r.non2xx;
  const cpuMs = (await cpuOf(t.proc)) - cpuBefore;
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, total: r.requests.total, failed, cpuPerRequest: cpuMs / Math.max(1, r.requests.total) };
}

async function main(): Promise<void> {
  const database = await createBenchDatabase('reformdesk_bench');
  const dbUrl = database.url;
  const name = dbUrl.slice(dbUrl.lastIndexOf('/') + 1);
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reformdesk-bench-media-'));
  console.log(`uptime at start: ${execSync('uptime').toString().trim()}`);
  const children: ChildProcess[] = [];
  try {
    const started = Date.now();
    await seed(dbUrl, mediaDir);
    console.log(`database ${name}: seed content + ${EXTRA_ARTICLES} illustrative articles in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const rd = await child(__filename, ['serve-reformdesk', dbUrl, mediaDir, 'uncached']);
    children.push(rd.proc);
    const rc = await child(__filename, ['serve-reformdesk', dbUrl, mediaDir, 'cached']);
    children.push(rc.proc);
    const hw = await child(path.join(__dirname, 'handwritten-server.js'), [dbUrl]);
    children.push(hw.proc);
    const ceiling = await child(path.join(__dirname, 'ceiling-server.js'), []);
    children.push(ceiling.proc);
    const pages = [
      { page: 'article page', path: '/article', query: ARTICLE_QUERY, variables: { slug: SEED_SLUG }, hw: `${hw.url}/article?slug=${SEED_SLUG}` },
      { page: 'front page', path: '/front-page', query: FRONT_PAGE_QUERY, variables: {}, hw: `${hw.url}/front-page` },
    ];
    const rows: string[] = [];
    const ratios: string[] = [];
    for (const p of pages) {
      const targets: Record<'hw' | 'uncached' | 'post' | 'get' | 'ceiling', Target> = {
        hw: { label: 'hand-written', proc: hw.proc, url: p.hw, method: 'GET' },
        uncached: { label: 'RD uncached', proc: rd.proc, ...gql(rd.url, p.query, p.variables) },
        post: { label: 'RD cache POST', proc: rc.proc, ...gql(rc.url, p.query, p.variables) },
        get: { label: 'RD cache GET', proc: rc.proc, ...persistedGet(rc.url, p.query, p.variables) },
        ceiling: { label: 'node:http mem', proc: ceiling.proc, url: `${ceiling.url}${p.path}`, method: 'GET' },
      };
      const [a, b] = [await once(targets.uncached), await once(targets.hw)];
      const same = a.raw === b.raw;
      const sameParsed = JSON.stringify(a.data) === JSON.stringify(b.data);
      console.log(
        `${p.page}: response bodies (without extensions) ${same ? 'match byte for byte' : sameParsed ? 'differ as text but match after parsing' : 'DIFFER'} (${Buffer.byteLength(a.raw)} bytes)`,
      );
      if (!sameParsed) {
        console.log(`  ReformDesk:   ${JSON.stringify(a.data).slice(0, 2000)}\n  hand-written: ${JSON.stringify(b.data).slice(0, 2000)}`);
        process.exitCode = 1;
      }
      const again = await once(targets.uncached);
      if (again.statements !== a.statements) console.log(`  note: ReformDesk statement count varies (${a.statements}, then ${again.statements})`);
      // Register the document for APQ (GET with text and hash), warm the cache, then check both cached paths hit.
      const registered = await fetchText({ ...persistedGet(rc.url, p.query, p.variables, true) });
      if (registered.status !== 200) throw new Error(`${p.page}: APQ registration answered ${registered.status}: ${registered.text.slice(0, 300)}`);
      const [post, get] = [await once(targets.post), await once(targets.get)];
      if (post.cache !== 'HIT' || get.cache !== 'HIT' || post.statements !== 0)
        throw new Error(`${p.page}: the cached server did not answer from its cache (POST ${post.cache}, GET ${get.cache})`);
      if (post.raw !== a.raw || get.raw !== a.raw) throw new Error(`${p.page}: the cached answer differs from the uncached one`);
      await new Promise<void>((resolve) => {
        const on = (m: unknown) => {
          if ((m as { stored?: string }).stored !== p.path) return;
          ceiling.proc.off('message', on);
          resolve();
        };
        ceiling.proc.on('message', on);
        ceiling.proc.send({ path: p.path, body: get.text }); // the exact bytes of the cached GET answer
      });
      const statements = { hw: b.statements, uncached: a.statements, post: 0, get: 0, ceiling: 0 };
      const results = {} as Record<keyof typeof targets, Awaited<ReturnType<typeof load>>>;
      for (const key of Object.keys(targets) as (keyof typeof targets)[]) {
        await load(targets[key], 2); // warm-up (JIT, pools, Apollo's document cache), not reported
        results[key] = await load(targets[key], DURATION_S);
        const r = results[key];
        rows.push(
          `${p.page.padEnd(13)} ${targets[key].label.padEnd(14)} ${r.rps.toFixed(0).padStart(7)} ${String(r.p50).padStart(6)} ${String(r.p99).padStart(6)} ${String(statements[key]).padStart(8)} ${r.cpuPerRequest.toFixed(2).padStart(10)} ${String(r.total).padStart(8)} ${String(r.failed).padStart(6)}`,
        );
      }
      const ratio = (label: string, x: number, y: number) => ratios.push(`${p.page} ratio ${label} ${(x / y).toFixed(2)}`);
      ratio('uncached/hand-written', results.uncached.rps, results.hw.rps);
      ratio('cached POST/hand-written', results.post.rps, results.hw.rps);
      ratio('cached POST/ceiling', results.post.rps, results.ceiling.rps);
      ratio('cached GET/ceiling', results.get.rps, results.ceiling.rps);
      ratio('CPU per request uncached/hand-written', results.uncached.cpuPerRequest, results.hw.cpuPerRequest);
    }
    console.log(
      `\nmachine: ${os.cpus().length} CPUs, load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (1/5/15 min) at the end of the run`,
    );
    console.log(`autocannon: ${CONNECTIONS} connections, ${DURATION_S} s per target (after a 2 s warm-up), 127.0.0.1; DB pool ${POOL_SIZE} per server`);
    console.log(
      `${'page'.padEnd(13)} ${'server'.padEnd(14)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(6)} ${'p99 ms'.padStart(6)} ${'SQL/req'.padStart(8)} ${'CPU ms/req'.padStart(10)} ${'requests'.padStart(8)} ${'failed'.padStart(6)}`,
    );
    for (const r of rows) console.log(r);
    console.log('');
    for (const r of ratios) console.log(r);
  } finally {
    for (const c of children) await stopChild(c);
    await database.drop();
    fs.rmSync(mediaDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'serve-reformdesk') {
  serveReformDesk(process.argv[3], process.argv[4], process.argv[5] === 'cached' ? 'cached' : 'uncached').catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}

/**
 * Ranking benchmark (`npm run bench:rankings`): a national-scale dataset of 700 district-level
 * units × 10 editions × a 40-node criteria tree, imported through the content importer, then
 * rankingTable and unitHistory timed through GraphQL over HTTP. Prints figures, asserts nothing.
 * Runs on in-memory PGlite, or on a fresh throw-away database when DATABASE_URL=postgres://….
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import pino from 'pino';
import { type DatabaseTarget, loadConfig, parseDatabaseUrl } from '../src/config';
import { importContent } from '../src/content/importer';
import { migrate, openDatabase } from '../src/db/orm';
import { startServer } from '../src/server';
import { execute, parse } from 'graphql';
import { getSchema } from '../src/app/schema';
import { createRequestContext } from '../src/app/context';
import { ANONYMOUS } from '../src/graphql/viewer';
import { BODY_HOOKS } from '../src/bodies/body.hooks';

const UNITS = 700;
const YEARS = Array.from({ length: 10 }, (_, i) => 2015 + i);
const AREAS = 8; // 8 areas × (1 + 4 criteria) = 40 nodes
const CRITERIA = 4;
const SAMPLES = 200;
const SLUG = 'bench-cap-huyen';

function writeDataset(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-bench-'));
  fs.mkdirSync(path.join(dir, 'data'));
  const units = ['code,name,kind,parent_code,valid_to,successor_code', '99,Tỉnh Thử Nghiệm,province,,,'];
  for (let i = 0; i < UNITS; i++) units.push(`${100000 + i},Huyện Thử Nghiệm ${i + 1},district,99,,`);
  fs.writeFileSync(path.join(dir, 'units.csv'), `${units.join('\n')}\n`);
  const tree = Array.from({ length: AREAS }, (_, a) => {
    const children = Array.from({ length: CRITERIA }, (_, c) => `      - { code: L${a + 1}.${c + 1}, title: Tiêu chí ${a + 1}.${c + 1}, max: 3 }`);
    return `  - code: L${a + 1}\n    title: Lĩnh vực ${a + 1}\n    max: 12.5\n    children:\n${children.join('\n')}`;
  });
  const editions = YEARS.map((y) => `  - { year: ${y}, title: Năm ${y}, status: PUBLISHED, criteria: *tree }`);
  fs.writeFileSync(
    path.join(dir, 'data', `${SLUG}.methodology.yaml`),
    `index:\n  slug: ${SLUG}\n  name: Chỉ số đo hiệu năng\n  level: DISTRICT\n  illustrative: true\ntree: &tree\n${tree.join('\n')}\neditions:\n${editions.join('\n')}\n`,
  );
  const codes = Array.from({ length: AREAS }, (_, a) => Array.from({ length: CRITERIA }, (_, c) => `L${a + 1}.${c + 1}`)).flat();
  const rows = [`index,year,unit_code,${codes.join(',')}`];
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (const y of YEARS) {
    for (let i = 0; i < UNITS; i++) rows.push(`${SLUG},${y},${100000 + i},${codes.map(() => (Math.round(random() * 12) / 4).toFixed(2)).join(',')}`);
  }
  fs.writeFileSync(path.join(dir, 'data', `${SLUG}.scores.csv`), `${rows.join('\n')}\n`);
  return dir;
}

async function throwAwayTarget(): Promise<{ target: DatabaseTarget; drop: () => Promise<void> }> {
  const config = loadConfig();
  if (config.database.kind !== 'postgres') return { target: { kind: 'pglite', dataDir: null }, drop: async () => undefined };
  const name = `reformdesk_bench_${randomBytes(4).toString('hex')}`;
  const admin = new URL(config.database.url);
  admin.pathname = '/postgres';
  const run = async (sql: string) => {
    const c = new Client({ connectionString: admin.toString() });
    await c.connect();
    await c.query(sql);
    await c.end();
  };
  await run(`create database ${name}`);
  const url = new URL(config.database.url);
  url.pathname = `/${name}`;
  return { target: parseDatabaseUrl(url.toString(), 10), drop: () => run(`drop database if exists ${name} with (force)`) };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function time(label: string, request: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 10; i++) await request(i); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = process.hrtime.bigint();
    await request(i);
    ms.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label.padEnd(44)} p50 ${percentile(ms, 50).toFixed(1).padStart(6)} ms   p99 ${percentile(ms, 99).toFixed(1).padStart(6)} ms   (${SAMPLES} requests)`);
}

async function main(): Promise<void> {
  const { target, drop } = await throwAwayTarget();
  const db = await openDatabase({ database: target, connectTimeoutMs: 8000 });
  try {
    await migrate(db.orm);
    const dir = writeDataset();
    console.log(`database: ${target.kind === 'pglite' ? 'PGlite in memory' : 'PostgreSQL (throw-away database)'}`);
    console.log(`dataset: ${UNITS} units × ${YEARS.length} editions × ${AREAS * (CRITERIA + 1)}-node tree (${UNITS * YEARS.length} score rows)`);
    const started = process.hrtime.bigint();
    const result = await importContent(db.orm, dir);
    console.log(`import (validate, write, compute ranks) ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(2)} s   ${result.stats.summary()}`);

    const config = { ...loadConfig(), env: 'production' as const, port: 0, database: target, debugSql: false, logLevel: 'silent' as const, contentDir: dir };
    const server = await startServer({ newsroom: BODY_HOOKS, config, db, logger: pino({ level: 'silent' }) });
    const post = async (query: string, variables: Record<string, unknown>) => {
      const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as { errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
    };
    const table = `query T($year: Int, $first: Int, $area: String) { rankingTable(index: "${SLUG}", year: $year, first: $first, area: $area) { revision rows { unit { code name } total rank rankKind rankChange streak topStreak } } }`;
    const history = `query H($code: String!) { unitHistory(index: "${SLUG}", code: $code) { rows { year total rank rankChange streak } } }`;
    // In the server: the same operation executed in process (resolvers, SQL, result), no HTTP or JSON.
    const schema = await getSchema();
    const inProcess = async (query: string, variables: Record<string, unknown>) => {
      const result = await execute({
        schema,
        document: parse(query),
        variableValues: variables,
        contextValue: createRequestContext(db.orm, config, ANONYMOUS, undefined, { newsroom: BODY_HOOKS }),
      });
      if (result.errors) throw new Error(JSON.stringify(result.errors));
    };
    try {
      await time('in process: rankingTable, 700 rows', () => inProcess(table, {}));
      await time('in process: unitHistory, 10 editions', (i) => inProcess(history, { code: String(100000 + ((i * 37) % UNITS)) }));
      await time('rankingTable, 700 rows, latest edition', () => post(table, {}));
      await time('rankingTable, 700 rows, random year', (i) => post(table, { year: YEARS[i % YEARS.length] }));
      await time('rankingTable, one area, 700 rows', (i) => post(table, { area: `L${(i % AREAS) + 1}` }));
      await time('rankingTable, first 20', () => post(table, { first: 20 }));
      await time('unitHistory, 10 editions, random unit', (i) => post(history, { code: String(100000 + ((i * 37) % UNITS)) }));
    } finally {
      await server.stop();
    }
  } finally {
    await db.close();
    await drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});

/**
 * Child process of jest's globalSetup: builds this run's prepared databases and writes their
 * description (templates.ts `Templates`) as JSON to the file named by the first argument.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseDatabaseUrl } from '../../src/config';
import { type Database, migrate, openDatabase } from '../../src/db/orm';
import { importContent } from '../../src/content/importer';
import { asAdmin, CONTENT_DIR, PG_PREFIX, type Templates, withDatabase } from './templates';

const RUN_DIR_PREFIX = 'reformdesk-test-run-';

async function importWholeContent(db: Database, mediaDir: string): Promise<void> {
  const previous = process.env.MEDIA_DIR;
  process.env.MEDIA_DIR = mediaDir; // the importer's sample pictures go to this run's directory
  try {
    await importContent(db.orm, CONTENT_DIR);
  } finally {
    if (previous === undefined) delete process.env.MEDIA_DIR;
    else process.env.MEDIA_DIR = previous;
  }
}

/** Drops template databases left by jest runs that no longer exist (killed before their teardown). */
async function dropOrphans(baseUrl: string): Promise<void> {
  await asAdmin(baseUrl, async (c) => {
    const { rows } = await c.query<{ datname: string }>(`select datname from pg_database where datname like '${PG_PREFIX}%'`);
    for (const { datname } of rows) {
      const pid = Number(datname.slice(PG_PREFIX.length).split('_')[0]);
      if (Number.isInteger(pid) && pid > 0 && !isAlive(pid)) await c.query(`drop database if exists ${datname} with (force)`);
    }
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Tarballs of runs that were killed before their teardown (Ctrl-C) take 90 MB each: remove them. */
function removeOrphanRunDirs(): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    const pid = Number(name.startsWith(RUN_DIR_PREFIX) ? name.slice(RUN_DIR_PREFIX.length).split('-')[0] : NaN);
    if (Number.isInteger(pid) && pid > 0 && !isAlive(pid)) fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
  }
}

async function buildTemplates(databaseUrl: string | undefined, runPid: number): Promise<Templates> {
  removeOrphanRunDirs();
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), `${RUN_DIR_PREFIX}${runPid}-`));
  const contentMedia = path.join(runDir, 'media');
  if (databaseUrl?.startsWith('postgres')) {
    await dropOrphans(databaseUrl);
    const stem = `${PG_PREFIX}${runPid}_${randomBytes(3).toString('hex')}`;
    const names = { migrated: `${stem}_migrated`, content: `${stem}_content` };
    const prepare = async (name: string, from: string | null, fill: (db: Database) => Promise<unknown>) => {
      await asAdmin(databaseUrl, (c) => c.query(`create database ${name}${from ? ` template ${from}` : ''}`));
      const db = await openDatabase({ database: parseDatabaseUrl(withDatabase(databaseUrl, name), 2), connectTimeoutMs: 8000 });
      try {
        await fill(db);
      } finally {
        await db.close(); // a template must have no open connection when it is cloned
      }
    };
    await prepare(names.migrated, null, (db) => migrate(db.orm));
    await prepare(names.content, names.migrated, (db) => importWholeContent(db, contentMedia));
    return { kind: 'postgres', ...names, contentMedia, runDir };
  }
  const files = { migrated: path.join(runDir, 'migrated.tar'), content: path.join(runDir, 'content.tar') };
  const db = await openDatabase({ database: { kind: 'pglite', dataDir: null }, connectTimeoutMs: 8000 });
  try {
    const dump = async (file: string) => fs.writeFileSync(file, Buffer.from(await (await db.embedded!.pglite.dumpDataDir('none')).arrayBuffer()));
    await migrate(db.orm);
    await dump(files.migrated);
    await importWholeContent(db, contentMedia);
    await dump(files.content);
  } finally {
    await db.close();
  }
  return { kind: 'pglite', ...files, contentMedia, runDir };
}

buildTemplates(process.env.DATABASE_URL, Number(process.env.REFORMDESK_TEST_RUN_PID) || process.pid).then(
  (templates) => fs.writeFileSync(process.argv[2], JSON.stringify(templates)),
  (e: unknown) => {
    console.error('reformdesk: could not prepare the test databases:', e);
    process.exitCode = 1;
  },
);

/**
 * Prepared databases for one jest run. Migrating (and importing the shipped content) costs
 * seconds per test file; instead jest's globalSetup builds each prepared database once and every
 * test file clones it:
 * - PostgreSQL: template databases, cloned with `CREATE DATABASE … TEMPLATE …`;
 * - PGlite: `dumpDataDir()` tarballs, loaded with `loadDataDir`.
 * globalSetup passes what it built to the test workers in REFORMDESK_TEST_TEMPLATES (workers
 * inherit the environment); globalTeardown drops/removes it. This module stays light (pg only):
 * jest loads it in its own process; the ORM side is build-templates.ts, run in a child process.
 * Names carry the pid of the jest process, so parallel runs on one machine never collide and leftovers of killed runs are found.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

export const TEMPLATES_ENV = 'REFORMDESK_TEST_TEMPLATES';
export const CONTENT_DIR = path.resolve(__dirname, '../../content');
export const PG_PREFIX = 'reformdesk_tpl_';

/** What one run prepared: database names (postgres) or tarball paths (pglite), and the content's media. */
export interface Templates {
  kind: 'postgres' | 'pglite';
  migrated: string;
  content: string;
  /** Sample pictures written by the content import; copied into each test process's MEDIA_DIR. */
  contentMedia: string;
  /** Scratch directory of this run (tarballs, media), removed by globalTeardown. */
  runDir: string;
}

export function templatesOfThisRun(): Templates | null {
  const raw = process.env[TEMPLATES_ENV];
  return raw ? (JSON.parse(raw) as Templates) : null;
}

export function adminUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function asAdmin<T>(baseUrl: string, work: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: adminUrl(baseUrl) });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

export async function dropTemplates(t: Templates, databaseUrl: string | undefined): Promise<void> {
  if (t.kind === 'postgres' && databaseUrl) {
    await asAdmin(databaseUrl, async (c) => {
      for (const name of [t.content, t.migrated]) await c.query(`drop database if exists ${name} with (force)`);
    });
  }
  fs.rmSync(t.runDir, { recursive: true, force: true });
}

/**
 * Each test file owns its database: on real PostgreSQL (DATABASE_URL=postgres://…) a fresh
 * database is created and dropped by the harness; otherwise a fresh in-memory PGlite.
 *
 * The database is a clone of one jest's globalSetup prepared for this run (templates.ts):
 * migrated, or with `content: true` migrated and holding the whole shipped content/ folder
 * (units, organisations, topics, ranking data, articles, outreach; sample pictures are copied
 * into this process's MEDIA_DIR). Without globalSetup (another runner) it migrates and imports
 * itself, with the same result.
 */
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { type DatabaseTarget, parseDatabaseUrl } from '../../src/config';
import { type Database, migrate, openDatabase } from '../../src/db/orm';
import { importContent } from '../../src/content/importer';
import { asAdmin, CONTENT_DIR, templatesOfThisRun, withDatabase } from './templates';

export interface TestDatabase extends Database {
  /** Closes the ORM and drops the database (postgres) or discards it (memory). */
  destroy(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Apply the migrations (default true); false gives an empty database. */
  migrate?: boolean;
  /** Start with the whole content/ folder imported (implies migrate). */
  content?: boolean;
}

export function testTargetKind(): 'postgres' | 'pglite' {
  return process.env.DATABASE_URL?.startsWith('postgres') ? 'postgres' : 'pglite';
}

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  const prepared = options.content ? 'content' : options.migrate !== false ? 'migrated' : null;
  const templates = templatesOfThisRun();
  const template = prepared && templates?.kind === testTargetKind() ? templates[prepared] : null;

  let target: DatabaseTarget;
  let drop: () => Promise<void> = async () => undefined;
  let loadDataDir: Blob | undefined;
  if (base?.startsWith('postgres')) {
    const name = `reformdesk_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
    await asAdmin(base, (c) => c.query(`create database ${name}${template ? ` template ${template}` : ''}`));
    target = parseDatabaseUrl(withDatabase(base, name), 4);
    drop = () => asAdmin(base, (c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined);
  } else {
    target = { kind: 'pglite', dataDir: null };
    if (template) loadDataDir = new Blob([fs.readFileSync(template)]);
  }

  let db: Database;
  try {
    db = await openDatabase({ database: target, connectTimeoutMs: 8000 }, { loadDataDir });
  } catch (e) {
    await drop();
    throw e;
  }
  if (prepared && !template) {
    await migrate(db.orm);
    if (options.content) await importContent(db.orm, CONTENT_DIR);
  }
  if (options.content && template && templates && process.env.MEDIA_DIR && fs.existsSync(templates.contentMedia)) {
    fs.cpSync(templates.contentMedia, process.env.MEDIA_DIR, { recursive: true });
  }
  return Object.assign(db, {
    async destroy() {
      await db.close();
      await drop();
    },
  });
}

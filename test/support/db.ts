/**
 * Each test file owns its database: on real PostgreSQL (DATABASE_URL=postgres://…) a fresh
 * database is created and dropped by the harness; otherwise a fresh in-memory PGlite.
 */
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { DatabaseTarget, parseDatabaseUrl } from '../../src/config';
import { Database, migrate, openDatabase } from '../../src/db/orm';

export interface TestDatabase extends Database {
  /** Closes the ORM and drops the database (postgres) or discards it (memory). */
  destroy(): Promise<void>;
}

function adminUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

export function testTargetKind(): 'postgres' | 'pglite' {
  return process.env.DATABASE_URL?.startsWith('postgres') ? 'postgres' : 'pglite';
}

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  let target: DatabaseTarget;
  let drop: () => Promise<void> = async () => undefined;
  if (base?.startsWith('postgres')) {
    const name = `reformdesk_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: adminUrl(base) });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    target = parseDatabaseUrl(url.toString(), 4);
    drop = async () => {
      const c = new Client({ connectionString: adminUrl(base) });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    target = { kind: 'pglite', dataDir: null };
  }
  const db = await openDatabase({ database: target, connectTimeoutMs: 8000 });
  if (options.migrate !== false) await migrate(db.orm);
  return Object.assign(db, {
    async destroy() {
      await db.close();
      await drop();
    },
  });
}

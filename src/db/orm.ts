/**
 * Builds the MikroORM instance for either target. Both use MikroORM's PostgreSQL driver;
 * for PGlite the driver talks to the in-process database through PGlite's node-postgres
 * adapter (pool of exactly one connection).
 */
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { PGlite } from '@electric-sql/pglite';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createPgConfig } = require('@electric-sql/pglite/node-postgres') as { createPgConfig: (pglite: PGlite) => { connection: unknown } };
import { type Config, type DatabaseTarget } from '../config';
import { ALL_ENTITIES } from './entities';
import { migrationsList } from '../../migrations';
import type { Database, EmbeddedDatabase } from '../db-kit/database';
import { countQuery } from '../db-kit/sql-counter';
import { openEmbedded } from './pglite';
import path from 'node:path';
import { REPO_ROOT } from '../paths';

export type { Database } from '../db-kit/database';

export function baseOrmOptions(): Options {
  return {
    entities: ALL_ENTITIES,
    discovery: { warnWhenNoEntities: true },
    extensions: [Migrator],
    migrations: {
      migrationsList,
      path: path.join(REPO_ROOT, 'migrations'),
      pathTs: path.join(REPO_ROOT, 'migrations'),
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
    },
    allowGlobalContext: false,
    forceUtcTimezone: true,
    debug: false,
  };
}

/** Host and port of a postgres URL, for error messages (never the password). */
export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === 'pglite') return target.dataDir ? `pglite:${target.dataDir}` : 'pglite:memory';
  const url = new URL(target.url);
  return `${url.hostname}:${url.port || 5432}${url.pathname}`;
}

export interface OpenOptions {
  /** Where MikroORM's own messages (migrator progress, warnings) go; silent by default. */
  log?: (message: string) => void;
  /** PGlite only: start from a `dumpDataDir()` tarball instead of an empty cluster. */
  loadDataDir?: Blob;
}

export async function openDatabase(config: Pick<Config, 'database' | 'connectTimeoutMs'>, open: OpenOptions = {}): Promise<Database> {
  const target = config.database;
  let embedded: EmbeddedDatabase | null = null;
  let options: Options;
  if (target.kind === 'pglite') {
    embedded = await openEmbedded(target.dataDir, { loadDataDir: open.loadDataDir });
    const pgConfig = createPgConfig(embedded.pglite);
    options = {
      ...baseOrmOptions(),
      dbName: 'postgres',
      host: 'localhost',
      user: 'postgres',
      // A password function makes MikroORM hand knex a connection *function*, which
      // knex does not deep-copy (a copy breaks the adapter's private fields).
      password: () => 'pglite',
      pool: { min: 1, max: 1 },
      driverOptions: { connection: { connection: pgConfig.connection } },
    };
  } else {
    options = {
      ...baseOrmOptions(),
      clientUrl: target.url,
      pool: { min: 0, max: target.poolSize, acquireTimeoutMillis: config.connectTimeoutMs },
      driverOptions: { connection: { connectionTimeoutMillis: config.connectTimeoutMs } },
    };
  }
  let orm: MikroORM;
  try {
    orm = await MikroORM.init({ ...options, logger: open.log ?? (() => undefined), connect: false });
    await orm.connect();
  } catch (e) {
    await embedded?.close();
    if (target.kind === 'postgres') throw new DatabaseUnreachableError(describeTarget(target), (e as Error).message.split('\n')[0]);
    throw e;
  }
  orm.em
    .getConnection()
    .getKnex()
    .on('query', (q: { sql: string }) => countQuery(q.sql));
  return {
    orm,
    target,
    embedded,
    async close() {
      try {
        await orm.close(true);
      } finally {
        await embedded?.close();
      }
    },
  };
}

export class DatabaseUnreachableError extends Error {
  constructor(where: string, reason: string) {
    super(`cannot reach PostgreSQL at ${where}: ${reason}`);
    this.name = 'DatabaseUnreachableError';
  }
}

/** Fails within the connect timeout with host and port in the message, never hangs. */
export async function assertReachable(db: Database, timeoutMs: number): Promise<void> {
  const where = describeTarget(db.target);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseUnreachableError(where, `no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([db.orm.em.getConnection().execute('select 1'), timeout]);
  } catch (e) {
    if (e instanceof DatabaseUnreachableError) throw e;
    throw new DatabaseUnreachableError(where, (e as Error).message.split('\n')[0]);
  } finally {
    clearTimeout(timer);
  }
}

export async function pendingMigrations(orm: MikroORM): Promise<string[]> {
  const pending = await orm.getMigrator().getPendingMigrations();
  return pending.map((m) => m.name);
}

export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}

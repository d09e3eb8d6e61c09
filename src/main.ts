/**
 * Command line: serve | migrate | db-check | migration-create | import | export | schema-print.
 * `npm start` runs "serve": migrate, import content into an empty database, then serve.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { type Config } from './config';
import { runCommand, UsageError } from './cli/run';
import { assertReachable, type Database, describeTarget, migrate, openDatabase } from './db/orm';
import { importContent, importFile } from './content/importer';
import { exportScores } from './rankings/ranking.export';
import { createLogger, type Logger } from './logger';
import { type RunningServer, startServer } from './server';
import { purgeSharedCacheOnWrites } from './cache';
import { printSortedSchema } from './app/schema';
import { isContentEmpty } from './content/state';
import { REPO_ROOT } from './paths';
import { recordDuePublications, startPublicationSweep } from './newsroom/publication';
import { snapshotLiveBodies } from './bodies/snapshot.service';
import type { EntityManager } from '@mikro-orm/postgresql';
import { FIRST_ADMIN_HINT, hasAnyUser, parseUserCreateArgs, readStdin } from './cli/user-cli';
import { createUserCommand } from './cli/user-create';
import { type AdminSocket, adminSocketFor, listenAdminSocket, runAdminRequest } from './cli/admin-socket';
// The assembled app: bodies check and snapshot what the newsroom saves and publishes.
import { BODY_HOOKS } from './bodies/body.hooks';

async function serve(config: Config): Promise<number | void> {
  const logger = createLogger(config);
  const db = await openDatabase(config, { log: (message) => logger.debug({ orm: message.replace(/\x1b\[[0-9;]*m/g, '') }, 'mikro-orm') });
  try {
    await assertReachable(db, config.connectTimeoutMs);
    const applied = await migrate(db.orm);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    if (await isContentEmpty(db.orm)) {
      const result = await importContent(db.orm, config.contentDir, undefined, { media: config.media, outreach: config.outreach, newsroom: BODY_HOOKS });
      logger.info({ files: result.files.length, summary: result.stats.summary() }, 'empty database: content imported');
    }
    // Articles whose publishAt passed while no server ran get their "published" event now.
    const due = await recordDuePublications(db.orm, BODY_HOOKS);
    if (due.published.length || due.pendingApplied.length) logger.info(due, 'publications caught up at start');
    // Live bodies without an as-published snapshot (e.g. content imported by `npm run import`) get one.
    const snapshots = await snapshotLiveBodies(db.orm.em.fork() as EntityManager, new Date());
    if (snapshots) logger.info({ snapshots }, 'as-published snapshots taken at start');
  } catch (e) {
    await db.close();
    throw e;
  }
  if (!(await hasAnyUser(db.orm))) logger.warn(FIRST_ADMIN_HINT);
  let server: RunningServer;
  try {
    server = await startServer({ config, db, logger, newsroom: BODY_HOOKS });
  } catch (e) {
    await db.close(); // releases the embedded directory's lock too
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UsageError(`port ${config.port} is already in use: stop the process that holds it, or set PORT`);
    throw e;
  }
  const admin = await openAdminSocket(db, logger);
  logger.info({ url: `${server.url}/graphql`, database: describeTarget(db.target) }, 'ReformDesk is serving');
  const stopSweep = startPublicationSweep(db.orm, BODY_HOOKS, {
    onReport: (r) => (r.published.length || r.pendingApplied.length || r.failed.length) && logger.info(r, 'publication sweep'),
    onError: (e) => logger.error({ err: e }, 'publication sweep failed'),
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests');
    const force = setTimeout(() => {
      logger.error('shutdown took longer than 15 s, exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    try {
      await server.stop();
      await admin?.close();
      await stopSweep();
      await db.close();
      logger.info('stopped cleanly');
    } catch (e) {
      logger.error({ err: e }, 'error during shutdown');
      process.exitCode = 1;
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  await new Promise<void>((resolve) => server.httpServer.on('close', resolve));
}

/** Embedded database only: `npm run user:create` reaches the running server here (src/cli/admin-socket.ts). */
async function openAdminSocket(db: Database, logger: Logger): Promise<AdminSocket | null> {
  if (db.target.kind !== 'pglite' || !db.target.dataDir) return null;
  const file = adminSocketFor(db.target.dataDir);
  try {
    const admin = await listenAdminSocket(file, (request) => runAdminRequest(db.orm, request));
    logger.info({ socket: file }, 'admin socket for npm run user:create');
    return admin;
  } catch (e) {
    logger.warn({ err: e, socket: file }, 'no admin socket: npm run user:create works only while the server is stopped');
    return null;
  }
}

async function withDatabase<T>(config: Config, fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const db = await openDatabase(config);
  try {
    await assertReachable(db, config.connectTimeoutMs);
    return await fn(db);
  } finally {
    await db.close();
  }
}

const COMMANDS: Record<string, (config: Config, args: string[]) => Promise<number | void>> = {
  serve,
  async migrate(config) {
    await withDatabase(config, async (db) => {
      const applied = await migrate(db.orm);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date: no migration to apply');
    });
  },
  /** Entities and migrations agree when a fresh database migrated to the end needs no new migration. */
  async 'db-check'(config) {
    return withDatabase({ ...config, database: { kind: 'pglite', dataDir: null } }, async (db) => {
      await migrate(db.orm);
      const sql = (await db.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })).trim();
      if (sql === '') {
        console.log('db:check: entities and migrations agree');
        return 0;
      }
      console.error(`db:check: entities and migrations disagree; a migration would run:\n${sql}\nrun: npm run db:migration:create`);
      return 1;
    });
  },
  async 'migration-create'(config) {
    return withDatabase({ ...config, database: { kind: 'pglite', dataDir: null } }, async (db) => {
      await migrate(db.orm);
      const created = await db.orm.getMigrator().createMigration();
      if (!created.fileName) {
        console.log('no schema change: no migration created');
        return 0;
      }
      writeMigrationsIndex();
      console.log(`created migrations/${created.fileName}`);
    });
  },
  async import(config, args) {
    // A directory is imported whole; a single file (scores CSV, methodology YAML/JSON, units CSV) alone.
    // `--force --reason "…"` lets score files overwrite corrections made through the API.
    const { paths, force } = parseImportArgs(args);
    const target = paths[0] ? path.resolve(paths[0]) : config.contentDir;
    const single = fs.existsSync(target) && fs.statSync(target).isFile();
    await withDatabase(config, async (db) => {
      await migrate(db.orm);
      const purged = purgeSharedCacheOnWrites(db, config.cache); // with REDIS_URL, running servers drop what changed
      const given = { media: config.media, outreach: config.outreach, newsroom: BODY_HOOKS, force };
      let result;
      try {
        result = single ? await importFile(db.orm, target, undefined, given) : await importContent(db.orm, target, undefined, given);
      } finally {
        await purged();
      }
      console.log(result.stats.summary());
    });
  },
  /** Writes the scores in the database back into content/data (or the directory given). */
  async export(config, args) {
    const target = args[0] ? path.resolve(args[0]) : config.contentDir;
    await withDatabase(config, async (db) => {
      await migrate(db.orm);
      const result = await exportScores(db.orm.em.fork() as EntityManager, target);
      for (const file of result.written) console.log(`written: ${path.relative(process.cwd(), file)}`);
      console.log(
        result.written.length
          ? `${result.written.length} file(s) written, ${result.unchanged.length} unchanged`
          : `nothing to write: ${result.unchanged.length} file(s) already follow the database`,
      );
    });
  },
  async 'user-create'(config, args) {
    const parsed = parseUserCreateArgs(args);
    const password = parsed.passwordFromStdin ? await readStdin() : null;
    console.log(await createUserCommand(config, parsed, password));
  },
  async 'schema-print'() {
    process.stdout.write(await printSortedSchema());
  },
  async 'schema-check'() {
    const file = path.join(REPO_ROOT, 'schema/schema.graphql');
    const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (committed === (await printSortedSchema())) {
      console.log('schema:check: schema/schema.graphql is up to date');
      return 0;
    }
    console.error('schema:check: schema/schema.graphql differs from the code; run: npm run schema:print');
    return 1;
  },
};

function parseImportArgs(args: string[]): { paths: string[]; force: { reason: string } | null } {
  const paths: string[] = [];
  let force = false;
  let reason = '';
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--force') force = true;
    else if (args[i] === '--reason') reason = args[++i] ?? '';
    else paths.push(args[i]);
  }
  if (force && !reason.trim()) throw new UsageError('--force needs --reason "…": a forced import overwrites corrections made through the API');
  return { paths, force: force ? { reason: reason.normalize('NFC') } : null };
}

/** migrations/index.ts lists every migration file in name (= timestamp) order. */
function writeMigrationsIndex(): void {
  const migrationsDir = path.join(REPO_ROOT, 'migrations');
  const names = fs
    .readdirSync(migrationsDir)
    .filter((f) => /^Migration\d+.*\.ts$/.test(f))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
  const imports = names.map((n) => `import { ${n} } from './${n}';`).join('\n');
  const entries = names.map((n) => `  { name: '${n}', class: ${n} },`).join('\n');
  fs.writeFileSync(
    path.join(migrationsDir, 'index.ts'),
    `/**\n * The ordered list of migrations. Listed explicitly (not globbed) so the same list works\n * under ts-jest, ts sources and compiled js. Written by \`npm run db:migration:create\`.\n */\nimport type { MigrationObject } from '@mikro-orm/core';\n${imports}\n\nexport const migrationsList: MigrationObject[] = [\n${entries}\n];\n`,
  );
}

const [command = 'serve', ...args] = process.argv.slice(2);
const handler = COMMANDS[command];
if (!handler) {
  process.stderr.write(`reformdesk: unknown command "${command}" (known: ${Object.keys(COMMANDS).join(', ')})\n`);
  process.exit(2);
}
void runCommand((config) => handler(config, args));

/**
 * The set-up most API test files share, in one call: a database of their own (a clone of the
 * run's prepared template, db.ts), the real server on it, and signed-in accounts; torn down
 * after the file. Files that need more (content imports, seeded rows, a second server) keep
 * writing their own beforeAll, and may still use `app.db` / `app.server` from here.
 *
 *   describe('…', () => {
 *     const app = useTestApp({ accounts: { admin: [Role.ADMIN] } });
 *     it('…', async () => { await app.server.query(Doc, {}, app.accounts.admin.headers); });
 *   });
 *
 * One place for the per-file start-up cost, too: whatever makes it cheaper is done here.
 */
import type pino from 'pino';
import type { Config } from '../../src/config';
import type { Role } from '../../src/core/roles';
import { signedInAs, type TestAccount } from './accounts';
import { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from './db';
import { startTestServer, type TestServer } from './server';

type AccountSpec = Role[] | { roles: Role[]; organisation?: string; email?: string; displayName?: string };

export interface TestAppOptions<A extends string> {
  database?: TestDatabaseOptions;
  /** Passed to the server's config (testConfig's defaults otherwise). */
  config?: Partial<Config>;
  /** The server's clock, also used to sign the accounts in. */
  now?: () => Date;
  logger?: pino.Logger;
  /** Accounts to create and sign in, by the name the test uses; created in this order. */
  accounts?: Record<A, AccountSpec>;
}

export interface TestApp<A extends string> {
  readonly db: TestDatabase;
  readonly server: TestServer;
  readonly accounts: Readonly<Record<A, TestAccount>>;
}

/** Registers a beforeAll and an afterAll in the calling describe block; the handle is filled before its first test. */
export function useTestApp<A extends string = never>(options: TestAppOptions<A> = {}): TestApp<A> {
  let db: TestDatabase | undefined;
  let server: TestServer | undefined;
  const accounts = {} as Record<A, TestAccount>;
  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`useTestApp: ${name} is read before beforeAll has run (read it inside a test or a hook)`);
    return value;
  };

  beforeAll(async () => {
    db = await createTestDatabase(options.database);
    server = await startTestServer(db, options.config, options.now, options.logger);
    for (const [name, spec] of Object.entries(options.accounts ?? {}) as [A, AccountSpec][]) {
      const { roles, ...rest } = Array.isArray(spec) ? { roles: spec } : spec;
      accounts[name] = await signedInAs(db, roles, { ...rest, now: options.now });
    }
  });
  afterAll(async () => {
    await server?.stop();
    await db?.destroy();
  });

  return {
    get db() {
      return ready(db, 'db');
    },
    get server() {
      return ready(server, 'server');
    },
    accounts,
  };
}

import pino from 'pino';
import { Role } from '../../src/core/roles';
import { AuditLogDocument, LoginDocument, UnlockAccountDocument } from '../gql/graphql';
import { signedInAs, TEST_PASSWORD, testClock, type TestAccount } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';

/** Client addresses as a proxy in front reports them (documentation ranges; no traffic goes there). */
const from = (address: string) => ({ 'x-forwarded-for': address });
const OWNER = '198.51.100.7';

/** JSON log lines at warn level and above, as the server wrote them. */
const warnings: Record<string, unknown>[] = [];
const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line)) });

describe('login lockout: per address first, account-wide with exponential backoff, never a permanent lock-out', () => {
  const clock = testClock();
  let db: TestDatabase;
  let server: TestServer;
  let admin: TestAccount;
  let otherAdmin: TestAccount;
  let attacker = 0;
  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer(db, { trustProxy: 1 }, clock.now, logger);
    admin = await signedInAs(db, [Role.ADMIN], { displayName: 'Quản trị hệ thống', now: clock.now });
    otherAdmin = await signedInAs(db, [Role.ADMIN], { now: clock.now });
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  const login = (address: string, password = TEST_PASSWORD, email = admin.email) => server.query(LoginDocument, { email, password }, from(address));
  /** `n` wrong guesses, each from a new address, so no per-address or per-pair limit is reached. */
  const guessFromMany = async (n: number) => {
    for (let i = 0; i < n; i++) expect((await login(`203.0.113.${++attacker}`, `doan-sai-${attacker}`)).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  };
  const lockAlerts = async () => (await server.query(AuditLogDocument, { first: 50, action: 'accountLocked' }, otherAdmin.headers)).data!.auditLog;

  it('an address that guesses one account 5 times is locked for that account, not the owner', async () => {
    expect((await login(OWNER)).errors).toBeUndefined(); // the owner's usual address becomes trusted
    for (let i = 0; i < 5; i++) await login('192.0.2.10', `sai-${i}`);
    expect((await login('192.0.2.10')).errors![0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 900 });
    expect((await login(OWNER)).errors).toBeUndefined();
  });

  it("10 guesses from 10 addresses lock the account for a minute, alert the admins, and leave the owner's address open", async () => {
    await guessFromMany(10);
    expect((await login('203.0.113.200')).errors![0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 60 });
    expect((await login(OWNER)).errors).toBeUndefined();
    const alerts = await lockAlerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ target: `email=${admin.email}`, outcome: 'RATE_LIMITED', details: { failures: 10, lockedForSeconds: 60 } });
    expect(warnings.filter((w) => w.alert === 'accountLocked')).toEqual([expect.objectContaining({ level: 40, email: admin.email, failures: 10, lockedForSeconds: 60 })]);
  });

  it('each further lock doubles: 2 minutes, then 4', async () => {
    // The owner's success cleared the count: 10 more guesses start it again at one minute…
    clock.advance(61_000);
    await guessFromMany(10);
    clock.advance(61_000);
    await guessFromMany(10);
    expect((await login('203.0.113.201')).errors![0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 120 });
    clock.advance(121_000);
    await guessFromMany(10);
    expect((await login('203.0.113.202')).errors![0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 240 });
    expect((await lockAlerts()).slice(0, 3).map((a) => (a.details as { lockedForSeconds: number }).lockedForSeconds)).toEqual([240, 120, 60]);
  });

  it('an admin lifts every lock of the account with unlockAccount', async () => {
    expect((await server.query(UnlockAccountDocument, { email: admin.email }, otherAdmin.headers)).data!.unlockAccount).toBe(true);
    expect((await login('203.0.113.203')).errors).toBeUndefined();
    expect((await login('192.0.2.10')).errors).toBeUndefined();
  });

  it('still locks an address after 20 failures across accounts', async () => {
    for (let i = 0; i < 20; i++) await login('192.0.2.99', 'sai-mat-khau', `khach-${i}@vi-du.vn`);
    expect((await login('192.0.2.99')).errors![0].extensions!.code).toBe('RATE_LIMITED');
  });
});

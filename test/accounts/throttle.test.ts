import { Role } from '../../src/core/roles';
import { LoginDocument, UnlockAccountDocument } from '../gql/graphql';
import { signedInAs, TEST_PASSWORD, testClock } from '../support/accounts';
import { useTestApp } from '../support/app';

describe('login rate limits', () => {
  const clock = testClock();
  const app = useTestApp({ now: clock.now });

  async function failTimes(email: string, n: number) {
    for (let i = 0; i < n; i++) await app.server.query(LoginDocument, { email, password: `sai-${i}-mat-khau` });
  }

  it('locks an account after 5 failures with a retry time, even for the right password, until the window ends', async () => {
    const user = await signedInAs(app.db, [Role.EDITOR]);
    await failTimes(user.email, 5);
    const locked = await app.server.query(LoginDocument, { email: user.email, password: TEST_PASSWORD });
    expect(locked.errors![0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 900 });
    clock.advance(15 * 60_000 + 1000);
    const ok = await app.server.query(LoginDocument, { email: user.email, password: TEST_PASSWORD });
    expect(ok.errors).toBeUndefined();
  });

  it('an admin can lift a lockout', async () => {
    const admin = await signedInAs(app.db, [Role.ADMIN], { now: clock.now });
    const user = await signedInAs(app.db, [Role.REPORTER]);
    await failTimes(user.email, 5);
    expect((await app.server.query(LoginDocument, { email: user.email, password: TEST_PASSWORD })).errors![0].extensions!.code).toBe('RATE_LIMITED');
    expect((await app.server.query(UnlockAccountDocument, { email: user.email }, admin.headers)).data!.unlockAccount).toBe(true);
    expect((await app.server.query(LoginDocument, { email: user.email, password: TEST_PASSWORD })).errors).toBeUndefined();
  });

  it('aliases cannot multiply attempts: one login per operation', async () => {
    const res = await app.server.raw({
      query: 'mutation { a: login(email: "x@y.vn", password: "1") { token } b: login(email: "x@y.vn", password: "2") { token } }',
    });
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions).toMatchObject({ limit: 'login' });
  });

  it('batched requests are refused, so a batch cannot multiply attempts either', async () => {
    const op = { query: 'mutation { login(email: "x@y.vn", password: "1") { token } }' };
    const res = await fetch(`${app.server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([op, op]) });
    expect(res.status).toBe(400);
  });

  it('locks an address after 20 failures across accounts', async () => {
    for (let i = 0; i < 20; i++) await app.server.query(LoginDocument, { email: `khach-${i}@vi-du.vn`, password: 'sai-mat-khau-nua' });
    const user = await signedInAs(app.db, [Role.EDITOR]);
    const res = await app.server.query(LoginDocument, { email: user.email, password: TEST_PASSWORD });
    expect(res.errors![0].extensions!.code).toBe('RATE_LIMITED');
  });
});

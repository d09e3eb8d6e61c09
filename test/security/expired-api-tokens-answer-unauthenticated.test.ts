import { Role } from '../../src/core/roles';
import { CreateExpiringApiTokenDocument, MeDocument, MyApiTokenExpiriesDocument } from '../gql/graphql';
import { signedInAs, testClock, type TestAccount } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';

const DAY = 86_400_000;

describe('API tokens with an expiry', () => {
  let db: TestDatabase;
  let server: TestServer;
  let owner: TestAccount;
  const clock = testClock(new Date('2026-03-02T01:00:00Z'));
  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer(db, {}, clock.now);
    // The session itself lives 14 days from this clock, longer than the tokens below.
    owner = await signedInAs(db, [Role.EDITOR], { now: clock.now });
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('work until expiresInDays have passed, then answer 401 UNAUTHENTICATED like a revoked token; the list shows the expiry', async () => {
    const created = await server.query(CreateExpiringApiTokenDocument, { name: 'Bảng tin tòa soạn', expiresInDays: 2 }, owner.headers);
    const { token, apiToken } = created.data!.createApiToken;
    expect(new Date(apiToken.expiresAt!).getTime()).toBe(clock.now().getTime() + 2 * DAY);
    const forever = (await server.query(CreateExpiringApiTokenDocument, { name: 'Không hết hạn' }, owner.headers)).data!.createApiToken;
    expect(forever.apiToken.expiresAt).toBeNull();

    clock.advance(2 * DAY - 1000);
    expect((await server.query(MeDocument, {}, bearer(token))).data!.me!.id).toBe(String(owner.id));

    clock.advance(1000);
    const expired = await server.query(MeDocument, {}, bearer(token));
    expect(expired.status).toBe(401);
    expect(expired.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect((await server.query(MeDocument, {}, bearer(forever.token))).status).toBe(200);

    const listed = (await server.query(MyApiTokenExpiriesDocument, {}, owner.headers)).data!.myApiTokens;
    expect(listed.map((t) => [t.name, t.expiresAt === null ? null : new Date(t.expiresAt).getTime()])).toEqual([
      ['Bảng tin tòa soạn', new Date(apiToken.expiresAt!).getTime()],
      ['Không hết hạn', null],
    ]);
  });

  it('take an absolute expiresAt', async () => {
    const at = new Date(clock.now().getTime() + 3600_000);
    const { token, apiToken } = (await server.query(CreateExpiringApiTokenDocument, { name: 'Một giờ', expiresAt: at.toISOString() }, owner.headers)).data!.createApiToken;
    expect(new Date(apiToken.expiresAt!).getTime()).toBe(at.getTime());
    expect((await server.query(MeDocument, {}, bearer(token))).status).toBe(200);
    clock.advance(3600_000);
    expect((await server.query(MeDocument, {}, bearer(token))).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['an expiry in the past', { expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
    ['more than 3650 days', { expiresInDays: 3651 }, 'expiresInDays'],
    ['zero days', { expiresInDays: 0 }, 'expiresInDays'],
    ['both ways at once', { expiresInDays: 3, expiresAt: '2030-01-01T00:00:00Z' }, 'expiresInDays'],
  ])('refuses %s with BAD_USER_INPUT naming the argument', async (_what, expiry, field) => {
    const res = await server.query(CreateExpiringApiTokenDocument, { name: 'Sai hạn', ...expiry }, owner.headers);
    expect(res.data).toBeNull();
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});

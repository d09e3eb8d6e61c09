import { Role } from '../../src/core/roles';
import { CreateApiTokenDocument, MeDocument, MyApiTokensDocument, RevokeApiTokenDocument, RevokeMySessionsDocument } from '../gql/graphql';
import { signedInAs } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';

describe('API tokens', () => {
  let db: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer(db);
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  it('are read-only by default: queries work, mutations are FORBIDDEN', async () => {
    const owner = await signedInAs(db, [Role.EDITOR]);
    const created = await server.query(CreateApiTokenDocument, { name: 'Trang chủ baohatinh.vn' }, owner.headers);
    const { token, apiToken } = created.data!.createApiToken;
    expect(token).toMatch(/^rdt_/);
    expect(apiToken.scope).toBe('READ');
    expect(token.startsWith(apiToken.prefix)).toBe(true);
    const headers = { authorization: `Bearer ${token}` };
    expect((await server.query(MeDocument, {}, headers)).data!.me!.id).toBe(String(owner.id));
    const write = await server.query(RevokeMySessionsDocument, {}, headers);
    expect(write.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(write.errors![0].message).toContain('read-only');
  });

  it('WRITE tokens may run the mutations their owner may run, and record when they were last used', async () => {
    const owner = await signedInAs(db, [Role.EDITOR]);
    const created = await server.query(CreateApiTokenDocument, { name: 'Quy trình xuất bản', scope: 'WRITE' }, owner.headers);
    const headers = { authorization: `Bearer ${created.data!.createApiToken.token}` };
    expect((await server.query(RevokeMySessionsDocument, {}, headers)).errors).toBeUndefined();
    const adminOnly = await server.raw({ query: 'mutation { unlockAccount(email: "a@b.vn") }' }, headers);
    expect(adminOnly.errors![0].extensions!.code).toBe('FORBIDDEN');
    const mine = await server.query(MyApiTokensDocument, {}, headers);
    expect(mine.data!.myApiTokens[0].lastUsedAt).not.toBeNull();
  });

  it('a revoked token stops working at once', async () => {
    const owner = await signedInAs(db, [Role.DATA_MANAGER]);
    const created = await server.query(CreateApiTokenDocument, { name: 'Bản dựng tĩnh' }, owner.headers);
    const headers = { authorization: `Bearer ${created.data!.createApiToken.token}` };
    expect((await server.query(MeDocument, {}, headers)).status).toBe(200);
    const revoked = await server.query(RevokeApiTokenDocument, { id: created.data!.createApiToken.apiToken.id }, owner.headers);
    expect(revoked.data!.revokeApiToken.revokedAt).not.toBeNull();
    const after = await server.query(MeDocument, {}, headers);
    expect(after.status).toBe(401);
  });

  it('nobody else can revoke (or even see) your token', async () => {
    const owner = await signedInAs(db, [Role.EDITOR]);
    const other = await signedInAs(db, [Role.EDITOR]);
    const created = await server.query(CreateApiTokenDocument, { name: 'Riêng tư' }, owner.headers);
    const res = await server.query(RevokeApiTokenDocument, { id: created.data!.createApiToken.apiToken.id }, other.headers);
    expect(res.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect((await server.query(MyApiTokensDocument, {}, other.headers)).data!.myApiTokens).toEqual([]);
  });
});

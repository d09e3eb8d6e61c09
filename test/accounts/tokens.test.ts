import { Role } from '../../src/core/roles';
import { CreateApiTokenDocument, MeDocument, MyApiTokensDocument, RevokeApiTokenDocument, RevokeMySessionsDocument } from '../gql/graphql';
import { signedInAs } from '../support/accounts';
import { useTestApp } from '../support/app';

describe('API tokens', () => {
  const app = useTestApp();

  it('are read-only by default: queries work, mutations are FORBIDDEN', async () => {
    const owner = await signedInAs(app.db, [Role.EDITOR]);
    const created = await app.server.query(CreateApiTokenDocument, { name: 'Trang chủ baohatinh.vn' }, owner.headers);
    const { token, apiToken } = created.data!.createApiToken;
    expect(token).toMatch(/^rdt_/);
    expect(apiToken.scope).toBe('READ');
    expect(token.startsWith(apiToken.prefix)).toBe(true);
    const headers = { authorization: `Bearer ${token}` };
    expect((await app.server.query(MeDocument, {}, headers)).data!.me!.id).toBe(String(owner.id));
    const write = await app.server.query(RevokeMySessionsDocument, {}, headers);
    expect(write.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(write.errors![0].message).toContain('read-only');
  });

  it('WRITE tokens may run the mutations their owner may run, and record when they were last used', async () => {
    const owner = await signedInAs(app.db, [Role.EDITOR]);
    const created = await app.server.query(CreateApiTokenDocument, { name: 'Quy trình xuất bản', scope: 'WRITE' }, owner.headers);
    const headers = { authorization: `Bearer ${created.data!.createApiToken.token}` };
    expect((await app.server.query(RevokeMySessionsDocument, {}, headers)).errors).toBeUndefined();
    const adminOnly = await app.server.raw({ query: 'mutation { unlockAccount(email: "a@b.vn") }' }, headers);
    expect(adminOnly.errors![0].extensions!.code).toBe('FORBIDDEN');
    const mine = await app.server.query(MyApiTokensDocument, {}, headers);
    expect(mine.data!.myApiTokens[0].lastUsedAt).not.toBeNull();
  });

  it('a revoked token stops working at once', async () => {
    const owner = await signedInAs(app.db, [Role.DATA_MANAGER]);
    const created = await app.server.query(CreateApiTokenDocument, { name: 'Bản dựng tĩnh' }, owner.headers);
    const headers = { authorization: `Bearer ${created.data!.createApiToken.token}` };
    expect((await app.server.query(MeDocument, {}, headers)).status).toBe(200);
    const revoked = await app.server.query(RevokeApiTokenDocument, { id: created.data!.createApiToken.apiToken.id }, owner.headers);
    expect(revoked.data!.revokeApiToken.revokedAt).not.toBeNull();
    const after = await app.server.query(MeDocument, {}, headers);
    expect(after.status).toBe(401);
  });

  it('nobody else can revoke (or even see) your token', async () => {
    const owner = await signedInAs(app.db, [Role.EDITOR]);
    const other = await signedInAs(app.db, [Role.EDITOR]);
    const created = await app.server.query(CreateApiTokenDocument, { name: 'Riêng tư' }, owner.headers);
    const res = await app.server.query(RevokeApiTokenDocument, { id: created.data!.createApiToken.apiToken.id }, other.headers);
    expect(res.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect((await app.server.query(MyApiTokensDocument, {}, other.headers)).data!.myApiTokens).toEqual([]);
  });
});

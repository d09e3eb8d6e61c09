import { Role } from '../../src/core/roles';
import { AuditLogDocument, LoginDocument } from '../gql/graphql';
import { signedInAs, type TestAccount } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';

describe('auditLog(first) is validated like articles(first)', () => {
  let db: TestDatabase;
  let server: TestServer;
  let admin: TestAccount;
  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer(db);
    admin = await signedInAs(db, [Role.ADMIN]);
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  it.each([-1, 201])('refuses first: %i with BAD_USER_INPUT on first', async (first) => {
    const res = await server.query(AuditLogDocument, { first }, admin.headers);
    expect(res.data).toBeNull();
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('answers first: 0 with an empty page and first: 200 with entries', async () => {
    await server.query(LoginDocument, { email: admin.email, password: 'sai mật khẩu' });
    expect((await server.query(AuditLogDocument, { first: 0 }, admin.headers)).data!.auditLog).toEqual([]);
    const all = await server.query(AuditLogDocument, { first: 200 }, admin.headers);
    expect(all.data!.auditLog.map((e) => e.action)).toContain('login');
  });
});

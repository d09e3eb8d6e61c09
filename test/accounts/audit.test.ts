import { Role } from '../../src/core/roles';
import { AuditLogDocument, CreateUserDocument, LoginDocument } from '../gql/graphql';
import { signedInAs } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';

describe('audit log', () => {
  let db: TestDatabase;
  let server: TestServer;
  let admin: Awaited<ReturnType<typeof signedInAs>>;
  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer(db);
    admin = await signedInAs(db, [Role.ADMIN]);
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  it('records every mutation with who, what, target and outcome, secrets redacted', async () => {
    await server.query(CreateUserDocument, { email: 'ghi.nhat.ky@baohatinh.vn', roles: ['REPORTER'] }, admin.headers);
    await server.query(CreateUserDocument, { email: 'ghi.nhat.ky@baohatinh.vn', roles: ['REPORTER'] }, admin.headers); // conflict
    await server.query(LoginDocument, { email: 'ghi.nhat.ky@baohatinh.vn', password: 'bí mật tuyệt đối' });
    const log = await server.query(AuditLogDocument, { first: 10 }, admin.headers);
    const entries = log.data!.auditLog;
    expect(entries.slice(0, 3).map((e) => [e.action, e.outcome])).toEqual([
      ['login', 'UNAUTHENTICATED'],
      ['createUser', 'CONFLICT'],
      ['createUser', 'OK'],
    ]);
    expect(entries[2]).toMatchObject({ actorId: String(admin.id), actorLabel: admin.email, target: 'email=ghi.nhat.ky@baohatinh.vn' });
    expect(entries[0].details).toEqual({ email: 'ghi.nhat.ky@baohatinh.vn', password: '[redacted]' });
    expect(JSON.stringify(entries)).not.toContain('bí mật tuyệt đối');
  });

  it('is for admins only', async () => {
    const editor = await signedInAs(db, [Role.EDITOR]);
    expect((await server.query(AuditLogDocument, {}, editor.headers)).errors![0].extensions!.code).toBe('FORBIDDEN');
    expect((await server.query(AuditLogDocument, {})).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('is append-only in the database itself', async () => {
    const conn = db.orm.em.getConnection();
    await expect(conn.execute('update audit_entry set outcome = ? ', ['OK'])).rejects.toThrow(/append-only/);
    await expect(conn.execute('delete from audit_entry')).rejects.toThrow(/append-only/);
  });
});

import { Role } from '../../src/core/roles';
import { AuditLogDocument, CreateUserDocument, LoginDocument } from '../gql/graphql';
import { signedInAs } from '../support/accounts';
import { useTestApp } from '../support/app';

describe('audit log', () => {
  const app = useTestApp({ accounts: { admin: [Role.ADMIN] } });

  it('records every mutation with who, what, target and outcome, secrets redacted', async () => {
    await app.server.query(CreateUserDocument, { email: 'ghi.nhat.ky@baohatinh.vn', roles: ['REPORTER'] }, app.accounts.admin.headers);
    await app.server.query(CreateUserDocument, { email: 'ghi.nhat.ky@baohatinh.vn', roles: ['REPORTER'] }, app.accounts.admin.headers); // conflict
    await app.server.query(LoginDocument, { email: 'ghi.nhat.ky@baohatinh.vn', password: 'bí mật tuyệt đối' });
    const log = await app.server.query(AuditLogDocument, { first: 10 }, app.accounts.admin.headers);
    const entries = log.data!.auditLog;
    expect(entries.slice(0, 3).map((e) => [e.action, e.outcome])).toEqual([
      ['login', 'UNAUTHENTICATED'],
      ['createUser', 'CONFLICT'],
      ['createUser', 'OK'],
    ]);
    expect(entries[2]).toMatchObject({ actorId: String(app.accounts.admin.id), actorLabel: app.accounts.admin.email, target: 'email=ghi.nhat.ky@baohatinh.vn' });
    expect(entries[0].details).toEqual({ email: 'ghi.nhat.ky@baohatinh.vn', password: '[redacted]' });
    expect(JSON.stringify(entries)).not.toContain('bí mật tuyệt đối');
  });

  it('is for admins only', async () => {
    const editor = await signedInAs(app.db, [Role.EDITOR]);
    expect((await app.server.query(AuditLogDocument, {}, editor.headers)).errors![0].extensions!.code).toBe('FORBIDDEN');
    expect((await app.server.query(AuditLogDocument, {})).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('is append-only in the database itself', async () => {
    const conn = app.db.orm.em.getConnection();
    await expect(conn.execute('update audit_entry set outcome = ? ', ['OK'])).rejects.toThrow(/append-only/);
    await expect(conn.execute('delete from audit_entry')).rejects.toThrow(/append-only/);
  });
});

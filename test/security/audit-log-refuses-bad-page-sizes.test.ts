import { Role } from '../../src/core/roles';
import { AuditLogDocument, LoginDocument } from '../gql/graphql';
import { useTestApp } from '../support/app';

describe('auditLog(first) is validated like articles(first)', () => {
  const app = useTestApp({ accounts: { admin: [Role.ADMIN] } });

  it.each([-1, 201])('refuses first: %i with BAD_USER_INPUT on first', async (first) => {
    const res = await app.server.query(AuditLogDocument, { first }, app.accounts.admin.headers);
    expect(res.data).toBeNull();
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('answers first: 0 with an empty page and first: 200 with entries', async () => {
    await app.server.query(LoginDocument, { email: app.accounts.admin.email, password: 'sai mật khẩu' });
    expect((await app.server.query(AuditLogDocument, { first: 0 }, app.accounts.admin.headers)).data!.auditLog).toEqual([]);
    const all = await app.server.query(AuditLogDocument, { first: 200 }, app.accounts.admin.headers);
    expect(all.data!.auditLog.map((e) => e.action)).toContain('login');
  });
});

import { Role } from '../../src/core/roles';
import { ChangePasswordDocument, CreateUserDocument, LoginDocument, LogoutDocument, MeDocument, RevokeMySessionsDocument, SetUserDisabledDocument } from '../gql/graphql';
import { signedInAs, TEST_PASSWORD, testClock } from '../support/accounts';
import { useTestApp } from '../support/app';

describe('sign-in and sessions', () => {
  const clock = testClock();
  const app = useTestApp({ now: clock.now, accounts: { admin: [Role.ADMIN] } });

  it('signs in with email and password, case-insensitively, and `me` answers with the account', async () => {
    const editor = await signedInAs(app.db, [Role.EDITOR], { email: 'bien.tap@baohatinh.vn' });
    const login = await app.server.query(LoginDocument, { email: 'Bien.Tap@BaoHaTinh.vn', password: TEST_PASSWORD });
    expect(login.errors).toBeUndefined();
    expect(login.data!.login.token).toMatch(/^rds_/);
    expect(login.data!.login.user).toMatchObject({ email: 'bien.tap@baohatinh.vn', roles: ['EDITOR'] });
    const me = await app.server.query(MeDocument, {}, { authorization: `Bearer ${login.data!.login.token}` });
    expect(me.data!.me).toMatchObject({ id: String(editor.id), roles: ['EDITOR'] });
    expect((await app.server.query(MeDocument, {})).data!.me).toBeNull();
    // The removed interim identity header means nothing any more.
    expect((await app.server.query(MeDocument, {}, { 'x-reformdesk-staff': 'Bien tap vien' })).data!.me).toBeNull();
  });

  it('answers a wrong password and an unknown email with the same error', async () => {
    await signedInAs(app.db, [Role.REPORTER], { email: 'pv@baohatinh.vn' });
    const wrong = await app.server.query(LoginDocument, { email: 'pv@baohatinh.vn', password: 'sai-mat-khau-roi' });
    const unknown = await app.server.query(LoginDocument, { email: 'khong-co@baohatinh.vn', password: 'sai-mat-khau-roi' });
    expect(wrong.errors![0]).toMatchObject({ message: 'wrong email or password', extensions: { code: 'UNAUTHENTICATED' } });
    expect(unknown.errors![0].message).toBe(wrong.errors![0].message);
  });

  it('logout ends this session only; a request with its token is then a 401', async () => {
    const user = await signedInAs(app.db, [Role.EDITOR]);
    const second = await app.server.query(LoginDocument, { email: user.email, password: TEST_PASSWORD });
    const out = await app.server.query(LogoutDocument, {}, user.headers);
    expect(out.data!.logout).toBe(true);
    const after = await app.server.query(MeDocument, {}, user.headers);
    expect(after.status).toBe(401);
    expect(after.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const other = await app.server.query(MeDocument, {}, { authorization: `Bearer ${second.data!.login.token}` });
    expect(other.data!.me!.email).toBe(user.email);
  });

  it('revokes every session of the account', async () => {
    const user = await signedInAs(app.db, [Role.EDITOR]);
    const second = await app.server.query(LoginDocument, { email: user.email, password: TEST_PASSWORD });
    const revoked = await app.server.query(RevokeMySessionsDocument, {}, user.headers);
    expect(revoked.data!.revokeMySessions).toBe(2);
    expect((await app.server.query(MeDocument, {}, { authorization: `Bearer ${second.data!.login.token}` })).status).toBe(401);
  });

  it('expires a session after 14 days', async () => {
    const user = await signedInAs(app.db, [Role.EDITOR], { now: clock.now });
    expect((await app.server.query(MeDocument, {}, user.headers)).data!.me).not.toBeNull();
    clock.advance(14 * 24 * 3600_000 + 1000);
    const expired = await app.server.query(MeDocument, {}, user.headers);
    expect(expired.status).toBe(401);
    expect(expired.errors![0].message).toContain('expired');
    clock.advance(-(14 * 24 * 3600_000 + 1000));
  });

  it('an account created with a one-time password must change it before any other write', async () => {
    const created = await app.server.query(CreateUserDocument, { email: 'moi@sonoivu.hatinh.gov.vn', roles: ['DATA_MANAGER'] }, app.accounts.admin.headers);
    const oneTime = created.data!.createUser.oneTimePassword!;
    expect(oneTime.length).toBeGreaterThanOrEqual(16);
    expect(created.data!.createUser.user.mustChangePassword).toBe(true);
    const login = await app.server.query(LoginDocument, { email: 'moi@sonoivu.hatinh.gov.vn', password: oneTime });
    const headers = { authorization: `Bearer ${login.data!.login.token}` };
    const blocked = await app.server.query(RevokeMySessionsDocument, {}, headers);
    expect(blocked.errors![0].extensions!.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const weak = await app.server.query(ChangePasswordDocument, { currentPassword: oneTime, newPassword: 'ngan' }, headers);
    expect(weak.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });
    const changed = await app.server.query(ChangePasswordDocument, { currentPassword: oneTime, newPassword: 'một mật khẩu mới đủ dài' }, headers);
    expect(changed.data!.changePassword.mustChangePassword).toBe(false);
    expect((await app.server.query(RevokeMySessionsDocument, {}, headers)).errors).toBeUndefined();
  });

  it('disabling an account ends its sessions and refuses new sign-ins', async () => {
    const user = await signedInAs(app.db, [Role.REPORTER]);
    const res = await app.server.query(SetUserDisabledDocument, { id: String(user.id), disabled: true }, app.accounts.admin.headers);
    expect(res.data!.setUserDisabled.disabled).toBe(true);
    expect((await app.server.query(MeDocument, {}, user.headers)).status).toBe(401);
    const login = await app.server.query(LoginDocument, { email: user.email, password: TEST_PASSWORD });
    expect(login.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('rejects a malformed or unknown bearer token with 401 instead of treating it as anonymous', async () => {
    const res = await app.server.query(MeDocument, {}, { authorization: 'Bearer rds_not-a-real-token' });
    expect(res.status).toBe(401);
    expect(res.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('hides emails from other staff but shows them to admins and to the account itself', async () => {
    const editor = await signedInAs(app.db, [Role.EDITOR]);
    const asAdmin = await app.server.raw({ query: '{ users { id email } }' }, app.accounts.admin.headers);
    expect((asAdmin.data as { users: { email: string }[] }).users.some((u) => u.email === editor.email)).toBe(true);
    const asEditor = await app.server.query(MeDocument, {}, editor.headers);
    expect(asEditor.data!.me!.email).toBe(editor.email);
  });
});

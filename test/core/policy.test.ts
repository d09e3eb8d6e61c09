/**
 * The core policy vocabulary and domain errors, without a transport: the codes and HTTP statuses
 * every adapter (GraphQL, the HTTP routes) answers with, and the rules features build on.
 */
import { Role } from '../../src/core/roles';
import { BadInputError, DomainError, httpStatusOf, NotFoundError } from '../../src/core/errors';
import { assertAccess, assertMayRunMutation, assertWritable, mayAccess, requireRoles } from '../../src/core/policy';
import { ANONYMOUS, type StaffViewer, type Viewer } from '../../src/core/viewer';
import { assertMediaWriter } from '../../src/media/media.policy';
import { staffActor } from '../../src/newsroom/article.policy';
import { assertOrganisation } from '../../src/outreach/outreach.policy';
import { requireDataManager } from '../../src/rankings/ranking.policy';

const staff = (roles: Role[], extra: Partial<StaffViewer> = {}): StaffViewer => ({
  kind: 'staff',
  name: 'Nguyễn Văn An',
  userId: 7,
  email: null,
  roles,
  organisationId: 3,
  mustChangePassword: false,
  via: 'session',
  writable: true,
  ...extra,
});

/** The code a check fails with, or null when it passes. */
function codeOf(check: () => unknown): string | null {
  try {
    check();
    return null;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
}

describe('core errors', () => {
  it('carry a code, the HTTP status for it and the field at fault', () => {
    const bad = new BadInputError('title', 'tiêu đề trống');
    expect([bad.code, bad.httpStatus, bad.field]).toEqual(['BAD_USER_INPUT', 400, 'title']);
    expect(new NotFoundError('Article', 'x').httpStatus).toBe(404);
    expect(new DomainError('PASSWORD_CHANGE_REQUIRED', 'đổi mật khẩu').httpStatus).toBe(403);
    expect(httpStatusOf(new Error('boom'))).toBe(500);
  });
});

describe('core policy', () => {
  it('answers UNAUTHENTICATED for anonymous callers and FORBIDDEN for accounts without the role', () => {
    expect(codeOf(() => assertAccess(ANONYMOUS, 'PUBLIC'))).toBeNull();
    expect(codeOf(() => assertAccess(ANONYMOUS, 'SIGNED_IN'))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => assertAccess(staff([Role.REPORTER]), 'SIGNED_IN'))).toBeNull();
    expect(codeOf(() => assertAccess(staff([Role.REPORTER]), [Role.EDITOR]))).toBe('FORBIDDEN');
    expect(codeOf(() => requireRoles(ANONYMOUS, [Role.EDITOR], 'biên tập viên', 'xuất bản'))).toBe('UNAUTHENTICATED');
  });

  it('lets ADMIN hold every role, and alone through an empty role list', () => {
    expect(mayAccess(staff([Role.ADMIN]), [Role.DATA_MANAGER])).toBe(true);
    expect(mayAccess(staff([Role.ADMIN]), [])).toBe(true);
    expect(mayAccess(staff([Role.EDITOR]), [])).toBe(false);
  });

  it('has one read-only-token rule that mutations, uploads and ranking writes all meet', () => {
    const readOnly: Viewer = staff([Role.ADMIN], { via: 'token', writable: false });
    expect(codeOf(() => assertWritable(readOnly))).toBe('FORBIDDEN');
    expect(codeOf(() => assertMayRunMutation(readOnly, 'createArticle'))).toBe('FORBIDDEN');
    expect(codeOf(() => assertMediaWriter(readOnly))).toBe('FORBIDDEN');
    expect(codeOf(() => requireDataManager(readOnly))).toBe('FORBIDDEN');
    expect(codeOf(() => assertWritable(ANONYMOUS))).toBeNull();
  });

  it('holds back every write but changing the password while a one-time password is pending', () => {
    const oneTime = staff([Role.EDITOR], { mustChangePassword: true });
    expect(codeOf(() => assertMayRunMutation(oneTime, 'updateArticle'))).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(codeOf(() => assertMediaWriter(oneTime))).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(codeOf(() => assertMayRunMutation(oneTime, 'changePassword'))).toBeNull();
  });

  it('keeps the row rules of the features: editor-only actions, other organisations', () => {
    expect(codeOf(() => staffActor(staff([Role.REPORTER]), 'xuất bản bài', true))).toBe('FORBIDDEN');
    expect(staffActor(staff([Role.EDITOR]), 'xuất bản bài', true)).toEqual({ userId: 7, name: 'Nguyễn Văn An' });
    expect(codeOf(() => assertOrganisation(staff([Role.OUTREACH_PLANNER]), 4))).toBe('FORBIDDEN');
    expect(codeOf(() => assertOrganisation(staff([Role.OUTREACH_PLANNER]), 3))).toBeNull();
    expect(codeOf(() => assertOrganisation(staff([Role.ADMIN], { organisationId: null }), 4))).toBeNull();
  });
});

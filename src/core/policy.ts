/**
 * The vocabulary of authorization, shared by every feature's `*.policy.ts`: who may run an
 * operation (`Access`), and the checks that turn a denial into a domain error. The GraphQL
 * layer (`@Allowed`, the auth checker, the mutation runner), the HTTP routes and the services
 * all call these; no transport decides on its own.
 */
import { Role } from './roles';
import { ForbiddenError, PasswordChangeRequiredError, UnauthenticatedError } from './errors';
import { hasRole, isStaff, type StaffViewer, type Viewer } from './viewer';

/**
 * PUBLIC: anyone, signed in or not. SIGNED_IN: any account. A list of roles: accounts holding
 * one of them; ADMIN holds every role, so an empty list means "ADMIN only".
 */
export type Access = 'PUBLIC' | 'SIGNED_IN' | readonly Role[];

/** Root fields of one feature ("Query.articles", "Mutation.createArticle") and who may run them. */
export type OperationPolicy = Readonly<Record<string, Access>>;

export function mayAccess(viewer: Viewer, access: Access): boolean {
  if (access === 'PUBLIC') return true;
  if (!isStaff(viewer)) return false;
  return access === 'SIGNED_IN' || hasRole(viewer, ...access);
}

/** The roles a role list admits, for messages: ADMIN alone when the list is empty. */
const rolesOf = (access: readonly Role[]): readonly Role[] => (access.length ? access : [Role.ADMIN]);

/**
 * Throws UNAUTHENTICATED for anonymous callers and FORBIDDEN for accounts without a role the
 * access asks for; `action` says what was attempted, for the message.
 */
export function assertAccess(viewer: Viewer, access: Access, action?: string): asserts viewer is Viewer {
  if (access === 'PUBLIC') return;
  const doing = action ? `: ${action}` : '';
  if (!isStaff(viewer)) throw new UnauthenticatedError(`sign in first${action ? `: only staff may ${action}` : ': this needs a staff account'}`);
  if (access === 'SIGNED_IN' || hasRole(viewer, ...access)) return;
  throw new ForbiddenError(`this needs one of the roles ${rolesOf(access).join(', ')}${doing}`);
}

/**
 * assertAccess for a role list inside a service, answering the signed-in account: `who` names
 * the staff the action is for ("newsroom staff"), `action` what was attempted ("edit articles").
 */
export function requireRoles(viewer: Viewer, roles: readonly Role[], who: string, action: string): StaffViewer {
  if (!isStaff(viewer)) throw new UnauthenticatedError(`sign in first: only ${who} may ${action}`);
  if (!hasRole(viewer, ...roles)) throw new ForbiddenError(`this needs one of the roles ${rolesOf(roles).join(', ')}: ${action}`);
  return viewer;
}

/** The read-only-token rule, in one place: READ-scoped API tokens run queries only. */
export function assertWritable(viewer: Viewer): void {
  if (isStaff(viewer) && !viewer.writable) throw new ForbiddenError('this API token is read-only (scope READ)');
}

/** Mutations that stay possible while a password change is pending. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['changePassword', 'logout', 'login']);

/**
 * Who may write at all, decided for each root mutation field as it executes (never from the
 * operation's text, which fragments and directives can hide): READ-scoped API tokens run
 * queries only, and an account with a one-time password must change it before anything else.
 * Anonymous callers meet the operation's own access rule instead.
 */
export function assertMayRunMutation(viewer: Viewer, mutation: string): void {
  if (!isStaff(viewer)) return;
  assertWritable(viewer);
  if (viewer.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(mutation)) throw new PasswordChangeRequiredError();
}

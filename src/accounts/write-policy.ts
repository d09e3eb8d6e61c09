/**
 * Who may write at all, decided for each root mutation field as it executes (never from the
 * operation's text, which fragments and directives can hide): READ-scoped API tokens run
 * queries only, and an account with a one-time password must change it before anything else.
 */
import { DomainError } from '../graphql/errors';
import { isStaff, Viewer } from '../graphql/viewer';

/** Mutations that stay possible while a password change is pending. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['changePassword', 'logout', 'login']);

export function assertMayRunMutation(viewer: Viewer, mutation: string): void {
  if (!isStaff(viewer)) return; // anonymous callers meet @Authorized and the services' own rules
  if (!viewer.writable) throw new DomainError('FORBIDDEN', 'this API token is read-only (scope READ)');
  if (viewer.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(mutation)) {
    throw new DomainError('PASSWORD_CHANGE_REQUIRED', 'change the one-time password first (mutation changePassword)');
  }
}

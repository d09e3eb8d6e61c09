/**
 * The edge of authorization: `@Authorized()` needs a signed-in account, `@Authorized([roles])`
 * one of those roles (ADMIN passes everywhere). Row-level rules stay in the services.
 */
import type { AuthChecker, MiddlewareFn } from 'type-graphql';
import { DomainError, ForbiddenError, UnauthenticatedError } from '../graphql/errors';
import type { RequestContext } from '../graphql/context';
import { hasRole, isStaff } from '../graphql/viewer';
import type { Role } from './roles';

export const authChecker: AuthChecker<RequestContext, Role> = ({ context }, roles) => {
  const viewer = context.viewer;
  if (!isStaff(viewer)) throw new UnauthenticatedError('sign in first: this needs a staff account');
  if (roles.length === 0 || hasRole(viewer, ...roles)) return true;
  throw new ForbiddenError(`this needs one of the roles ${roles.join(', ')}`);
};

/** Mutations that stay possible while a password change is pending. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['changePassword', 'logout', 'login']);

/**
 * Applies to every mutation, decorated or not: READ-scoped API tokens cannot write, and an
 * account with a one-time password must change it before anything else.
 */
export const writeGuard: MiddlewareFn<RequestContext> = ({ context, info }, next) => {
  if (info.parentType.name === 'Mutation' && isStaff(context.viewer)) {
    if (!context.viewer.writable) throw new ForbiddenError('this API token is read-only (scope READ)');
    if (context.viewer.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(info.fieldName)) {
      throw new DomainError('PASSWORD_CHANGE_REQUIRED', 'change the one-time password first (mutation changePassword)');
    }
  }
  return next();
};

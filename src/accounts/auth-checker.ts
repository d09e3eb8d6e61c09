/**
 * The edge of authorization: `@Authorized()` needs a signed-in account, `@Authorized([roles])`
 * one of those roles (ADMIN passes everywhere). Row-level rules stay in the services.
 */
import type { AuthChecker } from 'type-graphql';
import { ForbiddenError, UnauthenticatedError } from '../core/errors';
import type { RequestContext } from '../graphql/context';
import { hasRole, isStaff } from '../core/viewer';
import type { Role } from './roles';

export const authChecker: AuthChecker<RequestContext, Role> = ({ context }, roles) => {
  const viewer = context.viewer;
  if (!isStaff(viewer)) throw new UnauthenticatedError('sign in first: this needs a staff account');
  if (roles.length === 0 || hasRole(viewer, ...roles)) return true;
  throw new ForbiddenError(`this needs one of the roles ${roles.join(', ')}`);
};

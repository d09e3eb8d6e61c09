/**
 * type-graphql's auth checker, asked for every field wearing `@Allowed` (src/graphql/authorization.ts, each feature's allowedBy):
 * no roles means any signed-in account, roles mean one of them (ADMIN passes everywhere). The
 * decision itself is the core policy's; row-level rules stay in the features' policies and services.
 */
import type { AuthChecker } from 'type-graphql';
import { assertAccess } from '../core/policy';
import type { RequestContext } from '../graphql/context';
import type { Role } from '../core/roles';

export const authChecker: AuthChecker<RequestContext, Role> = ({ context }, roles) => {
  assertAccess(context.viewer, roles.length === 0 ? 'SIGNED_IN' : roles);
  return true;
};

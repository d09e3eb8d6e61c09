/**
 * Who may do what with accounts: signing in is public, your own sessions and API tokens need an
 * account, administration (accounts, organisations, the audit log) is ADMIN only (`[]`).
 */
import type { OperationPolicy } from '../core/policy';
import { hasRole, isStaff, type Viewer } from '../core/viewer';
import { Role } from '../core/roles';

export const ACCOUNTS_OPERATIONS = {
  'Mutation.login': 'PUBLIC',
  'Query.me': 'PUBLIC',
  'Mutation.logout': 'SIGNED_IN',
  'Mutation.revokeMySessions': 'SIGNED_IN',
  'Mutation.changePassword': 'SIGNED_IN',
  'Mutation.createApiToken': 'SIGNED_IN',
  'Query.myApiTokens': 'SIGNED_IN',
  'Mutation.revokeApiToken': 'SIGNED_IN',
  'Query.organisations': 'SIGNED_IN',
  'Query.users': [],
  'Mutation.createUser': [],
  'Mutation.setUserRoles': [],
  'Mutation.setUserDisabled': [],
  'Mutation.unlockAccount': [],
  'Mutation.createOrganisation': [],
  'Query.auditLog': [],
} as const satisfies OperationPolicy;

/** Whether the viewer may see the email of account `accountId`: the account itself and admins only. */
export function maySeeEmail(viewer: Viewer, accountId: number | null | undefined, signedInUserId?: number): boolean {
  if (accountId === null || accountId === undefined) return false;
  if (hasRole(viewer, Role.ADMIN)) return true;
  return (isStaff(viewer) && viewer.userId === accountId) || signedInUserId === accountId;
}

/** Owners manage (revoke) their own API tokens; admins any. */
export function mayManageApiToken(viewer: Viewer, ownerId: number): boolean {
  return (isStaff(viewer) && viewer.userId === ownerId) || hasRole(viewer, Role.ADMIN);
}

/**
 * Who may do what with accounts: signing in is public, your own sessions and API tokens need an
 * account, administration (accounts, organisations, the audit log) is ADMIN only (`[]`).
 */
import type { OperationPolicy } from '../core/policy';

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

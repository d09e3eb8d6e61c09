/**
 * The GraphQL side of the per-feature policies: every operation of every feature in one table,
 * and `@Allowed(operation)`, the decorator each root field (and each guarded type field) wears,
 * which turns the declared access into type-graphql's `@Authorized` so the auth checker
 * (src/accounts/auth-checker.ts) asks the core policy at execution time, whatever the shape of
 * the request (aliases, fragments, @include/@skip).
 */
import { Authorized } from 'type-graphql';
import { ACCOUNTS_OPERATIONS } from '../accounts/accounts.policy';
import { Role } from '../core/roles';
import { BODY_OPERATIONS } from '../bodies/body.policy';
import type { Access, OperationPolicy } from '../core/policy';
import { LIVE_OPERATIONS } from '../live/live.policy';
import { MEDIA_OPERATIONS } from '../media/media.policy';
import { NEWSROOM_OPERATIONS } from '../newsroom/article.policy';
import { OUTREACH_OPERATIONS } from '../outreach/outreach.policy';
import { RANKING_OPERATIONS } from '../rankings/ranking.policy';
import { UNIT_OPERATIONS } from '../units/unit.policy';

export const OPERATIONS = {
  ...ACCOUNTS_OPERATIONS,
  ...NEWSROOM_OPERATIONS,
  ...MEDIA_OPERATIONS,
  ...OUTREACH_OPERATIONS,
  ...RANKING_OPERATIONS,
  ...BODY_OPERATIONS,
  ...UNIT_OPERATIONS,
  ...LIVE_OPERATIONS,
} as const satisfies OperationPolicy;

export type Operation = keyof typeof OPERATIONS;

/** Applies the declared access of `operation`: nothing for PUBLIC, a signed-in account or one of the roles otherwise. */
export function Allowed(operation: Operation): MethodDecorator & PropertyDecorator {
  const access: Access = OPERATIONS[operation];
  if (access === 'PUBLIC') return () => undefined;
  if (access === 'SIGNED_IN') return Authorized();
  // An empty role list means ADMIN only (ADMIN holds every role).
  return Authorized(access.length ? [...access] : [Role.ADMIN]);
}

/**
 * Every operation of every feature in one table: what the authorization matrix test reads to
 * check that each root field of the schema declares its access. Features declare theirs in their
 * own `*.policy.ts`; this is only where they are put side by side.
 */
import { ACCOUNTS_OPERATIONS } from '../accounts/accounts.policy';
import { BODY_OPERATIONS } from '../bodies/body.policy';
import type { OperationPolicy } from '../core/policy';
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

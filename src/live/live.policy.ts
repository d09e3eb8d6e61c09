/**
 * Who may use the live features: anyone subscribes to public ranking tables and article pages
 * (they run as an anonymous reader, so drafts never show); newsroom events are for staff, each
 * event then filtered by role and organisation (live.scope.ts). Webhook endpoints and their
 * deliveries are ADMIN only: a webhook sends data off the machine.
 */
import { Role } from '../core/roles';
import type { OperationPolicy } from '../core/policy';

const { ADMIN } = Role;

/** Roles that receive staff events (each filtered further in live.scope.ts). */
export const STAFF_EVENT_ROLES = [Role.EDITOR, Role.REPORTER, Role.DATA_MANAGER, Role.OUTREACH_PLANNER] as const;

export const LIVE_OPERATIONS = {
  'Subscription.rankingTableChanged': 'PUBLIC',
  'Subscription.articleChanged': 'PUBLIC',
  'Subscription.newsroomEvents': STAFF_EVENT_ROLES,
  'Query.webhookEndpoints': [ADMIN],
  'Query.webhookDeliveries': [ADMIN],
  'Mutation.createWebhookEndpoint': [ADMIN],
  'Mutation.updateWebhookEndpoint': [ADMIN],
  'Mutation.disableWebhookEndpoint': [ADMIN],
  'Mutation.deleteWebhookEndpoint': [ADMIN],
  'Mutation.rotateWebhookSecret': [ADMIN],
  'Mutation.replayWebhookDelivery': [ADMIN],
  'Mutation.replayWebhookEvent': [ADMIN],
} as const satisfies OperationPolicy;

/**
 * The shape every consumer of the change feed (issue 12) receives: GraphQL subscriptions,
 * the response cache's purge, outbound webhooks. Framework-free on purpose: the outbox writes
 * these rows inside a mutation's transaction, a dispatcher reads them back in commit order and
 * hands each one to every registered consumer, at least once. Consumers must therefore be
 * idempotent, keyed by `id`.
 */

/** What happened, in the vocabulary webhook subscribers choose from. */
export const CHANGE_EVENT_TYPES = [
  'article.saved',
  'article.transitioned',
  'article.published',
  'article.scheduled',
  'article.revisionPublished',
  'article.conflict',
  'claim.stale',
  'score.corrected',
  'scores.imported',
  'edition.published',
  'taxonomy.changed',
  'image.changed',
  'unit.changed',
  /** An outreach plan of one organisation changed (scoped by organisationId). */
  'outreach.changed',
  /** Sessions or API tokens were revoked: open sockets re-check their credentials. Internal. */
  'access.revoked',
] as const;

export type ChangeEventType = (typeof CHANGE_EVENT_TYPES)[number];

export interface ChangeEvent {
  /** Outbox row id: a bigint as a decimal string, increasing in commit order. The idempotency key. */
  id: string;
  type: ChangeEventType;
  /** The entities touched, as `kind:id` keys (`article:12`, `edition:PAR_INDEX:2024`, `unit:436`, `table:article`). */
  keys: string[];
  /** The data revision after the write (rankings), when the write changed one. */
  revision: number | null;
  occurredAt: Date;
  /** Public facts about the change (slug, index code, year…); never draft content or emails. */
  payload: Record<string, unknown>;
  /** Organisation the change belongs to, for scoping staff events; null when public. */
  organisationId: number | null;
}

/** Something the dispatcher delivers events to. `handle` may be called twice for one event. */
export interface ChangeConsumer {
  /** Stable name: the dispatcher records per consumer how far it has delivered. */
  readonly name: string;
  handle(event: ChangeEvent): Promise<void>;
}

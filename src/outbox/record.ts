/**
 * `recordChange`: the one way a write announces itself. It inserts the event into the outbox
 * through the caller's EntityManager, so the event commits with the write or not at all, and
 * raises a NOTIFY that PostgreSQL delivers to listening dispatchers only at commit.
 *
 * Commit order: a bigserial id is taken at insert time, not at commit, so two overlapping
 * writers could commit ids out of order and a dispatcher that already moved past the later id
 * would skip the earlier one forever. Each writer therefore takes a transaction-scoped advisory
 * lock before inserting: writers that record events commit one after another from that point,
 * and ids follow commit order. Call it late in the transaction (it is held until commit).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChangeEvent } from './change-event';

/** The channel dispatchers LISTEN on (PostgreSQL). */
export const CHANGE_CHANNEL = 'reformdesk_changes';
/** Arbitrary constant naming the outbox's advisory lock. */
const OUTBOX_LOCK = 120_012;

export type NewChange = Omit<ChangeEvent, 'id' | 'occurredAt' | 'revision' | 'organisationId' | 'payload'> & Partial<Pick<ChangeEvent, 'revision' | 'organisationId' | 'payload'>>;

/** Records events in the caller's transaction; returns their ids. */
export async function recordChange(em: EntityManager, ...events: NewChange[]): Promise<string[]> {
  if (events.length === 0) return [];
  await em.execute(`select pg_advisory_xact_lock(${OUTBOX_LOCK})`);
  const values = events.map(() => '(?, ?::jsonb, ?, ?::jsonb, ?)').join(', ');
  const params = events.flatMap((e) => [e.type, JSON.stringify(e.keys), e.revision ?? null, JSON.stringify(e.payload ?? {}), e.organisationId ?? null]);
  const rows: { id: string }[] = await em.execute(
    `with added as (insert into change_outbox (type, keys, revision, payload, organisation_id) values ${values} returning id)
     select id::text as id, pg_notify('${CHANGE_CHANNEL}', id::text) from added order by id`,
    params,
  );
  return rows.map((r) => String(r.id));
}

interface OutboxRow {
  id: string;
  type: string;
  keys: string[];
  revision: number | null;
  payload: Record<string, unknown>;
  organisation_id: number | null;
  occurred_at: Date | string;
}

export function eventOf(row: OutboxRow): ChangeEvent {
  return {
    id: String(row.id),
    type: row.type as ChangeEvent['type'],
    keys: row.keys,
    revision: row.revision,
    occurredAt: new Date(row.occurred_at),
    payload: row.payload,
    organisationId: row.organisation_id,
  };
}

export type { OutboxRow };

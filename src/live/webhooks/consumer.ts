/**
 * The webhooks' side of the change feed: for each event, one delivery row per active endpoint
 * that wants it. Idempotent: the (endpoint, event id) pair is unique, so the dispatcher's
 * at-least-once redelivery of an event creates nothing new. Sending is the worker's job.
 *
 * It uses its own entity manager (a fork of the ORM's), so the dispatcher must call `handle`
 * outside any transaction it holds: with PGlite's single connection, a query waiting behind
 * the caller's own open transaction would wait forever.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { ChangeConsumer, ChangeEvent } from '../../outbox/change-event';
import { deliveryBody, endpointWants } from './webhook.events';

export class WebhookConsumer implements ChangeConsumer {
  readonly name = 'webhooks';

  constructor(
    private readonly orm: MikroORM,
    private readonly onEnqueued: () => void = () => undefined,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async handle(event: ChangeEvent): Promise<void> {
    const em = this.orm.em.fork() as EntityManager;
    const endpoints: { id: number; event_types: string[]; organisation_id: number | null }[] = await em.execute(
      `select id, event_types, organisation_id from webhook_endpoint where active and ? = any(event_types)`,
      [event.type],
    );
    const wanted = endpoints.filter((e) => endpointWants({ eventTypes: e.event_types, organisationId: e.organisation_id === null ? null : Number(e.organisation_id) }, event));
    if (wanted.length === 0) return;
    const body = JSON.stringify(deliveryBody(event));
    const now = this.now();
    const inserted: unknown[] = await em.execute(
      `insert into webhook_delivery (endpoint_id, event_id, event_type, body, status, attempts, next_attempt_at, created_at)
       select e.id, ?, ?, ?::jsonb, 'PENDING', 0, ?, ? from unnest(?::int[]) as e(id)
       on conflict (endpoint_id, event_id) do nothing returning id`,
      [event.id, event.type, body, now, now, `{${wanted.map((e) => Number(e.id)).join(',')}}`],
    );
    if (inserted.length) this.onEnqueued();
  }
}

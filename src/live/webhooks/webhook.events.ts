/**
 * Which events an endpoint receives, what body it gets, and when a failed delivery is retried.
 * Framework-free: the consumer, the worker and the admin service share these rules.
 */
import type { WebhookConfig } from '../../config';
import { CHANGE_EVENT_TYPES, type ChangeEvent } from '../../outbox/change-event';

export const WEBHOOK_EVENT_TYPES: readonly string[] = CHANGE_EVENT_TYPES;

export interface EndpointScope {
  eventTypes: string[];
  organisationId: number | null;
}

/**
 * An endpoint gets the event types it asked for; staff events (those of an organisation)
 * only when it belongs to that organisation. Endpoints without one get public events only.
 */
export function endpointWants(endpoint: EndpointScope, event: Pick<ChangeEvent, 'type' | 'organisationId'>): boolean {
  if (!endpoint.eventTypes.includes(event.type)) return false;
  return event.organisationId === null || event.organisationId === endpoint.organisationId;
}

// Second line of defence: the outbox promises public facts only, but a key that names private
// content (a draft body, an email, a secret) never leaves, whatever a producer put in.
const PRIVATE_KEY = /e-?mail|password|token|secret|draft|body|markdown|content/i;

function publicFacts(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(publicFacts);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !PRIVATE_KEY.test(k))
        .map(([k, v]) => [k, publicFacts(v)]),
    );
  }
  return value;
}

/** The JSON document POSTed for an event; its `id` is also the Idempotency-Key header. */
export function deliveryBody(event: ChangeEvent): Record<string, unknown> {
  return {
    id: event.id,
    type: event.type,
    occurredAt: new Date(event.occurredAt).toISOString(),
    revision: event.revision,
    keys: event.keys,
    data: publicFacts(event.payload),
  };
}

/**
 * Delay before attempt `attempt + 1` after `attempt` failed: base × 2^(attempt−1), capped,
 * with ±20 % jitter so endpoints that failed together do not all come back together.
 */
export function retryDelayMs(attempt: number, config: Pick<WebhookConfig, 'retryBaseSeconds' | 'retryMaxSeconds'>, random: () => number = Math.random): number {
  const exponential = config.retryBaseSeconds * 2 ** Math.max(0, attempt - 1);
  const jittered = Math.min(exponential, config.retryMaxSeconds) * (0.8 + 0.4 * random());
  return Math.round(Math.min(jittered, config.retryMaxSeconds) * 1000);
}

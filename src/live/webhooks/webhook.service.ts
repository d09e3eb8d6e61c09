/**
 * Admin rules for webhook endpoints and deliveries: registration (URL and SSRF checks, event
 * types), the secret shown once, rotation with a grace period, disabling, deletion, listing
 * and replay. Runs inside the mutation's transaction (ctx.em); the only network it waits on is
 * one DNS lookup of the target host, bounded by a short timeout.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Organisation } from '../../accounts/organisation.entity';
import { User } from '../../accounts/user.entity';
import { BadInputError, ConflictError, NotFoundError } from '../../graphql/errors';
import { RefusedTargetError, type Resolver, systemResolver, vetHost } from './address-guard';
import { generateWebhookSecret } from './signing';
import { WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint } from './webhook.entity';
import { WEBHOOK_EVENT_TYPES } from './webhook.events';

export const MAX_PAGE = 200;
/** How long deliveries still carry a signature with the secret a rotation replaced. */
export const ROTATION_GRACE_HOURS = 24;
const DNS_TIMEOUT_MS = 3000;

export interface EndpointInput {
  url?: string | null;
  eventTypes?: string[] | null;
  description?: string | null;
  /** Organisation slug: the endpoint also receives that organisation's staff events. */
  organisation?: string | null;
}

export interface DeliveryFilter {
  endpointId?: number | null;
  eventId?: string | null;
  status?: WebhookDeliveryStatus | null;
  first: number;
  beforeId?: number | null;
}

export interface WebhookServiceOptions {
  allowPrivateTargets: boolean;
  resolve?: Resolver;
}

export class WebhookService {
  constructor(
    private readonly em: EntityManager,
    private readonly now: () => Date,
    private readonly options: WebhookServiceOptions,
  ) {}

  async create(userId: number | null, input: EndpointInput): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    if (input.url == null) throw new BadInputError('url', 'an endpoint needs a URL');
    if (input.eventTypes == null) throw new BadInputError('eventTypes', 'choose at least one event type');
    const secret = generateWebhookSecret();
    const endpoint = this.em.create(WebhookEndpoint, {
      url: await this.checkedUrl(input.url),
      eventTypes: checkedEventTypes(input.eventTypes),
      description: checkedDescription(input.description),
      organisation: await this.organisationOf(input.organisation),
      secret,
      secretPrefix: secret.slice(0, 12),
      active: true,
      createdBy: userId ? this.em.getReference(User, userId) : null,
      createdAt: this.now(),
      updatedAt: this.now(),
    });
    await this.em.flush();
    return { endpoint, secret };
  }

  async update(id: number, input: EndpointInput & { active?: boolean | null }): Promise<WebhookEndpoint> {
    const endpoint = await this.endpoint(id);
    if (input.url != null) endpoint.url = await this.checkedUrl(input.url);
    if (input.eventTypes != null) endpoint.eventTypes = checkedEventTypes(input.eventTypes);
    if (input.description !== undefined) endpoint.description = checkedDescription(input.description);
    if (input.organisation !== undefined) endpoint.organisation = await this.organisationOf(input.organisation);
    if (input.active === true && !endpoint.active) {
      // Re-enabled: its waiting deliveries resume, and the failure clock starts afresh.
      endpoint.active = true;
      endpoint.disabledReason = null;
      endpoint.failingSince = null;
    } else if (input.active === false) {
      this.disableNow(endpoint, 'disabled by an admin');
    }
    endpoint.updatedAt = this.now();
    await this.em.flush();
    return endpoint;
  }

  async disable(id: number): Promise<WebhookEndpoint> {
    const endpoint = await this.endpoint(id);
    this.disableNow(endpoint, 'disabled by an admin');
    await this.em.flush();
    return endpoint;
  }

  async delete(id: number): Promise<boolean> {
    const endpoint = await this.endpoint(id);
    this.em.remove(endpoint);
    await this.em.flush();
    return true;
  }

  /** A new secret, shown once; the old one still signs (a second v1) for ROTATION_GRACE_HOURS. */
  async rotateSecret(id: number): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const endpoint = await this.em.findOne(WebhookEndpoint, { id }, { populate: ['secret', 'organisation'] });
    if (!endpoint) throw new NotFoundError('WebhookEndpoint', String(id));
    const secret = generateWebhookSecret();
    endpoint.previousSecret = endpoint.secret;
    endpoint.previousSecretExpiresAt = new Date(this.now().getTime() + ROTATION_GRACE_HOURS * 3600_000);
    endpoint.secret = secret;
    endpoint.secretPrefix = secret.slice(0, 12);
    endpoint.updatedAt = this.now();
    await this.em.flush();
    return { endpoint, secret };
  }

  endpoints(first: number, afterId: number | null): Promise<WebhookEndpoint[]> {
    checkedPageSize(first);
    return this.em.find(WebhookEndpoint, afterId ? { id: { $gt: afterId } } : {}, { orderBy: { id: 'asc' }, limit: first, populate: ['organisation'] });
  }

  /** Newest first; page on with `beforeId` = the last id of the previous page. */
  deliveries(filter: DeliveryFilter): Promise<WebhookDelivery[]> {
    checkedPageSize(filter.first);
    const where: Record<string, unknown> = {};
    if (filter.endpointId) where.endpoint = filter.endpointId;
    if (filter.eventId) where.eventId = filter.eventId;
    if (filter.status) where.status = filter.status;
    if (filter.beforeId) where.id = { $lt: filter.beforeId };
    return this.em.find(WebhookDelivery, where, { orderBy: { id: 'desc' }, limit: filter.first, populate: ['endpoint.organisation', 'attemptLog'] });
  }

  /** Sends a delivery again as soon as the worker runs: one more attempt, same event id. */
  async replayDelivery(id: number): Promise<WebhookDelivery> {
    const delivery = await this.em.findOne(WebhookDelivery, { id }, { populate: ['endpoint.organisation', 'attemptLog'] });
    if (!delivery) throw new NotFoundError('WebhookDelivery', String(id));
    this.requeue(delivery);
    await this.em.flush();
    return delivery;
  }

  /** Every delivery of one change event (or only the one to `endpointId`) sent again. */
  async replayEvent(eventId: string, endpointId: number | null): Promise<WebhookDelivery[]> {
    const where = endpointId ? { eventId, endpoint: endpointId } : { eventId };
    const deliveries = await this.em.find(WebhookDelivery, where, { orderBy: { id: 'asc' }, populate: ['endpoint.organisation', 'attemptLog'] });
    if (deliveries.length === 0) throw new NotFoundError('WebhookEvent', eventId);
    for (const delivery of deliveries) this.requeue(delivery);
    await this.em.flush();
    return deliveries;
  }

  private requeue(delivery: WebhookDelivery): void {
    // In flight, unless its lease ended (the sending process died): then a replay may take it over.
    const inFlight = delivery.status === WebhookDeliveryStatus.SENDING && (delivery.leaseUntil?.getTime() ?? 0) > this.now().getTime();
    if (inFlight) throw new ConflictError(`delivery ${delivery.id} is being sent right now; replay it once the attempt ends`, { field: 'id' });
    if (!delivery.endpoint.active) throw new ConflictError(`endpoint ${delivery.endpoint.id} is disabled; enable it before replaying`, { field: 'id' });
    delivery.status = WebhookDeliveryStatus.PENDING;
    delivery.nextAttemptAt = this.now();
    delivery.leaseUntil = null;
  }

  private disableNow(endpoint: WebhookEndpoint, reason: string): void {
    if (!endpoint.active) return;
    endpoint.active = false;
    endpoint.disabledReason = reason;
    endpoint.updatedAt = this.now();
  }

  private async endpoint(id: number): Promise<WebhookEndpoint> {
    const endpoint = await this.em.findOne(WebhookEndpoint, { id }, { populate: ['organisation'] });
    if (!endpoint) throw new NotFoundError('WebhookEndpoint', String(id));
    return endpoint;
  }

  private async organisationOf(slug: string | null | undefined): Promise<Organisation | null> {
    if (!slug) return null;
    const org = await this.em.findOne(Organisation, { slug });
    if (!org) throw new BadInputError('organisation', `no organisation has the slug "${slug}"`);
    return org;
  }

  /** http(s), no credentials in it, and a host that is (and resolves to) a public address. */
  private async checkedUrl(raw: string): Promise<string> {
    const text = raw.trim();
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new BadInputError('url', `"${text.slice(0, 200)}" is not an absolute URL (https://partner.example.vn/hooks/reformdesk)`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new BadInputError('url', 'webhook URLs must use https (or http)');
    if (url.username || url.password) throw new BadInputError('url', 'put no credentials in the URL: receivers verify the signature instead');
    if (text.length > 2048) throw new BadInputError('url', 'the URL is longer than 2048 characters');
    url.hash = '';
    try {
      await withTimeout(
        vetHost(url.hostname, this.options.allowPrivateTargets, this.options.resolve ?? systemResolver),
        DNS_TIMEOUT_MS,
        `the host "${url.hostname}" did not resolve within ${DNS_TIMEOUT_MS} ms`,
      );
    } catch (e) {
      if (e instanceof RefusedTargetError) throw new BadInputError('url', e.message);
      throw e;
    }
    return url.toString();
  }
}

function checkedEventTypes(types: string[]): string[] {
  if (types.length === 0) throw new BadInputError('eventTypes', 'choose at least one event type');
  const unknown = types.filter((t) => !WEBHOOK_EVENT_TYPES.includes(t));
  if (unknown.length) throw new BadInputError('eventTypes', `unknown event type "${unknown[0]}"; known: ${WEBHOOK_EVENT_TYPES.join(', ')}`, { unknown });
  return [...new Set(types)];
}

function checkedDescription(raw: string | null | undefined): string | null {
  const clean = raw?.normalize('NFC').trim() ?? '';
  if (clean.length > 300) throw new BadInputError('description', 'the description is longer than 300 characters');
  return clean || null;
}

function checkedPageSize(first: number): void {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) throw new BadInputError('first', `first must be from 1 to ${MAX_PAGE}`);
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RefusedTargetError(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

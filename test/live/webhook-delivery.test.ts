/**
 * Webhook deliveries end to end against a real local receiver (node:http on 127.0.0.1):
 * change events handed to the consumer as the change feed's dispatcher will, the worker driven
 * batch by batch with a test clock. Private targets are allowed here (that is how the receiver
 * is reached) except where a test proves the delivery-time refusal.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '../../src/core/roles';
import { loadCacheConfig, loadWebhookConfig, type WebhookConfig } from '../../src/config';
import type { ChangeEvent } from '../../src/outbox/change-event';
import { WebhookConsumer } from '../../src/live/webhooks/consumer';
import { verifySignature } from '../../src/live/webhooks/signing';
import { deliveryBody } from '../../src/live/webhooks/webhook.events';
import { WebhookWorker } from '../../src/live/webhooks/worker';
import { ensureOrganisation, signedInAs, type TestAccount, testClock } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { type Receiver, startReceiver } from '../support/webhook-receiver';

const CONFIG: WebhookConfig = { ...loadWebhookConfig({}), allowPrivateTargets: true, timeoutMs: 2000, maxAttempts: 3, pollMs: 600_000, concurrency: 4 };
const DELIVERIES = `query($eventId: String) { webhookDeliveries(eventId: $eventId) { id eventId status attempts lastStatusCode lastError nextAttemptAt deliveredAt body attemptLog { attempt statusCode error durationMs } } }`;

interface DeliveryView {
  id: string;
  eventId: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  body: Record<string, unknown>;
  attemptLog: { attempt: number; statusCode: number | null; error: string | null; durationMs: number }[];
}

let eventCounter = 1000;
function changeEvent(overrides: Partial<ChangeEvent> = {}): ChangeEvent {
  return {
    id: String(++eventCounter),
    type: 'score.corrected',
    keys: ['edition:PAR_INDEX:2024', 'unit:42'],
    revision: 7,
    occurredAt: new Date('2026-03-01T08:00:00Z'),
    payload: { index: 'PAR_INDEX', year: 2024, unit: 'Hà Tĩnh', correctedByEmail: 'dm@hatinh.gov.vn' },
    organisationId: null,
    ...overrides,
  };
}

describe('webhook deliveries', () => {
  let db: TestDatabase;
  let server: TestServer;
  let admin: TestAccount;
  let receiver: Receiver;
  const clock = testClock(new Date());
  const logged: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const logger = {
    info: (fields: Record<string, unknown>, message: string) => logged.push({ level: 'info', fields, message }),
    warn: (fields: Record<string, unknown>, message: string) => logged.push({ level: 'warn', fields, message }),
    error: (fields: Record<string, unknown>, message: string) => logged.push({ level: 'error', fields, message }),
  };
  const worker = (config: Partial<WebhookConfig> = {}) =>
    new WebhookWorker({ orm: db.orm, config: { ...CONFIG, ...config }, logger: logger as never, now: clock.now, random: () => 0.5 });
  let consumer: WebhookConsumer;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer(db, { cache: { ...loadCacheConfig({}), enabled: false }, webhooks: CONFIG });
    admin = await signedInAs(db, [Role.ADMIN]);
    receiver = await startReceiver();
    consumer = new WebhookConsumer(db.orm, undefined, clock.now);
  });
  afterAll(async () => {
    await receiver.close();
    await server.stop();
    await db.destroy();
  });
  beforeEach(async () => {
    await sql('delete from webhook_endpoint');
    receiver.received.length = 0;
    logged.length = 0;
  });

  function sql(query: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    return (db.orm.em.fork() as EntityManager).execute(query, params);
  }

  async function register(eventTypes = ['score.corrected'], extra: Record<string, unknown> = {}): Promise<{ id: string; secret: string }> {
    const res = await server.raw(
      {
        query: `mutation($input: WebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { id } } }`,
        variables: { input: { url: `${receiver.url}/hooks/reformdesk?site=1`, eventTypes, ...extra } },
      },
      admin.headers,
    );
    expect(res.errors).toBeUndefined();
    const { secret, endpoint } = (res.data as { createWebhookEndpoint: { secret: string; endpoint: { id: string } } }).createWebhookEndpoint;
    return { id: endpoint.id, secret };
  }

  async function deliveriesOf(eventId: string): Promise<DeliveryView[]> {
    const res = await server.raw({ query: DELIVERIES, variables: { eventId } }, admin.headers);
    expect(res.errors).toBeUndefined();
    return (res.data as { webhookDeliveries: DeliveryView[] }).webhookDeliveries;
  }

  it('POSTs a signed body of public facts with the event id as idempotency key, and records the attempt', async () => {
    const { secret } = await register();
    const event = changeEvent();
    await consumer.handle(event);
    const report = await worker().drain();
    expect(report).toMatchObject({ claimed: 1, delivered: 1, retrying: 0, failed: 0 });

    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request.path).toBe('/hooks/reformdesk?site=1');
    expect(request.headers['idempotency-key']).toBe(event.id);
    expect(request.headers['reformdesk-event']).toBe('score.corrected');
    expect(request.headers['content-type']).toBe('application/json');
    expect(verifySignature(secret, String(request.headers['reformdesk-signature']), request.body, clock.now())).toBe(true);
    expect(verifySignature(secret, String(request.headers['reformdesk-signature']), `${request.body} `, clock.now())).toBe(false);
    expect(JSON.parse(request.body)).toEqual(JSON.parse(JSON.stringify(deliveryBody(event))));
    expect(request.body).not.toContain('dm@hatinh.gov.vn');

    const [delivery] = await deliveriesOf(event.id);
    expect(delivery).toMatchObject({ status: 'DELIVERED', attempts: 1, lastStatusCode: 200, lastError: null, nextAttemptAt: null });
    expect(delivery.attemptLog).toEqual([expect.objectContaining({ attempt: 1, statusCode: 200, error: null })]);
    expect(logged.filter((l) => l.message === 'webhook delivery batch')).toEqual([expect.objectContaining({ fields: expect.objectContaining({ claimed: 1, delivered: 1 }) })]);
  });

  it('is idempotent by event id and endpoint: handing the same event again creates and sends nothing new', async () => {
    await register();
    const event = changeEvent();
    await consumer.handle(event);
    await consumer.handle(event);
    await worker().drain();
    await consumer.handle(event);
    expect(await worker().drain()).toMatchObject({ claimed: 0 });
    expect(receiver.received).toHaveLength(1);
    expect(await deliveriesOf(event.id)).toHaveLength(1);
  });

  it('sends only the event types an endpoint asked for, and staff events only to their organisation', async () => {
    const org = await ensureOrganisation(db, 'bao-ha-tinh');
    await register(['score.corrected']);
    await register(['article.saved'], { organisation: 'bao-ha-tinh' });
    await register(['article.saved']);
    await consumer.handle(changeEvent({ type: 'edition.published' }));
    const staff = changeEvent({ type: 'article.saved', organisationId: org.id, payload: { slug: 'bai-moi' } });
    await consumer.handle(staff);
    await consumer.handle(changeEvent({ type: 'article.saved', organisationId: org.id + 1000 }));
    await worker().drain();
    expect(receiver.received.map((r) => r.headers['idempotency-key'])).toEqual([staff.id]);
  });

  it('retries after a 500 on an exponential schedule, then succeeds; the endpoint is failing meanwhile', async () => {
    const endpoint = await register();
    receiver.answer({ status: 500, body: 'Lỗi máy chủ' }, { status: 503 });
    const event = changeEvent();
    await consumer.handle(event);
    const started = clock.now().getTime();

    expect(await worker().drain()).toMatchObject({ claimed: 1, retrying: 1 });
    let [delivery] = await deliveriesOf(event.id);
    expect(delivery).toMatchObject({ status: 'PENDING', attempts: 1, lastStatusCode: 500, lastError: 'HTTP 500: Lỗi máy chủ' });
    expect(new Date(delivery.nextAttemptAt!).getTime() - started).toBe(60_000);
    const [failing] = await sql('select failing_since from webhook_endpoint where id = ?', [endpoint.id]);
    expect(failing.failing_since).not.toBeNull();

    // Not due yet: nothing is sent.
    clock.advance(59_000);
    expect(await worker().drain()).toMatchObject({ claimed: 0 });
    clock.advance(1_000);
    expect(await worker().drain()).toMatchObject({ claimed: 1, retrying: 1 });
    [delivery] = await deliveriesOf(event.id);
    expect(new Date(delivery.nextAttemptAt!).getTime() - clock.now().getTime()).toBe(120_000);

    clock.advance(120_000);
    expect(await worker().drain()).toMatchObject({ claimed: 1, delivered: 1 });
    [delivery] = await deliveriesOf(event.id);
    expect(delivery).toMatchObject({ status: 'DELIVERED', attempts: 3, lastStatusCode: 200, nextAttemptAt: null });
    expect(delivery.attemptLog.map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 500],
      [2, 503],
      [3, 200],
    ]);
    expect(receiver.received.map((r) => r.headers['idempotency-key'])).toEqual([event.id, event.id, event.id]);
    const [healthy] = await sql('select failing_since from webhook_endpoint where id = ?', [endpoint.id]);
    expect(healthy.failing_since).toBeNull();
  });

  it('gives up after the last attempt; an admin replays the delivery, then the whole event', async () => {
    await register();
    receiver.answer({ status: 500 }, { status: 500 }, { status: 500 });
    const event = changeEvent();
    await consumer.handle(event);
    for (let i = 0; i < 3; i++) {
      await worker().drain();
      clock.advance(3600_000);
    }
    let [delivery] = await deliveriesOf(event.id);
    expect(delivery).toMatchObject({ status: 'FAILED', attempts: 3, nextAttemptAt: null });
    expect(await worker().drain()).toMatchObject({ claimed: 0 });

    const replay = await server.raw({ query: `mutation($id: ID!) { replayWebhookDelivery(id: $id) { status attempts } }`, variables: { id: delivery.id } }, admin.headers);
    expect(replay.data).toEqual({ replayWebhookDelivery: { status: 'PENDING', attempts: 3 } });
    expect(await worker().drain()).toMatchObject({ claimed: 1, delivered: 1 });
    [delivery] = await deliveriesOf(event.id);
    expect(delivery).toMatchObject({ status: 'DELIVERED', attempts: 4 });

    const again = await server.raw(
      { query: `mutation($eventId: String!) { replayWebhookEvent(eventId: $eventId) { id status } }`, variables: { eventId: event.id } },
      admin.headers,
    );
    expect(again.data).toEqual({ replayWebhookEvent: [{ id: delivery.id, status: 'PENDING' }] });
    await worker().drain();
    expect(receiver.received).toHaveLength(5);
    expect(new Set(receiver.received.map((r) => r.headers['idempotency-key']))).toEqual(new Set([event.id]));

    const unknown = await server.raw({ query: `mutation { replayWebhookEvent(eventId: "999999999") { id } }` }, admin.headers);
    expect(unknown.errors![0].extensions!.code).toBe('NOT_FOUND');
  });

  it('refuses to replay a delivery in flight or one whose endpoint is disabled (CONFLICT)', async () => {
    const endpoint = await register();
    const event = changeEvent();
    await consumer.handle(event);
    const [delivery] = await deliveriesOf(event.id);
    const replay = () => server.raw({ query: `mutation($id: ID!) { replayWebhookDelivery(id: $id) { status } }`, variables: { id: delivery.id } }, admin.headers);
    await sql(`update webhook_delivery set status = 'SENDING', lease_until = ? where id = ?`, [new Date(Date.now() + 3600_000), delivery.id]);
    expect((await replay()).errors![0].extensions).toMatchObject({ code: 'CONFLICT', field: 'id' });
    // Its process died: once the lease ended, a replay takes it over.
    await sql(`update webhook_delivery set lease_until = ? where id = ?`, [new Date(Date.now() - 1000), delivery.id]);
    expect((await replay()).data).toEqual({ replayWebhookDelivery: { status: 'PENDING' } });
    await server.raw({ query: `mutation($id: ID!) { disableWebhookEndpoint(id: $id) { active } }`, variables: { id: endpoint.id } }, admin.headers);
    expect((await replay()).errors![0].extensions).toMatchObject({ code: 'CONFLICT', field: 'id' });
    expect(await worker().drain()).toMatchObject({ claimed: 0 });
    expect(receiver.received).toHaveLength(0);
  });

  it('does not follow redirects: a 3xx is a failed attempt and the redirect target gets nothing', async () => {
    await register();
    receiver.answer({ status: 302, headers: { location: `${receiver.url}/internal/admin` } });
    const event = changeEvent();
    await consumer.handle(event);
    expect(await worker().drain()).toMatchObject({ retrying: 1 });
    expect(receiver.received.map((r) => r.path)).toEqual(['/hooks/reformdesk?site=1']);
    const [delivery] = await deliveriesOf(event.id);
    expect(delivery.lastError).toMatch(/^redirect to http:\/\/127\.0\.0\.1:\d+\/internal\/admin not followed/);
  });

  it('refuses at delivery time a target that is private now (DNS changed), with the setting off', async () => {
    await register();
    const event = changeEvent();
    await consumer.handle(event);
    expect(await worker({ allowPrivateTargets: false }).drain()).toMatchObject({ claimed: 1, retrying: 1 });
    expect(receiver.received).toHaveLength(0);
    const [delivery] = await deliveriesOf(event.id);
    expect(delivery.lastError).toMatch(/^refused: the host "127\.0\.0\.1" is a loopback address/);
    expect(delivery.attemptLog[0].statusCode).toBeNull();
  });

  it('gives each attempt a timeout', async () => {
    await register();
    receiver.answer({ status: 200, delayMs: 5000 });
    const event = changeEvent();
    await consumer.handle(event);
    expect(await worker({ timeoutMs: 300 }).drain()).toMatchObject({ retrying: 1 });
    const [delivery] = await deliveriesOf(event.id);
    expect(delivery.lastError).toBe('timed out after 300 ms');
  });

  it('survives a restart: a delivery claimed by a process that died is sent once its lease ends', async () => {
    await register();
    const event = changeEvent();
    await consumer.handle(event);
    // A process claimed it and died before sending: SENDING with a lease.
    await sql(`update webhook_delivery set status = 'SENDING', attempts = 1, lease_until = ? where event_id = ?`, [new Date(clock.now().getTime() + 60_000), event.id]);
    expect(await worker().drain()).toMatchObject({ claimed: 0 });
    clock.advance(61_000);
    expect(await worker().drain()).toMatchObject({ claimed: 1, delivered: 1 });
    const [delivery] = await deliveriesOf(event.id);
    expect(delivery).toMatchObject({ status: 'DELIVERED', attempts: 2 });
    expect(receiver.received).toHaveLength(1);
  });

  it('disables an endpoint failing for longer than the limit, and sends nothing to it after', async () => {
    const endpoint = await register();
    await sql('update webhook_endpoint set failing_since = ? where id = ?', [new Date(clock.now().getTime() - 73 * 3600_000), endpoint.id]);
    receiver.answer({ status: 500 });
    await consumer.handle(changeEvent());
    expect(await worker().drain()).toMatchObject({ retrying: 1, endpointsDisabled: 1 });
    const [row] = await sql('select active, disabled_reason from webhook_endpoint where id = ?', [endpoint.id]);
    expect(row).toEqual({ active: false, disabled_reason: 'failing since more than 72 h: disabled automatically' });
    expect(logged.some((l) => l.level === 'warn' && l.message === 'webhook endpoint disabled after failing too long')).toBe(true);
    clock.advance(3600_000);
    await consumer.handle(changeEvent());
    expect(await worker().drain()).toMatchObject({ claimed: 0 });
    expect(receiver.received).toHaveLength(1);
  });

  it('close() waits for the deliveries in flight and records them', async () => {
    await register();
    receiver.answer({ status: 200, delayMs: 400 });
    const event = changeEvent();
    await consumer.handle(event);
    const running = worker();
    running.wake();
    // Wait until the request is at the receiver, then shut down.
    while (receiver.received.length === 0) await new Promise((r) => setTimeout(r, 20));
    await running.close();
    const [delivery] = await deliveriesOf(event.id);
    expect(delivery.status).toBe('DELIVERED');
  });
});

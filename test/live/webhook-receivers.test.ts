/**
 * Webhooks as a receiver and an operator see them: the verification code published in
 * docs/webhooks.md accepts a real delivery, the server's own assembly delivers as soon as an
 * event is handed to its consumer, and two instances sharing the database never send one
 * delivery twice.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import fs from 'node:fs';
import path from 'node:path';
import { Role } from '../../src/core/roles';
import { loadCacheConfig, loadWebhookConfig, type WebhookConfig } from '../../src/config';
import type { ChangeEvent } from '../../src/outbox/change-event';
import { WebhookConsumer } from '../../src/live/webhooks/consumer';
import { WebhookWorker } from '../../src/live/webhooks/worker';
import { signedInAs, type TestAccount } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { type Receiver, startReceiver } from '../support/webhook-receiver';

const CONFIG: WebhookConfig = { ...loadWebhookConfig({}), allowPrivateTargets: true, timeoutMs: 2000, pollMs: 600_000, concurrency: 3 };
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

type Verify = (secret: string, header: string, rawBody: string) => boolean;

/** The ```js block after the verify-snippet marker of docs/webhooks.md, as a function. */
function documentedVerifier(): Verify {
  const doc = fs.readFileSync(path.resolve(__dirname, '../../docs/webhooks.md'), 'utf8');
  const code = /<!-- verify-snippet[^>]*-->\s*```js\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!code) throw new Error('docs/webhooks.md has no verify-snippet block');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the point is to run the snippet the docs print, as a reader would paste it
  return new Function('require', `${code}\nreturn verifyReformDeskSignature;`)(require) as Verify;
}

let counter = 5000;
const event = (): ChangeEvent => ({
  id: String(++counter),
  type: 'edition.published',
  keys: ['edition:PAR_INDEX:2025'],
  revision: 3,
  occurredAt: new Date(),
  payload: { index: 'PAR_INDEX', year: 2025 },
  organisationId: null,
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 20));
}

describe('webhooks seen from the receiving side', () => {
  let db: TestDatabase;
  let server: TestServer;
  let admin: TestAccount;
  let receiver: Receiver;
  let secret: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer(db, { cache: { ...loadCacheConfig({}), enabled: false }, webhooks: CONFIG });
    admin = await signedInAs(db, [Role.ADMIN]);
    receiver = await startReceiver();
    const res = await server.raw(
      {
        query: `mutation($input: WebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret } }`,
        variables: { input: { url: `${receiver.url}/hook`, eventTypes: ['edition.published'] } },
      },
      admin.headers,
    );
    secret = (res.data as { createWebhookEndpoint: { secret: string } }).createWebhookEndpoint.secret;
  });
  afterAll(async () => {
    await receiver.close();
    await server.stop();
    await db.destroy();
  });
  beforeEach(() => {
    receiver.received.length = 0;
  });

  it('the running server delivers an event handed to its consumer at once, and the documented code verifies it', async () => {
    const sent = event();
    await server.webhooks.consumer.handle(sent);
    await until(() => receiver.received.length === 1);
    const [request] = receiver.received;
    const verify = documentedVerifier();
    const header = String(request.headers['reformdesk-signature']);
    expect(verify(secret, header, request.body)).toBe(true);
    expect(verify(secret, header, request.body.replace('2025', '2026'))).toBe(false);
    expect(verify('whsec_khac', header, request.body)).toBe(false);
    expect(JSON.parse(request.body)).toMatchObject({ id: sent.id, type: 'edition.published', data: { index: 'PAR_INDEX', year: 2025 } });
  });

  it('two instances draining the same deliveries at once send each exactly once', async () => {
    const consumer = new WebhookConsumer(db.orm);
    const events = Array.from({ length: 9 }, event);
    for (const e of events) await consumer.handle(e);
    const a = new WebhookWorker({ orm: db.orm, config: CONFIG, logger: silent });
    const b = new WebhookWorker({ orm: db.orm, config: CONFIG, logger: silent });
    const [ra, rb] = await Promise.all([a.drain(), b.drain()]);
    expect(ra.delivered + rb.delivered).toBe(9);
    const ids = receiver.received.map((r) => String(r.headers['idempotency-key']));
    expect(ids.sort()).toEqual(events.map((e) => e.id).sort());

    // Admins page through them newest first.
    const pages: string[][] = [];
    let beforeId: string | null = null;
    do {
      const res = await server.raw(
        { query: `query($beforeId: ID) { webhookDeliveries(first: 4, beforeId: $beforeId, status: DELIVERED) { id eventId } }`, variables: { beforeId } },
        admin.headers,
      );
      const page = (res.data as { webhookDeliveries: { id: string; eventId: string }[] }).webhookDeliveries;
      pages.push(page.map((d) => d.eventId));
      beforeId = page.length === 4 ? page[3].id : null;
    } while (beforeId);
    const newestFirst = pages.flat();
    expect(newestFirst.slice(0, 9)).toEqual(events.map((e) => e.id).reverse());
    expect(new Set(newestFirst).size).toBe(newestFirst.length);
  });

  it('deliveries are rows: one enqueued while no worker ran is sent by the next instance to start', async () => {
    const pending = event();
    await new WebhookConsumer(db.orm).handle(pending); // no worker is told: as if the process died right after
    expect(receiver.received).toHaveLength(0);
    const restarted = await startTestServer(db, { cache: { ...loadCacheConfig({}), enabled: false }, webhooks: CONFIG });
    try {
      await until(() => receiver.received.length === 1);
      expect(receiver.received[0].headers['idempotency-key']).toBe(pending.id);
    } finally {
      await restarted.stop();
    }
  });

  it('an endpoint deleted while its delivery is in flight loses the record quietly, nothing breaks', async () => {
    const created = await server.raw(
      {
        query: `mutation($input: WebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }`,
        variables: { input: { url: `${receiver.url}/tam-thoi`, eventTypes: ['unit.changed'] } },
      },
      admin.headers,
    );
    const { id } = (created.data as { createWebhookEndpoint: { endpoint: { id: string } } }).createWebhookEndpoint.endpoint;
    // The receiver holds its answer long enough for the deletion to land mid-flight.
    receiver.answer({ status: 200, delayMs: 1000 });
    await new WebhookConsumer(db.orm).handle({ ...event(), type: 'unit.changed' });
    const worker = new WebhookWorker({ orm: db.orm, config: CONFIG, logger: silent });
    const draining = worker.drain();
    await until(() => receiver.received.length === 1);
    const deleted = await server.raw({ query: `mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }`, variables: { id } }, admin.headers);
    expect(deleted.data).toEqual({ deleteWebhookEndpoint: true });
    expect(await draining).toMatchObject({ claimed: 1, delivered: 1, unrecorded: 0 });
    const [{ n }] = await (db.orm.em.fork() as EntityManager).execute(
      'select count(*)::int as n from webhook_attempt a join webhook_delivery d on d.id = a.delivery_id where d.endpoint_id = ?',
      [id],
    );
    expect(n).toBe(0);
  });
});

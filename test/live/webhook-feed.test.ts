/**
 * Webhooks fed by the real change feed: an admin registers an endpoint, a data manager corrects a
 * score through the API, and the receiver gets one signed delivery whose idempotency key is the
 * outbox event's id. Nothing is handed to the consumer by hand here: this is the assembly in
 * src/server.ts (dispatcher → webhook consumer → worker) doing its job.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '../../src/core/roles';
import { loadWebhookConfig } from '../../src/config';
import { verifySignature } from '../../src/live/webhooks/signing';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { signedInAs, type TestAccount } from '../support/accounts';
import { importBasics } from '../outreach/support';
import { importSmallIndex } from '../rankings/support';
import { type Receiver, startReceiver } from '../support/webhook-receiver';

const SLUG = 'chi-so-webhook';
const CORRECT = `mutation C($input: CorrectScoreInput!) { correctScore(input: $input) { edition { revision } } }`;
const REGISTER = `mutation R($input: WebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { id } } }`;

describe('webhooks fed by the change feed', () => {
  let db: TestDatabase;
  let server: TestServer;
  let admin: TestAccount;
  let dataManager: TestAccount;
  let receiver: Receiver;

  beforeAll(async () => {
    db = await createTestDatabase();
    await importBasics(db);
    await importSmallIndex(db, SLUG);
    admin = await signedInAs(db, [Role.ADMIN]);
    dataManager = await signedInAs(db, [Role.DATA_MANAGER], { displayName: 'Quản lý Dữ liệu' });
    receiver = await startReceiver();
    // Private targets allowed: the receiver listens on 127.0.0.1. Short poll: the feed wakes the worker anyway.
    server = await startTestServer(db, { webhooks: { ...loadWebhookConfig({}), allowPrivateTargets: true, pollMs: 200 } });
  });
  afterAll(async () => {
    await server.stop();
    await receiver.close();
    await db.destroy();
  });

  it('delivers a score correction made through the API once, signed, keyed by the outbox event id', async () => {
    const registered = await server.raw({ query: REGISTER, variables: { input: { url: `${receiver.url}/hooks`, eventTypes: ['score.corrected'] } } }, admin.headers);
    expect(registered.errors).toBeUndefined();
    const { secret } = (registered.data as { createWebhookEndpoint: { secret: string } }).createWebhookEndpoint;

    const corrected = await server.raw(
      { query: CORRECT, variables: { input: { index: SLUG, year: 2024, unit: '437', field: 'B', value: 39, reason: 'Sửa lỗi nhập liệu' } } },
      dataManager.headers,
    );
    expect(corrected.errors).toBeUndefined();

    const events: { id: string; type: string }[] = await (db.orm.em.fork() as EntityManager).execute(
      `select id::text as id, type from change_outbox where type = 'score.corrected' order by id`,
    );
    expect(events).toHaveLength(1);
    while (receiver.received.length === 0) await new Promise((r) => setTimeout(r, 50));

    const [delivery] = receiver.received;
    expect(delivery.path).toBe('/hooks');
    expect(delivery.headers['idempotency-key']).toBe(events[0].id);
    expect(verifySignature(secret, String(delivery.headers['reformdesk-signature']), delivery.body, new Date())).toBe(true);
    const body = JSON.parse(delivery.body) as { type: string; data?: unknown };
    expect(body.type).toBe('score.corrected');
    // The data manager's email never leaves the building.
    expect(delivery.body).not.toContain(dataManager.email);

    // The dispatcher may hand the event over again (at least once); the endpoint still gets one delivery.
    await new Promise((r) => setTimeout(r, 600));
    expect(receiver.received).toHaveLength(1);
  });
});

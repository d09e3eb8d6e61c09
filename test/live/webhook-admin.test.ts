/**
 * The admin API of webhooks over real HTTP: registration (the secret shown once), bad input with
 * its code and field, SSRF refusals with private targets not allowed, rotation, disabling,
 * deletion, paging, and non-admins refused.
 */
import { Role } from '../../src/core/roles';
import { loadCacheConfig, loadWebhookConfig } from '../../src/config';
import { signedInAs, type TestAccount } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';

const CREATE = `mutation($input: WebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { id url eventTypes secretPrefix active organisation { slug } } } }`;
const LIST = `query($first: Int, $afterId: ID) { webhookEndpoints(first: $first, afterId: $afterId) { id url active disabledReason secretPrefix } }`;

describe('webhook endpoints (admin API)', () => {
  let db: TestDatabase;
  let server: TestServer;
  let admin: TestAccount;

  beforeAll(async () => {
    db = await createTestDatabase();
    // Private targets NOT allowed: the production default.
    server = await startTestServer(db, { cache: { ...loadCacheConfig({}), enabled: false }, webhooks: { ...loadWebhookConfig({}), pollMs: 600_000 } });
    admin = await signedInAs(db, [Role.ADMIN]);
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  const create = (input: Record<string, unknown>, headers = admin.headers) => server.raw({ query: CREATE, variables: { input } }, headers);

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://2130706433/hook',
    'http://0x7f000001/hook',
    'http://[::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/',
    'http://10.0.0.5/hook',
    'http://192.168.10.1/hook',
    'http://100.100.1.1/hook',
    'http://0.0.0.0/hook',
    'http://224.0.0.1/hook',
  ])('refuses %s with BAD_USER_INPUT on url and stores nothing', async (url) => {
    const res = await create({ url, eventTypes: ['score.corrected'] });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    expect(res.errors![0].message).toMatch(/webhooks go to public addresses only/);
    const list = await server.raw({ query: LIST }, admin.headers);
    expect(list.data).toEqual({ webhookEndpoints: [] });
  });

  it.each([
    [{ url: 'not a url', eventTypes: ['score.corrected'] }, 'url', /not an absolute URL/],
    [{ url: 'ftp://files.example.vn/x', eventTypes: ['score.corrected'] }, 'url', /https/],
    [{ url: 'https://user:pw@8.8.8.8/x', eventTypes: ['score.corrected'] }, 'url', /credentials/],
    [{ url: 'https://8.8.8.8/x', eventTypes: ['score.deleted'] }, 'eventTypes', /unknown event type "score.deleted"/],
    [{ url: 'https://8.8.8.8/x', eventTypes: [] }, 'eventTypes', /at least one/],
    [{ url: 'https://8.8.8.8/x', eventTypes: ['score.corrected'], organisation: 'khong-co' }, 'organisation', /no organisation/],
  ])('bad input %j answers BAD_USER_INPUT on %s', async (input, field, message) => {
    const res = await create(input);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(res.errors![0].message).toMatch(message);
  });

  it('registers a public endpoint, shows its secret once, rotates it, disables, re-enables and deletes it', async () => {
    const created = await create({
      url: 'https://8.8.8.8/hooks/reformdesk#frag',
      eventTypes: ['score.corrected', 'edition.published', 'score.corrected'],
      description: '  Cổng thông tin tỉnh  ',
    });
    expect(created.errors).toBeUndefined();
    const { secret, endpoint } = (
      created.data as { createWebhookEndpoint: { secret: string; endpoint: { id: string; url: string; eventTypes: string[]; secretPrefix: string; active: boolean } } }
    ).createWebhookEndpoint;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(endpoint).toMatchObject({
      url: 'https://8.8.8.8/hooks/reformdesk',
      eventTypes: ['score.corrected', 'edition.published'],
      secretPrefix: secret.slice(0, 12),
      active: true,
    });
    // The secret is not a field of the endpoint: asking for it is a validation error.
    const probe = await server.raw({ query: `{ webhookEndpoints { secret } }` }, admin.headers);
    expect(probe.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const rotated = await server.raw(
      { query: `mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { secretPrefix previousSecretExpiresAt } } }`, variables: { id: endpoint.id } },
      admin.headers,
    );
    const next = (rotated.data as { rotateWebhookSecret: { secret: string; endpoint: { secretPrefix: string; previousSecretExpiresAt: string } } }).rotateWebhookSecret;
    expect(next.secret).not.toBe(secret);
    expect(next.endpoint.secretPrefix).toBe(next.secret.slice(0, 12));
    expect(new Date(next.endpoint.previousSecretExpiresAt).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);

    const disabled = await server.raw({ query: `mutation($id: ID!) { disableWebhookEndpoint(id: $id) { active disabledReason } }`, variables: { id: endpoint.id } }, admin.headers);
    expect(disabled.data).toEqual({ disableWebhookEndpoint: { active: false, disabledReason: 'disabled by an admin' } });
    const enabled = await server.raw(
      {
        query: `mutation($id: ID!, $input: WebhookEndpointUpdate!) { updateWebhookEndpoint(id: $id, input: $input) { active disabledReason eventTypes } }`,
        variables: { id: endpoint.id, input: { active: true, eventTypes: ['unit.changed'] } },
      },
      admin.headers,
    );
    expect(enabled.data).toEqual({ updateWebhookEndpoint: { active: true, disabledReason: null, eventTypes: ['unit.changed'] } });
    const badUpdate = await server.raw(
      {
        query: `mutation($id: ID!, $input: WebhookEndpointUpdate!) { updateWebhookEndpoint(id: $id, input: $input) { id } }`,
        variables: { id: endpoint.id, input: { url: 'http://[::ffff:a9fe:a9fe]/' } },
      },
      admin.headers,
    );
    expect(badUpdate.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });

    const deleted = await server.raw({ query: `mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }`, variables: { id: endpoint.id } }, admin.headers);
    expect(deleted.data).toEqual({ deleteWebhookEndpoint: true });
    const again = await server.raw({ query: `mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }`, variables: { id: endpoint.id } }, admin.headers);
    expect(again.errors![0].extensions!.code).toBe('NOT_FOUND');
  });

  it('pages endpoints oldest first and bounds the page size', async () => {
    for (const n of [1, 2, 3]) expect((await create({ url: `https://8.8.4.4/hook/${n}`, eventTypes: ['unit.changed'] })).errors).toBeUndefined();
    const first = await server.raw({ query: LIST, variables: { first: 2 } }, admin.headers);
    const page1 = (first.data as { webhookEndpoints: { id: string; url: string }[] }).webhookEndpoints;
    expect(page1.map((e) => e.url)).toEqual(['https://8.8.4.4/hook/1', 'https://8.8.4.4/hook/2']);
    const second = await server.raw({ query: LIST, variables: { first: 2, afterId: page1[1].id } }, admin.headers);
    expect((second.data as { webhookEndpoints: { url: string }[] }).webhookEndpoints.map((e) => e.url)).toEqual(['https://8.8.4.4/hook/3']);
    const tooMany = await server.raw({ query: LIST, variables: { first: 500 } }, admin.headers);
    expect(tooMany.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('refuses non-admins: FORBIDDEN for staff, UNAUTHENTICATED for anonymous, and writes nothing', async () => {
    const editor = await signedInAs(db, [Role.EDITOR, Role.DATA_MANAGER]);
    const asEditor = await create({ url: 'https://8.8.8.8/x', eventTypes: ['score.corrected'] }, editor.headers);
    expect(asEditor.errors![0].extensions!.code).toBe('FORBIDDEN');
    const anonymous = await create({ url: 'https://8.8.8.8/x', eventTypes: ['score.corrected'] }, {});
    expect(anonymous.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const deliveries = await server.raw({ query: `{ webhookDeliveries { id } }` }, editor.headers);
    expect(deliveries.errors![0].extensions!.code).toBe('FORBIDDEN');
    const list = await server.raw({ query: LIST }, admin.headers);
    expect((list.data as { webhookEndpoints: { url: string }[] }).webhookEndpoints.some((e) => e.url === 'https://8.8.8.8/x')).toBe(false);
  });
});

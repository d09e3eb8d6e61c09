/**
 * The webhook admin queries and the staff subscription of issue 12 keep their per-operation
 * rules whatever shape and transport the operation takes: every shape of test/security/shapes.ts,
 * POST and GET on /graphql, and graphql-ws on /graphql.
 *  - webhookEndpoints / webhookDeliveries: ADMIN only (src/live/live.policy.ts). Anonymous
 *    callers get UNAUTHENTICATED; an editor, and an editor's READ token, FORBIDDEN; an admin the
 *    data; `first` outside 1…200 is BAD_USER_INPUT on field `first`. Websockets serve
 *    subscriptions only: queries and mutations sent there are refused (and a mutation neither
 *    runs nor is audited).
 *  - newsroomEvents: staff only; anonymous sockets get UNAUTHENTICATED, an editor gets events.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiToken } from '../../src/accounts/session.entity';
import { generateToken, hashToken } from '../../src/accounts/secrets';
import { Role, TokenScope } from '../../src/core/roles';
import { recordChange } from '../../src/outbox/record';
import { signedInAs, type TestAccount } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { liveClient, subscribe } from '../live/support';
import { operationShapes } from './shapes';

const HOOK_URL = 'https://8.8.4.4/hook/hinh-dang';
const QUERIES = {
  webhookEndpoints: { declarations: '($first: Int)', call: 'webhookEndpoints(first: $first) { id url }' },
  webhookDeliveries: { declarations: '($first: Int)', call: 'webhookDeliveries(first: $first) { id status }' },
};
type Caller = 'anonymous' | 'editor' | 'editor READ token' | 'admin';
const EXPECTED: Record<Caller, string | null> = { anonymous: 'UNAUTHENTICATED', editor: 'FORBIDDEN', 'editor READ token': 'FORBIDDEN', admin: null };

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  headers: Headers;
}

describe('webhook queries and staff subscriptions, in every shape and transport', () => {
  let db: TestDatabase;
  let server: TestServer;
  let admin: TestAccount;
  let editor: TestAccount;
  const headers: Record<Caller, Record<string, string>> = { anonymous: {}, editor: {}, 'editor READ token': {}, admin: {} };
  const clients: ReturnType<typeof liveClient>[] = [];
  const client = (token?: string) => {
    const c = liveClient(server.url, token);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    admin = await signedInAs(db, [Role.ADMIN], { displayName: 'Quản trị' });
    editor = await signedInAs(db, [Role.EDITOR], { displayName: 'Biên tập viên' });
    const em = db.orm.em.fork() as EntityManager;
    const readToken = generateToken('api');
    em.create(ApiToken, { name: 'chỉ đọc', tokenHash: hashToken(readToken), prefix: readToken.slice(0, 12), owner: editor.id, scope: TokenScope.READ, createdAt: new Date() });
    await em.flush();
    headers.editor = editor.headers;
    headers['editor READ token'] = { authorization: `Bearer ${readToken}` };
    headers.admin = admin.headers;
    server = await startTestServer(db, { debugSql: false });
    // An endpoint for no event that occurs here, so nothing is sent off the machine.
    const created = await server.raw(
      {
        query: `mutation($input: WebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }`,
        variables: { input: { url: HOOK_URL, eventTypes: ['unit.changed'] } },
      },
      admin.headers,
    );
    expect(created.errors).toBeUndefined();
  });
  afterAll(async () => {
    await Promise.all(clients.map(async (c) => c.dispose()));
    await server.stop();
    await db.destroy();
  });

  const post = async (query: string, variables: Record<string, unknown>, h: Record<string, string>): Promise<Answer> => {
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...h }, body: JSON.stringify({ query, variables }) });
    return { status: res.status, body: (await res.json()) as Answer['body'], headers: res.headers };
  };
  /** Apollo's GET encoding, with the CSRF preflight header a browser form cannot send. */
  const get = async (query: string, variables: Record<string, unknown>, h: Record<string, string>): Promise<Answer> => {
    const search = new URLSearchParams({ query, variables: JSON.stringify(variables) });
    const res = await fetch(`${server.url}/graphql?${search}`, { headers: { 'apollo-require-preflight': 'true', ...h } });
    return { status: res.status, body: (await res.json()) as Answer['body'], headers: res.headers };
  };
  const transports = { POST: post, GET: get };
  const auditCount = async (action: string) =>
    Number((await db.orm.em.getConnection().execute<{ n: string }[]>(`select count(*) as n from audit_entry where action = ?`, [action]))[0].n);

  /** What one answer says, in a line a failing expectation can list. */
  const verdict = (answer: Answer, expected: string | null, check: (data: Record<string, unknown>) => boolean): string | null => {
    const code = answer.body.errors?.[0]?.extensions?.code ?? null;
    if (code !== expected) return `code ${String(code)}, expected ${String(expected)}`;
    if (expected === null && !check(answer.body.data ?? {})) return `unexpected data ${JSON.stringify(answer.body.data)}`;
    if (expected !== null && JSON.stringify(answer.body.data ?? null).includes(HOOK_URL)) return 'refused but leaked the endpoint';
    return null;
  };
  /** The field's list, whatever alias the shape gave it. */
  const listIn = (data: Record<string, unknown>) => Object.values(data)[0];

  it('refuses anonymous callers, editors and READ tokens and answers admins, for both queries in every shape, by POST and GET', async () => {
    const misses: string[] = [];
    for (const [field, { declarations, call }] of Object.entries(QUERIES)) {
      for (const [shape, query] of Object.entries(operationShapes(call, declarations, 'query'))) {
        for (const [method, send] of Object.entries(transports)) {
          for (const caller of Object.keys(EXPECTED) as Caller[]) {
            const answer = await send(query, { first: 5 }, headers[caller]);
            const problem = verdict(answer, EXPECTED[caller], (data) => {
              const list = listIn(data);
              return Array.isArray(list) && (field !== 'webhookEndpoints' || JSON.stringify(list).includes(HOOK_URL));
            });
            if (problem) misses.push(`${field} (${shape}, ${method}, ${caller}): ${problem}`);
          }
        }
      }
    }
    expect(misses).toEqual([]);
  });

  it('refuses a page size outside 1…200 as BAD_USER_INPUT on `first`, in every shape, by POST and GET', async () => {
    const misses: string[] = [];
    for (const [field, { declarations, call }] of Object.entries(QUERIES)) {
      for (const [shape, query] of Object.entries(operationShapes(call, declarations, 'query'))) {
        for (const [method, send] of Object.entries(transports)) {
          for (const first of [0, 201]) {
            const answer = await send(query, { first }, admin.headers);
            const error = answer.body.errors?.[0];
            if (error?.extensions?.code !== 'BAD_USER_INPUT' || error.extensions.field !== 'first') {
              misses.push(`${field} (${shape}, ${method}, first ${first}): ${JSON.stringify(error ?? answer.body.data)}`);
            }
          }
        }
      }
    }
    expect(misses).toEqual([]);
  });

  it('never runs a webhook query that @skip or @include leaves out, so nothing is refused or shown', async () => {
    for (const query of [
      'query($off: Boolean!) { webhookEndpoints @skip(if: true) { url } ... on Query @include(if: $off) { x: webhookDeliveries { id } } }',
      'query Q($off: Boolean!) { ...F @include(if: $off) } fragment F on Query { webhookEndpoints { url } }',
    ]) {
      for (const send of Object.values(transports)) {
        const answer = await send(query, { off: false }, {});
        expect(answer.body).toEqual({ data: {} });
      }
    }
  });

  it('sends an admin’s GET of a webhook query with no shared caching, and the same URL without the token is refused', async () => {
    const { declarations, call } = QUERIES.webhookEndpoints;
    const query = `query${declarations} { ${call} }`;
    const asAdmin = await get(query, { first: 5 }, admin.headers);
    expect(asAdmin.status).toBe(200);
    expect(JSON.stringify(asAdmin.body.data)).toContain(HOOK_URL);
    expect(asAdmin.headers.get('cache-control') ?? '').not.toMatch(/public|s-maxage/);
    for (let i = 0; i < 2; i++) {
      const anonymous = await get(query, { first: 5 }, {});
      expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(JSON.stringify(anonymous.body)).not.toContain(HOOK_URL);
    }
  });

  it('serves no webhook query or mutation over websockets, for any caller: refused, not run, not audited', async () => {
    const misses: string[] = [];
    for (const [caller, token] of [
      ['anonymous', undefined],
      ['editor', editor.token],
      ['admin', admin.token],
    ] as const) {
      const c = client(token);
      for (const [field, { declarations, call }] of Object.entries(QUERIES)) {
        for (const [shape, query] of Object.entries(operationShapes(call, declarations, 'query'))) {
          const sub = subscribe<Record<string, unknown>>(c, query, { first: 5 });
          await sub.received(1);
          const code = sub.results[0].errors?.[0]?.extensions?.code;
          if (code !== 'BAD_USER_INPUT' || JSON.stringify(sub.results).includes(HOOK_URL)) misses.push(`${field} (${shape}, ${caller}): ${JSON.stringify(sub.results[0])}`);
        }
      }
      const audited = await auditCount('deleteWebhookEndpoint');
      const mutation = subscribe<Record<string, unknown>>(c, `mutation { deleteWebhookEndpoint(id: "1") }`);
      await mutation.received(1);
      if (mutation.results[0].errors?.[0]?.extensions?.code !== 'BAD_USER_INPUT') misses.push(`deleteWebhookEndpoint (${caller}): ${JSON.stringify(mutation.results[0])}`);
      if ((await auditCount('deleteWebhookEndpoint')) !== audited) misses.push(`deleteWebhookEndpoint (${caller}): audited`);
    }
    expect(misses).toEqual([]);
    const still = await post(`{ webhookEndpoints { url } }`, {}, admin.headers);
    expect(still.body.data).toEqual({ webhookEndpoints: [{ url: HOOK_URL }] });
  });

  it('refuses newsroomEvents to anonymous sockets in every shape, and delivers to an editor in every shape', async () => {
    const call = 'newsroomEvents { id type articleId }';
    const shapes = operationShapes(call, '', 'subscription');
    const anonymous = client();
    const misses: string[] = [];
    for (const [shape, query] of Object.entries(shapes)) {
      const sub = subscribe<Record<string, unknown>>(anonymous, query);
      await sub.received(1);
      const code = sub.results[0].errors?.[0]?.extensions?.code;
      if (code !== 'UNAUTHENTICATED') misses.push(`anonymous (${shape}): ${JSON.stringify(sub.results[0])}`);
    }
    expect(misses).toEqual([]);

    const editorSocket = client(editor.token);
    const listeners = server.live.feed.subscriberCount;
    const subs = Object.entries(shapes).map(([shape, query]) => ({ shape, sub: subscribe<Record<string, { type: string; articleId: number }>>(editorSocket, query) }));
    while (server.live.feed.subscriberCount < listeners + subs.length) await new Promise((r) => setTimeout(r, 20));
    await (db.orm.em.fork() as EntityManager).transactional((em) =>
      recordChange(em as EntityManager, { type: 'article.transitioned', keys: ['article:987'], payload: { articleId: 987, state: 'IN_REVIEW', live: false } }),
    );
    for (const { shape, sub } of subs) {
      await sub.received(1);
      expect([shape, sub.results[0].errors]).toEqual([shape, undefined]);
      expect([shape, Object.values(sub.results[0].data!)[0]]).toEqual([shape, expect.objectContaining({ type: 'article.transitioned', articleId: 987 })]);
    }
  });

  it('answers no subscription over HTTP: refused by POST (UNAUTHENTICATED for anonymous callers, else BAD_USER_INPUT), 405 by GET', async () => {
    const misses: string[] = [];
    for (const query of ['subscription { newsroomEvents { id type } }', 'subscription { ...F } fragment F on Subscription { x: newsroomEvents { id } }']) {
      for (const caller of ['anonymous', 'editor', 'admin'] as Caller[]) {
        const byPost = await post(query, {}, headers[caller]);
        const expected = caller === 'anonymous' ? 'UNAUTHENTICATED' : 'BAD_USER_INPUT';
        const code = byPost.body.errors?.[0]?.extensions?.code;
        if (code !== expected || byPost.body.data) misses.push(`POST ${caller} ${query}: ${String(code)} ${JSON.stringify(byPost.body.data)}`);
        const byGet = await get(query, {}, headers[caller]);
        if (byGet.status !== 405 || byGet.body.data) misses.push(`GET ${caller} ${query}: ${byGet.status}`);
      }
    }
    expect(misses).toEqual([]);
  });
});

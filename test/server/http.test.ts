import { serverAudits } from 'graphql-http';
import { createTestDatabase } from '../support/db';
import { startTestServer } from '../support/server';
import { useTestApp } from '../support/app';

describe('HTTP server', () => {
  const app = useTestApp();

  it('answers /healthz while the process lives', async () => {
    const res = await fetch(`${app.server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz with 200 when the database is reachable and migrated', async () => {
    const res = await fetch(`${app.server.url}/readyz`);
    expect(res.status).toBe(200);
    // The change feed's lag, one entry per consumer (subscriptions' fan-out, webhooks).
    expect(await res.json()).toMatchObject({
      status: 'ready',
      feed: expect.arrayContaining([expect.objectContaining({ consumer: 'live-fanout', behind: 0 }), expect.objectContaining({ consumer: 'webhooks', behind: 0 })]),
    });
  });

  it('serves an offline GraphiQL page to browsers, with its assets from npm packages', async () => {
    const page = await fetch(`${app.server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('GraphiQL');
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/); // no CDN
    const scripts = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts.length).toBe(4);
    for (const asset of scripts) {
      const res = await fetch(`${app.server.url}${asset}`);
      expect(res.status).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
  });

  it('adds extensions.sqlStatements with the debug flag', async () => {
    const res = await app.server.raw({ query: '{ units { code } }' });
    expect(res.extensions!.sqlStatements).toBe(1);
  });

  it('answers a malformed JSON body with a GraphQL-shaped 400', async () => {
    const res = await fetch(`${app.server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('blocks simple cross-site GET requests without a preflight header (CSRF prevention)', async () => {
    const res = await fetch(`${app.server.url}/graphql?query=${encodeURIComponent('{ units { code } }')}`);
    expect(res.status).toBe(400);
  });

  it('passes every MUST audit of the GraphQL-over-HTTP suite (graphql-http)', async () => {
    const results = await Promise.all(serverAudits({ url: `${app.server.url}/graphql`, fetchFn: fetch }).map((audit) => audit.fn()));
    const should = results.filter((r) => r.name.startsWith('SHOULD'));
    // Printed for the record: SHOULD audits are advice, not requirements.
    console.log(
      `graphql-http audits: ${results.filter((r) => r.status === 'ok').length}/${results.length} ok; SHOULD not ok: ${
        should
          .filter((r) => r.status !== 'ok')
          .map((r) => r.name)
          .join(' | ') || 'none'
      }`,
    );
    const failedMust = results.filter((r) => r.name.startsWith('MUST') && r.status !== 'ok');
    expect(failedMust.map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`)).toEqual([]);
  });
});

describe('HTTP server without debug flag or migrations', () => {
  it('omits sqlStatements without the debug flag, and /readyz is 503 while migrations are pending', async () => {
    const db = await createTestDatabase({ migrate: false });
    const server = await startTestServer(db, { debugSql: false });
    try {
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { reason: string }).reason).toBe('migrations pending');
      const res = await server.raw({ query: '{ __typename }' });
      expect(res.data).toEqual({ __typename: 'Query' });
      expect(res.extensions?.sqlStatements).toBeUndefined();
    } finally {
      await server.stop();
      await db.destroy();
    }
  });
});

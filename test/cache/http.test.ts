/**
 * HTTP behaviour of the cache: hits without SQL, APQ over GET, Cache-Control/ETag/Surrogate-Key,
 * the bypass for staff, and the bad-input cases (unknown hash, hash mismatch, GET mutation, huge URL).
 */
import { ArticleBySlugDocument, ArticleListDocument, MeDocument, TransitionArticleDocument, UnitByCodeDocument } from '../gql/graphql';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { print } from 'graphql';
import { CONTENT_STEPS, importContent } from '../../src/content/importer';
import { loadTrustedDocuments } from '../../src/cache/persisted';
import { sha256Hex } from '../../src/cache/request-key';
import { createTestDatabase, type TestDatabase } from '../support/db';
import type { TestServer } from '../support/server';
import { CONTENT_DIR, em, signedInStaff, staff } from '../newsroom/support';
import { ArticleService } from '../../src/newsroom/article.service';
import type { TestAccount } from '../support/accounts';
import { cachedServer, get, post, smallNewsroom } from './support';
import { BODY_HOOKS } from '../../src/bodies/body.hooks';

describe('response cache over HTTP', () => {
  let db: TestDatabase;
  let server: TestServer;
  let staffAccount: TestAccount;
  beforeAll(async () => {
    db = await createTestDatabase();
    await smallNewsroom(db, 6, new Date());
    await new ArticleService(em(db), staff(), new Date(), BODY_HOOKS).create({ title: 'Bản nháp chỉ biên tập viên thấy', topics: ['cai-cach-hanh-chinh'] });
    staffAccount = await signedInStaff(db);
    server = await cachedServer(db);
  }, 180_000);
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  it('answers a repeated anonymous query from the cache with zero SQL statements', async () => {
    const first = await post(server, UnitByCodeDocument, { code: '436' });
    expect(first.headers.get('x-cache')).toBe('MISS');
    expect(first.body.extensions!.sqlStatements).toBeGreaterThan(0);
    const second = await post(server, UnitByCodeDocument, { code: '436' });
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(second.body.extensions!.sqlStatements).toBe(0);
    expect(second.body.data).toEqual(first.body.data);
  });

  it('reads a POST body itself for a hit and hands a miss to express intact, however the body arrives', async () => {
    const body = JSON.stringify({ query: print(UnitByCodeDocument), variables: { code: '437' } });
    // The body in three pieces with pauses between them, as a slow client sends it.
    const send = () =>
      new Promise<{ status: number; cache: string | undefined; text: string }>((resolve, reject) => {
        const req = http.request(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, cache: res.headers['x-cache'] as string | undefined, text }));
        });
        req.on('error', reject);
        const bytes = Buffer.from(body);
        req.write(bytes.subarray(0, 10));
        setTimeout(() => req.write(bytes.subarray(10, 40)), 30);
        setTimeout(() => req.end(bytes.subarray(40)), 60);
      });
    const miss = await send();
    expect(miss.status).toBe(200);
    expect(miss.cache).toBe('MISS');
    const hit = await send();
    expect(hit.cache).toBe('HIT');
    expect(JSON.parse(hit.text).data).toEqual(JSON.parse(miss.text).data);
    expect(JSON.parse(hit.text).data.unit.code).toBe('437');
    // Not JSON: express's parser still answers it (a GraphQL-shaped 400), and a known body with a
    // different variable is a different entry.
    const bad = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('BAD_REQUEST');
    const other = await post(server, UnitByCodeDocument, { code: '440' });
    expect(other.headers.get('x-cache')).toBe('MISS');
    expect(other.body.data!.unit!.code).toBe('440');
  });

  it('sends public Cache-Control, a strong ETag answered with 304, and the tables read as Surrogate-Key', async () => {
    const res = await post(server, UnitByCodeDocument, { code: '437' });
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+, s-maxage=\d+, stale-while-revalidate=\d+$/);
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(res.headers.get('surrogate-key')!.split(' ')).toContain('unit');
    const again = await post(server, UnitByCodeDocument, { code: '437' }, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    const other = await post(server, UnitByCodeDocument, { code: '437' }, { 'if-none-match': '"something-else"' });
    expect(other.status).toBe(200);
    expect(other.headers.get('etag')).toBe(etag);
  });

  it('never serves staff from the cache nor stores their responses, and marks them private', async () => {
    const anonymous = await post(server, ArticleListDocument, { first: 3 });
    expect(anonymous.body.errors).toBeUndefined();
    const staffRead = await post(server, ArticleListDocument, { first: 3 }, staffAccount.headers);
    expect(staffRead.headers.get('x-cache')).toBeNull();
    expect(staffRead.headers.get('cache-control')).toBe('private, no-store');
    expect(staffRead.body.extensions!.sqlStatements).toBeGreaterThan(0);
    // a staff read of a never-read query does not warm the cache for anonymous readers
    const staffFirst = await post(server, ArticleListDocument, { first: 4 }, staffAccount.headers);
    expect(staffFirst.body.errors).toBeUndefined();
    const anonymousAfter = await post(server, ArticleListDocument, { first: 4 });
    expect(anonymousAfter.headers.get('x-cache')).toBe('MISS');
    expect(anonymousAfter.body.data!.articles.totalCount).toBeLessThan(staffFirst.body.data!.articles.totalCount);
    // the draft staff saw never reaches an anonymous reader, from the cache or not
    const titles = (r: typeof anonymousAfter) => r.body.data!.articles.edges.map((e) => e.node.title);
    expect(titles(staffFirst)).toContain('Bản nháp chỉ biên tập viên thấy');
    const hit = await post(server, ArticleListDocument, { first: 4 });
    expect(hit.headers.get('x-cache')).toBe('HIT');
    expect(titles(hit)).not.toContain('Bản nháp chỉ biên tập viên thấy');
  });

  it('keeps viewer-owned fields and errors out of the cache', async () => {
    const me = await post(server, MeDocument);
    expect(me.headers.get('cache-control')).toBe('private, no-store');
    expect((await post(server, MeDocument)).headers.get('x-cache')).toBeNull();
    const missing = await post(server, ArticleBySlugDocument, { slug: 'khong-co-bai-nay' });
    const missingAgain = await post(server, ArticleBySlugDocument, { slug: 'khong-co-bai-nay' });
    if (missing.body.errors) {
      expect(missingAgain.headers.get('x-cache')).not.toBe('HIT');
      expect(missingAgain.headers.get('cache-control')).toBe('private, no-store');
    } else {
      expect(missing.body.data!.article).toBeNull();
    }
  });

  it('speaks APQ over GET: unknown hash, registration, then hits; a wrong hash is refused', async () => {
    const query = print(UnitByCodeDocument);
    const hash = sha256Hex(query);
    const variables = { code: '439' };
    const unknown = await get(server, { variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect(unknown.body.errors![0].extensions!.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await get(server, { query, variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect(registered.body.errors).toBeUndefined();
    expect(registered.headers.get('cache-control')).toMatch(/^public/);
    const byHash = await get(server, { variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect(byHash.headers.get('x-cache')).toBe('HIT');
    expect(byHash.body.data).toEqual(registered.body.data);
    // a POST of the same text shares the entry
    const posted = await post(server, UnitByCodeDocument, variables);
    expect(posted.headers.get('x-cache')).toBe('HIT');
    const wrong = await get(server, { query, variables, extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex('query { __typename }') } } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.data).toBeUndefined();
  });

  it('refuses mutations over GET and huge GET URLs', async () => {
    const mutation = await get(server, { query: print(TransitionArticleDocument), variables: { id: '1', version: 1, to: 'DRAFT' } });
    expect(mutation.status).toBe(405);
    const huge = await get(server, { query: print(UnitByCodeDocument), variables: { code: 'x'.repeat(20_000) } });
    expect(huge.status).toBe(414);
    expect(huge.body.errors![0].extensions!.code).toBe('URI_TOO_LONG');
  });

  it('refuses a GET without the CSRF preflight header even when the entry is warm', async () => {
    const query = print(UnitByCodeDocument);
    await get(server, { query, variables: { code: '436' } });
    const res = await fetch(`${server.url}/graphql?${new URLSearchParams({ query, variables: JSON.stringify({ code: '436' }) })}`);
    expect(res.status).toBe(400);
  });

  it('keys on the document, the operation name and every variable value, never on key order', async () => {
    const list = (vars: Record<string, unknown>) => post(server, ArticleListDocument, vars as never);
    await list({ first: 2, topic: 'cai-cach-hanh-chinh' });
    expect((await list({ topic: 'cai-cach-hanh-chinh', first: 2 })).headers.get('x-cache')).toBe('HIT');
    const three = await list({ first: 3, topic: 'cai-cach-hanh-chinh' });
    expect(three.headers.get('x-cache')).toBe('MISS');
    expect(three.body.data!.articles.edges.length).not.toBe(2);
  });

  it('applies the same rules to aliases, fragments and @include/@skip', async () => {
    const aliased = `query A($c: String!) { u: unit(code: $c) { code name } }`;
    const fragment = `query F($c: String!) { ...Q } fragment Q on Query { unit(code: $c) { code } }`;
    const skipped = `query S($c: String!, $me: Boolean!) { unit(code: $c) { code } me @include(if: $me) { id } }`;
    const privateByFragment = `query P { ...M } fragment M on Query { me { id } }`;
    for (const q of [aliased, fragment]) {
      const r1 = await post(server, q, { c: '436' });
      expect(r1.headers.get('cache-control')).toMatch(/^public/);
      expect((await post(server, q, { c: '436' })).headers.get('x-cache')).toBe('HIT');
    }
    // a viewer-owned field that might be selected makes the whole operation private, included or not
    for (const me of [false, true]) {
      const r = await post(server, skipped, { c: '436', me });
      expect(r.headers.get('cache-control')).toBe('private, no-store');
    }
    expect((await post(server, privateByFragment)).headers.get('cache-control')).toBe('private, no-store');
    expect((await post(server, privateByFragment)).headers.get('x-cache')).toBeNull();
  });
});

describe('trusted documents from the codegen manifest', () => {
  let db: TestDatabase;
  let server: TestServer;
  const manifest = path.resolve(__dirname, '../gql/persisted-documents.json');
  beforeAll(async () => {
    db = await createTestDatabase();
    await importContent(
      db.orm,
      CONTENT_DIR,
      CONTENT_STEPS.filter((s) => s.name === 'units'),
    );
    server = await cachedServer(db, undefined, { trustedDocuments: manifest });
  }, 120_000);
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  it('answers a first-party GET by hash alone, with no registration round trip', async () => {
    const entries = Object.entries(JSON.parse(fs.readFileSync(manifest, 'utf8')) as Record<string, string>);
    const [key] = entries.find(([, text]) => text.startsWith('query UnitByCode('))!;
    const sha256Hash = key.replace(/^sha256:/, '');
    const res = await get<{ unit: { code: string } }>(server, { variables: { code: '436' }, extensions: { persistedQuery: { version: 1, sha256Hash } } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.unit.code).toBe('436');
    const again = await get(server, { variables: { code: '436' }, extensions: { persistedQuery: { version: 1, sha256Hash } } });
    expect(again.headers.get('x-cache')).toBe('HIT');
  });

  it('refuses to start on a manifest whose entry does not hash to its key', () => {
    const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rd-manifest-')), 'persisted-documents.json');
    fs.writeFileSync(bad, JSON.stringify({ [`sha256:${'0'.repeat(64)}`]: 'query { __typename }' }));
    expect(() => loadTrustedDocuments(bad)).toThrow(/not the sha256/);
  });
});

/**
 * The fast miss path (src/cache/fast-miss.ts, src/graphql/lean-execution.ts) answers known anonymous
 * queries before express and Apollo run. For every trusted document (test/gql/persisted-documents.json)
 * and the bench's pages, sent anonymously, a server with the path and one without it must answer
 * with the same status, the same bytes and the same headers, with the response cache off and on;
 * staff and API-token requests never take the path, and neither do mutations.
 */
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { parse, type GraphQLSchema, type OperationDefinitionNode, typeFromAST, type GraphQLInputType, Kind } from 'graphql';
import { Role } from '../../src/core/roles';
import { getSchema } from '../../src/app/schema';
import { startServer, type RunningServer } from '../../src/server';
import { BODY_HOOKS } from '../../src/bodies/body.hooks';
import { ARTICLE_QUERY, FRONT_PAGE_QUERY } from '../../bench/article-page';
import { signedInAs } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { testConfig } from '../support/config';
import { sampleValue } from '../support/dummy-args';
import { cacheConfig, smallNewsroom } from './support';
import { operationHint } from '../../src/cache/policy';

/** Whether every root field of the document has a public cache hint (src/cache/policy.ts). */
const PUBLIC_ROOT_FIELDS_ONLY = (query: string) => {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return operationHint(document, operation) !== null;
};
const NOW = new Date('2026-06-01T08:00:00Z');
const now = () => NOW;
const TRUSTED = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../gql/persisted-documents.json'), 'utf8')) as Record<string, string>;

interface Answer {
  status: number;
  text: string;
  headers: Record<string, string>;
}

async function send(server: RunningServer, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  const all: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (name !== 'date') all[name] = value;
  });
  return { status: res.status, text, headers: all };
}

/** Sample variables for an operation's required variables (ids that do not exist, strings "x"…). */
function sampleVariables(schema: GraphQLSchema, operation: OperationDefinitionNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const v of operation.variableDefinitions ?? []) {
    if (v.type.kind !== Kind.NON_NULL_TYPE || v.defaultValue) continue;
    out[v.variable.name.value] = sampleValue(typeFromAST(schema, v.type) as GraphQLInputType);
  }
  return out;
}

describe('fast miss path: same answers as Apollo, for anonymous queries only', () => {
  let db: TestDatabase;
  let schema: GraphQLSchema;
  let documents: { name: string; query: string; variables: Record<string, unknown>; kind: string }[];
  const started: RunningServer[] = [];
  const server = async (cache: boolean, fastMisses: boolean) => {
    const s = await startServer({
      newsroom: BODY_HOOKS,
      config: testConfig(db, { cache: cacheConfig({ enabled: cache }) }),
      db,
      logger: pino({ level: 'silent' }),
      now,
      fastMisses,
    });
    started.push(s);
    return s;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    await smallNewsroom(db, 3, NOW);
    schema = await getSchema();
    documents = [...Object.values(TRUSTED), FRONT_PAGE_QUERY, ARTICLE_QUERY].map((query) => {
      const operation = parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
      return { name: operation.name?.value ?? '(anonymous)', query, variables: sampleVariables(schema, operation), kind: operation.operation };
    });
  });
  afterAll(async () => {
    for (const s of started) {
      s.httpServer.closeAllConnections();
      await s.stop();
    }
    await db?.close();
  });

  it.each([
    ['response cache off', false],
    ['response cache on', true],
  ])('%s: every trusted document gets the same status, bytes and headers with and without the path', async (_label, cache) => {
    const [normal, fast] = [await server(cache, false), await server(cache, true)];
    let taken = 0;
    let successfulQueries = 0;
    for (const doc of documents) {
      // The first request teaches the fast server the document (through Apollo); an unused variable
      // makes the compared request a different cache key, so with the cache on it is a miss too.
      await send(fast, { query: doc.query, variables: { ...doc.variables, rdProbe: 0 } });
      const body = { query: doc.query, variables: { ...doc.variables, rdProbe: 1 } };
      const before = fast.lean!.answered();
      const [a, b] = [await send(normal, body), await send(fast, body)];
      const tookPath = fast.lean!.answered() > before;
      if (doc.kind !== 'query') {
        // Mutations (login counts failures, sign-up…) change state between the two sends: they only must not take the path.
        expect({ doc: doc.name, tookPath }).toEqual({ doc: doc.name, tookPath: false });
        continue;
      }
      expect({ doc: doc.name, status: b.status, text: b.text }).toEqual({ doc: doc.name, status: a.status, text: a.text });
      expect({ doc: doc.name, headers: b.headers }).toEqual({ doc: doc.name, headers: a.headers });
      const succeeded = a.status === 200 && !JSON.parse(a.text).errors;
      // Every successful anonymous query takes the path; a mutation or an answer with errors never does.
      expect({ doc: doc.name, tookPath }).toEqual({ doc: doc.name, tookPath: succeeded && doc.kind === 'query' });
      if (tookPath) taken++;
      if (succeeded && doc.kind === 'query') successfulQueries++;
      // A public answer was stored as a miss (a private one, such as `me`, says private, no-store).
      if (cache && succeeded)
        expect({ doc: doc.name, cache: b.headers['x-cache'] ?? b.headers['cache-control'] }).toEqual({
          doc: doc.name,
          cache: PUBLIC_ROOT_FIELDS_ONLY(doc.query) ? 'MISS' : 'private, no-store',
        });
    }
    expect(successfulQueries).toBeGreaterThanOrEqual(5); // the front page, the article page, topics, units…
    expect(taken).toBe(successfulQueries);
    // Other Accept headers are negotiated by Apollo; the answer is the same either way.
    const front = { query: FRONT_PAGE_QUERY, variables: { rdProbe: 2 } };
    for (const accept of ['application/graphql-response+json', 'application/json, text/plain;q=0.5']) {
      const [a, b] = [await send(normal, front, { accept }), await send(fast, front, { accept })];
      expect([b.status, b.text, b.headers]).toEqual([a.status, a.text, a.headers]);
    }
  });

  it('staff and API-token requests never take it, nor requests with a bad token', async () => {
    const fast = await server(false, true);
    const body = { query: FRONT_PAGE_QUERY };
    const anonymous = await send(fast, body); // learnt
    const before = fast.lean!.answered();
    expect((await send(fast, body)).status).toBe(200);
    expect(fast.lean!.answered()).toBe(before + 1);
    const admin = await signedInAs(db, [Role.ADMIN], { now });
    const asStaff = await send(fast, body, admin.headers);
    expect(asStaff.status).toBe(200);
    const badToken = await send(fast, body, { authorization: 'Bearer not-a-real-token' });
    expect(badToken.status).toBe(401);
    const notBearer = await send(fast, body, { authorization: 'Basic eDp5' });
    expect(notBearer.status).toBe(200);
    expect(fast.lean!.answered()).toBe(before + 1);
    expect(anonymous.status).toBe(200);
  });

  it('unsafe variables, wrong variable types and non-query operations go to Apollo and get its errors', async () => {
    const [normal, fast] = [await server(false, false), await server(false, true)];
    const article = `query A($slug: String!) { article(slug: $slug) { slug title } }`;
    await send(fast, { query: article, variables: { slug: 'khong-co' } });
    const before = fast.lean!.answered();
    for (const variables of [{ slug: 'a\u202Eb' }, { slug: 12 }, {}, { slug: 'khong-co' }]) {
      const [a, b] = [await send(normal, { query: article, variables }), await send(fast, { query: article, variables })];
      expect([b.status, b.text, b.headers]).toEqual([a.status, a.text, a.headers]);
      expect(a.text).toContain('"errors"');
    }
    expect(fast.lean!.answered()).toBe(before);
  });

  it('aliases, inline and named fragments and @include/@skip by variable: the same bytes as Apollo for each value', async () => {
    const [normal, fast] = [await server(true, false), await server(true, true)];
    const query = `query Shapes($full: Boolean!, $lean: Boolean!) {
      first: articles(first: 2) { edges { node { ...Card } } }
      second: articles(first: 1) { edges { node { ... on Article { slug sapo @include(if: $full) } } } }
      topics { slug name @skip(if: $lean) }
    }
    fragment Card on Article { id title t: title slug @include(if: $full) }`;
    await send(fast, { query, variables: { full: true, lean: false, rdProbe: 0 } }); // learnt through Apollo (another cache key: the compared requests are misses)
    let taken = 0;
    for (const variables of [
      { full: true, lean: false },
      { full: false, lean: true },
      { full: true, lean: true },
      { full: false, lean: false },
    ]) {
      const before = fast.lean!.answered();
      const [a, b] = [await send(normal, { query, variables }), await send(fast, { query, variables })];
      if (fast.lean!.answered() > before) taken++;
      expect({ variables, status: b.status, text: b.text, headers: b.headers }).toEqual({ variables, status: a.status, text: a.text, headers: a.headers });
      const data = JSON.parse(a.text).data;
      // The directives really changed the answer: the included and skipped fields follow the variables.
      expect('slug' in data.first.edges[0].node).toBe(variables.full);
      expect('sapo' in data.second.edges[0].node).toBe(variables.full);
      expect('name' in data.topics[0]).toBe(!variables.lean);
      expect(data.first.edges[0].node.t).toBe(data.first.edges[0].node.title);
    }
    expect(taken).toBe(4);
  });
});

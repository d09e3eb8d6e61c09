/**
 * A conflicting save is newsroom news: two editors save the same version of an article, the
 * second gets CONFLICT and its write rolls back, and staff subscribed to `newsroomEvents` hear
 * `article.conflict` for that article. The event is recorded after the rollback, on its own;
 * nothing of the refused save is kept.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '../../src/core/roles';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { signedInAs, type TestAccount } from '../support/accounts';
import { publishedArticle, seedTopics } from '../newsroom/support';
import { importBasics } from '../outreach/support';
import { liveClient, subscribe } from './support';

const STAFF_EVENTS = `subscription { newsroomEvents { id type articleId } }`;
const UPDATE = `mutation U($id: ID!, $v: Int!, $title: String!) { updateArticle(id: $id, version: $v, input: { title: $title }) { version } }`;

describe('article.conflict events', () => {
  let db: TestDatabase;
  let server: TestServer;
  let editor: TestAccount;
  let reporter: TestAccount;
  let articleId: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    await importBasics(db);
    await seedTopics(db);
    articleId = await publishedArticle(db, { title: 'Bài hai người cùng sửa', sapo: 'Tóm tắt', topics: ['cai-cach-hanh-chinh'] }, new Date(Date.now() - 3600_000));
    editor = await signedInAs(db, [Role.EDITOR], { displayName: 'Biên tập viên' });
    reporter = await signedInAs(db, [Role.EDITOR], { displayName: 'Biên tập viên thứ hai' });
    server = await startTestServer(db);
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  it('tells staff subscribers about a save refused with CONFLICT, and keeps nothing of that save', async () => {
    const read = await server.raw({ query: `{ articleById(id: ${articleId}) { version } }` }, editor.headers);
    const { version } = (read.data as { articleById: { version: number } }).articleById;
    const ws = liveClient(server.url, editor.token);
    const before = server.live.feed.subscriberCount;
    const sub = subscribe<{ newsroomEvents: { id: string; type: string; articleId: number | null } }>(ws, STAFF_EVENTS);
    while (server.live.feed.subscriberCount < before + 1) await new Promise((r) => setTimeout(r, 20));

    const first = await server.raw({ query: UPDATE, variables: { id: articleId, v: version, title: 'Bản của người thứ nhất' } }, editor.headers);
    expect(first.errors).toBeUndefined();
    const second = await server.raw({ query: UPDATE, variables: { id: articleId, v: version, title: 'Bản của người thứ hai' } }, reporter.headers);
    expect(second.errors![0].extensions!.code).toBe('CONFLICT');

    const conflicts = async () =>
      (await (db.orm.em.fork() as EntityManager).execute(`select id::text as id, keys, payload from change_outbox where type = 'article.conflict'`)) as {
        id: string;
        keys: string[];
        payload: Record<string, unknown>;
      }[];
    const rows = await conflicts();
    expect(rows).toHaveLength(1);
    expect(rows[0].keys).toEqual([`article:${articleId}`]);
    expect(rows[0].payload).toMatchObject({ articleId, mutation: 'updateArticle', version });

    const heard = () => sub.results.find((r) => r.data?.newsroomEvents.type === 'article.conflict');
    while (!heard()) await sub.received(sub.results.length + 1);
    expect(heard()!.data!.newsroomEvents).toEqual({ id: rows[0].id, type: 'article.conflict', articleId });

    // The refused save left no trace: the pending title is the first editor's.
    const after = await server.raw({ query: `{ articleById(id: ${articleId}) { version pendingRevision { content } } }` }, editor.headers);
    expect(after.errors).toBeUndefined();
    expect(JSON.stringify(after.data)).toContain('người thứ nhất');
    expect(JSON.stringify(after.data)).not.toContain('người thứ hai');
    sub.stop();
    await ws.dispose();
  });
});

/**
 * The change feed end to end in one process: writes record events in their transaction, the
 * dispatcher delivers them, and graphql-ws subscribers get what they may see.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { importContent } from '../../src/content/importer';
import { Role } from '../../src/core/roles';
import { recordChange } from '../../src/outbox/record';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { signedInAs, type TestAccount } from '../support/accounts';
import { publishedArticle, seedTopics } from '../newsroom/support';
import { importBasics } from '../outreach/support';
import { rankingContent, smallMethodology, smallScores } from '../rankings/support';
import { liveClient, subscribe } from './support';

const SLUG = 'chi-so-truc-tiep';
const TABLE = `subscription T($index: String!, $year: Int) { rankingTableChanged(index: $index, year: $year) { revision rows { unit { code } total } } }`;
const ARTICLE = `subscription A($slug: String!) { articleChanged(slug: $slug) { id title slug } }`;
const STAFF_EVENTS = `subscription { newsroomEvents { id type articleId organisationId } }`;
const CORRECT = `mutation C($input: CorrectScoreInput!) { correctScore(input: $input) { edition { revision } } }`;

describe('change feed and subscriptions (one process)', () => {
  let db: TestDatabase;
  let server: TestServer;
  let dataManager: TestAccount;
  let editor: TestAccount;
  let plannerA: TestAccount;
  let plannerB: TestAccount;
  let articleId: number;
  const clients: ReturnType<typeof liveClient>[] = [];
  const client = (token?: string) => {
    const c = liveClient(server.url, token);
    clients.push(c);
    return c;
  };
  const outboxCount = async () => Number((await (db.orm.em.fork() as EntityManager).execute('select count(*) as n from change_outbox'))[0].n);
  /** The server registered `n` more feed listeners: the subscriptions are live. */
  const listening = async (before: number, n = 1) => {
    while (server.live.feed.subscriberCount < before + n) await new Promise((r) => setTimeout(r, 20));
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    await importBasics(db);
    await importContent(
      db.orm,
      rankingContent({
        [`${SLUG}.methodology.yaml`]: smallMethodology(SLUG, [2023, 2024]),
        [`${SLUG}.scores.csv`]: smallScores(SLUG, [
          [2023, '436', 40, 20, 30],
          [2024, '436', 40, 20, 35],
          [2024, '437', 30, 15, 30],
        ]),
      }),
    );
    await seedTopics(db);
    articleId = await publishedArticle(db, { title: 'Bài đang đăng', sapo: 'Tóm tắt', topics: ['cai-cach-hanh-chinh'] }, new Date(Date.now() - 3600_000));
    dataManager = await signedInAs(db, [Role.DATA_MANAGER], { displayName: 'Quản lý Dữ liệu' });
    editor = await signedInAs(db, [Role.EDITOR], { displayName: 'Biên tập viên' });
    plannerA = await signedInAs(db, [Role.OUTREACH_PLANNER], { organisation: 'so-noi-vu-a' });
    plannerB = await signedInAs(db, [Role.OUTREACH_PLANNER], { organisation: 'so-noi-vu-b' });
    server = await startTestServer(db);
  });
  afterAll(async () => {
    await Promise.all(clients.map(async (c) => c.dispose()));
    await server.stop();
    await db.destroy();
  });

  it('pushes the new ranking table to a subscriber when a score is corrected, and the next read shows it', async () => {
    const before = server.live.feed.subscriberCount;
    const sub = subscribe<any>(client(), TABLE, { index: SLUG, year: 2024 });
    await listening(before);
    const res = await server.raw(
      { query: CORRECT, variables: { input: { index: SLUG, year: 2024, unit: '437', field: 'B', value: 39, reason: 'Sửa lỗi nhập liệu' } } },
      dataManager.headers,
    );
    expect(res.errors).toBeUndefined();
    await sub.received(1);
    const pushed = sub.results[0].data!.rankingTableChanged;
    expect(pushed.revision).toBe((res.data as any).correctScore.edition.revision);
    expect(pushed.rows.find((r: any) => r.unit.code === '437').total).toBe(30 + 15 + 39);
    const read = await server.raw({ query: `{ rankingTable(index: "${SLUG}", year: 2024) { revision } }` });
    expect((read.data as any).rankingTable.revision).toBe(pushed.revision);
    sub.stop();
  });

  it('records no event for a write that fails or rolls back, and pushes nothing', async () => {
    const before = await outboxCount();
    const refused = await server.raw(
      { query: CORRECT, variables: { input: { index: SLUG, year: 2024, unit: '437', field: 'B', value: 99, reason: 'quá mức' } } },
      dataManager.headers,
    );
    expect(refused.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    // An event recorded inside a transaction that then rolls back leaves nothing either.
    await expect(
      (db.orm.em.fork() as EntityManager).transactional(async (em) => {
        await recordChange(em as EntityManager, { type: 'score.corrected', keys: [`edition:${SLUG}:2024`], payload: { index: SLUG, year: 2024, public: true } });
        throw new Error('rolled back on purpose');
      }),
    ).rejects.toThrow('rolled back on purpose');
    expect(await outboxCount()).toBe(before);
    await server.live.dispatcher!.drain();
    const lag = (await server.live.lag()) ?? [];
    // Every consumer of the feed (the subscriptions' fan-out, webhooks) is caught up.
    expect(lag.map((l) => l.consumer).sort()).toEqual(['live-fanout', 'stale-claims', 'webhooks']);
    expect(lag.every((l) => l.behind === 0)).toBe(true);
  });

  it('gives article pages the public article only: a pending draft never leaks, publishing it pushes the new version', async () => {
    const read = await server.raw({ query: `{ articleById(id: ${articleId}) { slug version } }` }, editor.headers);
    const { slug, version } = (read.data as any).articleById;
    const before = server.live.feed.subscriberCount;
    // Opened with a staff token: the public subscription still runs as an anonymous reader.
    const sub = subscribe<any>(client(editor.token), ARTICLE, { slug });
    await listening(before);
    const saved = await server.raw(
      {
        query: `mutation U($id: ID!, $v: Int!) { updateArticle(id: $id, version: $v, input: { title: "Tiêu đề bản nháp bí mật" }) { version } }`,
        variables: { id: articleId, v: version },
      },
      editor.headers,
    );
    expect(saved.errors).toBeUndefined();
    await sub.received(1);
    expect(sub.results[0].data!.articleChanged.title).toBe('Bài đang đăng');
    const published = await server.raw(
      {
        query: `mutation P($id: ID!, $v: Int!) { publishPendingRevision(id: $id, version: $v) { version } }`,
        variables: { id: articleId, v: (saved.data as any).updateArticle.version },
      },
      editor.headers,
    );
    expect(published.errors).toBeUndefined();
    await sub.received(2);
    expect(sub.results[1].data!.articleChanged).toMatchObject({ id: String(articleId), title: 'Tiêu đề bản nháp bí mật' });
    expect(JSON.stringify(sub.results)).not.toMatch(/pending/i);
    sub.stop();
  });

  it('refuses staff events to anonymous sockets', async () => {
    const sub = subscribe<any>(client(), STAFF_EVENTS);
    await sub.ended;
    expect(sub.results[0].errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it("shows a planner their organisation's outreach events and nothing of another's", async () => {
    const before = server.live.feed.subscriberCount;
    const a = subscribe<any>(client(plannerA.token), STAFF_EVENTS);
    const b = subscribe<any>(client(plannerB.token), STAFF_EVENTS);
    await listening(before, 2);
    const campaign = (title: string) => ({
      query: `mutation C($input: CampaignInput!) { createOutreachCampaign(input: $input) { id } }`,
      variables: { input: { title, startsOn: '2025-03-02', endsOn: '2025-06-30', unitCodes: ['436'], audiences: ['CITIZENS'] } },
    });
    const madeByA = await server.raw(campaign('Chiến dịch của sở A'), plannerA.headers);
    expect(madeByA.errors).toBeUndefined();
    await a.received(1);
    const madeByB = await server.raw(campaign('Chiến dịch của sở B'), plannerB.headers);
    expect(madeByB.errors).toBeUndefined();
    await b.received(1);
    // Events are delivered in id order: by the time B hears its own, A's had come and gone.
    expect(a.results.map((r) => r.data!.newsroomEvents.type)).toEqual(['outreach.changed']);
    expect(b.results).toHaveLength(1);
    expect(Number(b.results[0].data!.newsroomEvents.id)).toBeGreaterThan(Number(a.results[0].data!.newsroomEvents.id));
    expect(b.results[0].data!.newsroomEvents.organisationId).not.toBe(a.results[0].data!.newsroomEvents.organisationId);
    a.stop();
    b.stop();
  });

  it('closes the socket of a session that signs out', async () => {
    const account = await signedInAs(db, [Role.EDITOR], { displayName: 'Biên tập viên Hai' });
    const before = server.live.feed.subscriberCount;
    const sub = subscribe<any>(client(account.token), STAFF_EVENTS);
    await listening(before);
    const out = await server.raw({ query: 'mutation { logout }' }, account.headers);
    expect(out.errors).toBeUndefined();
    await sub.ended;
    expect(sub.results.at(-1)!.errors![0].extensions!.closeCode).toBe(4403);
  });
});

/**
 * Stale claims become events (issue 12): correcting a score that a published article quotes
 * makes the article stale; the `stale-claims` consumer records one `claim.stale`, which a staff
 * `newsroomEvents` subscriber receives. A second correction without a new snapshot announces
 * nothing more, and an article whose claims still hold gets nothing.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '../../src/core/roles';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { signedInAs, type TestAccount } from '../support/accounts';
import { publishedArticle } from '../newsroom/support';
import { importSmallIndex } from '../rankings/support';
import { liveClient, subscribe } from './support';

const SLUG = 'chi-so-loi-cu';
const STAFF_EVENTS = `subscription { newsroomEvents { id type articleId organisationId } }`;
const CORRECT = `mutation C($input: CorrectScoreInput!) { correctScore(input: $input) { edition { revision } } }`;

describe('claim.stale events from the stale-claims consumer', () => {
  let db: TestDatabase;
  let server: TestServer;
  let dataManager: TestAccount;
  let editor: TestAccount;
  let quoting: number;
  let unaffected: number;
  const client = liveClient;
  const staleRows = async () =>
    (await (db.orm.em.fork() as EntityManager).execute(`select id::text as id, keys, payload from change_outbox where type = 'claim.stale' order by id`)) as {
      id: string;
      keys: string[];
      payload: Record<string, unknown>;
    }[];
  const correct = async (value: number) => {
    const res = await server.raw(
      { query: CORRECT, variables: { input: { index: SLUG, year: 2024, unit: '437', field: 'B', value, reason: 'Sửa lỗi nhập liệu' } } },
      dataManager.headers,
    );
    expect(res.errors).toBeUndefined();
    await server.live.dispatcher!.drain();
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    await importSmallIndex(db, SLUG);
    const anHourAgo = new Date(Date.now() - 3600_000);
    quoting = await publishedArticle(db, { title: 'Hồng Lĩnh đạt điểm khá', body: `Thị xã Hồng Lĩnh đạt {{score unit=437 index=${SLUG} edition=2024}} điểm.` }, anHourAgo);
    unaffected = await publishedArticle(db, { title: 'Thành phố Hà Tĩnh dẫn đầu', body: `Thành phố Hà Tĩnh đạt {{score unit=436 index=${SLUG} edition=2024}} điểm.` }, anHourAgo);
    dataManager = await signedInAs(db, [Role.DATA_MANAGER], { displayName: 'Quản lý Dữ liệu' });
    editor = await signedInAs(db, [Role.EDITOR], { displayName: 'Biên tập viên' });
    server = await startTestServer(db);
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  it('announces the article that became stale to a staff subscriber, once per snapshot, and nothing for the unaffected one', async () => {
    const ws = client(server.url, editor.token);
    const before = server.live.feed.subscriberCount;
    const sub = subscribe<any>(ws, STAFF_EVENTS);
    while (server.live.feed.subscriberCount < before + 1) await new Promise((r) => setTimeout(r, 20));

    await correct(39);
    await sub.received(1);
    const rows = await staleRows();
    expect(rows).toHaveLength(1);
    expect(rows[0].keys).toEqual([`article:${quoting}`]);
    expect(rows[0].payload).toMatchObject({ articleId: quoting, slug: 'hong-linh-dat-diem-kha', title: 'Hồng Lĩnh đạt điểm khá', differences: 1 });
    const trigger = (await (db.orm.em.fork() as EntityManager).execute(`select id::text as id from change_outbox where type = 'score.corrected' order by id desc limit 1`))[0].id;
    expect(rows[0].payload.triggeredBy).toBe(trigger);
    expect(sub.results[0].data!.newsroomEvents).toEqual({ id: rows[0].id, type: 'claim.stale', articleId: quoting, organisationId: null });

    // Still stale after a second correction, but the same snapshot: not announced again.
    await correct(38);
    expect(await staleRows()).toHaveLength(1);
    expect((await staleRows()).some((r) => r.keys.includes(`article:${unaffected}`))).toBe(false);
    expect(sub.results).toHaveLength(1);
    sub.stop();
    await ws.dispose();
  });
});

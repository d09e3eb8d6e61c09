import { ArticleListDocument, StaffArticleListDocument, TopicsWithCountsDocument } from '../gql/graphql';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { publishedArticle, signedInStaff } from './support';
import { ArticleService } from '../../src/newsroom/article.service';
import { staff, em } from './support';
import { BODY_HOOKS } from '../../src/bodies/body.hooks';

const NOW = new Date('2026-05-01T00:00:00Z');
const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n, 3));

describe('article listing', () => {
  let db: TestDatabase;
  let server: TestServer;
  let STAFF: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase({ content: true }); // the shipped content, imported once per run
    STAFF = (await signedInStaff(db, undefined, () => NOW)).headers;
    const codes = ['436', '437', '439', '440', '447', '449'];
    for (let i = 0; i < 60; i++) {
      await publishedArticle(
        db,
        {
          title: `Bản tin cải cách số ${i + 1}`,
          sapo: `Tin số ${i + 1}`,
          topics: i % 2 ? ['cai-cach-hanh-chinh'] : ['cai-cach-hanh-chinh', 'hoat-dong-cua-lanh-dao-tinh'],
          tags: [`Nhãn ${i % 7}`, 'Bản tin'],
          authors: [
            { name: `Phóng viên ${i % 5}`, role: 'Phóng viên' },
            { name: 'Thư ký tòa soạn', role: 'Biên tập' },
          ],
          units: [codes[i % codes.length], '42'],
        },
        day(i),
        NOW,
      );
    }
    await new ArticleService(em(db), staff(), NOW, BODY_HOOKS).create({ title: 'Bản nháp không ai thấy', topics: ['cai-cach-hanh-chinh'], tags: ['Nhãn bí mật'] });
    server = await startTestServer(db, {}, () => NOW);
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  it.each([5, 20, 50])('lists %i articles with topics, tags, authors and units in 4 SQL statements', async (first) => {
    const res = await server.query(ArticleListDocument, { first });
    expect(res.errors).toBeUndefined();
    const edges = res.data!.articles.edges;
    expect(edges).toHaveLength(first);
    expect(edges.every((e) => e.node.topics.length > 0 && e.node.tags.length === 2 && e.node.authors.length === 2 && e.node.units.length === 2)).toBe(true);
    // one for the page with its total and topics, one per other relation (tags, authors, units): the same whatever the page size
    expect(res.extensions!.sqlStatements).toBe(4);
  });

  it('lists newest first with cursors, totalCount and pageInfo, anonymous readers seeing live articles only', async () => {
    const page1 = await server.query(ArticleListDocument, { first: 25 });
    const { totalCount, pageInfo, edges } = page1.data!.articles;
    expect(totalCount).toBe(62); // 60 + the 2 imported articles; the draft is not counted
    expect(edges[0].node.title).toBe('Bản tin cải cách số 60');
    expect(pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const page3 = await server.query(ArticleListDocument, {
      first: 25,
      after: (await server.query(ArticleListDocument, { first: 25, after: pageInfo.endCursor })).data!.articles.pageInfo.endCursor,
    });
    expect(page3.data!.articles.edges).toHaveLength(12);
    expect(page3.data!.articles.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(page3.data!.articles.edges.at(-1)!.node.slug).toBe('chi-so-cai-cach-hanh-chinh-tp-ha-tinh-lien-tuc-dung-dau-khoi-cap-huyen');
    const staffList = await server.query(ArticleListDocument, { first: 1 }, STAFF);
    expect(staffList.data!.articles.totalCount).toBe(63);
  });

  it('caps the page size and refuses a foreign cursor', async () => {
    const big = await server.query(ArticleListDocument, { first: 1000 }, STAFF);
    expect(big.data!.articles.edges.length).toBeLessThanOrEqual(100);
    const bad = await server.query(ArticleListDocument, { after: 'not-a-cursor' });
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('filters by topic, tag, unit (a province includes its districts), author and state', async () => {
    const count = async (vars: Parameters<typeof server.query<unknown, object>>[1], headers?: Record<string, string>) =>
      (await server.query(ArticleListDocument, vars as never, headers)).data!.articles.totalCount;
    expect(await count({ topic: 'hoat-dong-cua-lanh-dao-tinh' })).toBe(31); // 30 + the seed
    expect(await count({ tag: 'Nhãn 3' })).toBe(9);
    expect(await count({ tag: 'nhan-3' })).toBe(9);
    expect(await count({ unit: '447' })).toBe(10);
    expect(await count({ unit: '449' })).toBe(10);
    expect(await count({ unit: '436' })).toBe(11); // 10 + the seed article
    expect(await count({ unit: '42' })).toBe(62);
    expect(await count({ author: 'phong-vien-4' })).toBe(12);
    expect(await count({ state: 'DRAFT' as never })).toBe(0);
    expect(await count({ state: 'DRAFT' as never }, STAFF)).toBe(1);
  });

  it('counts public articles per topic and hides tags used only by drafts', async () => {
    const res = await server.query(TopicsWithCountsDocument, {});
    expect(res.data!.topics.map((t) => [t.name, t.articleCount])).toEqual([
      ['Hoạt động của lãnh đạo tỉnh', 31],
      ['Cải cách hành chính', 61],
    ]);
    expect(res.data!.tags[0]).toMatchObject({ name: 'Bản tin', articleCount: 60 });
    expect(res.data!.tags.map((t) => t.name)).not.toContain('Nhãn bí mật');
    const asStaff = await server.query(TopicsWithCountsDocument, {}, STAFF);
    expect(asStaff.data!.tags.find((t) => t.name === 'Nhãn bí mật')).toMatchObject({ articleCount: 0 });
  });

  it('shows staff the pending changes of a whole page without more statements per article', async () => {
    const live = (await server.query(ArticleListDocument, { first: 3 })).data!.articles.edges.map((e) => e.node);
    for (const a of live) await new ArticleService(em(db), staff(), NOW, BODY_HOOKS).update(a.id, a.version, { title: `${a.title} (sửa)` });
    const res = await server.query(StaffArticleListDocument, { first: 50 }, STAFF);
    const withPending = res.data!.articles.edges.filter((e) => e.node.pendingRevision);
    expect(withPending.map((e) => e.node.pendingRevision!.changedFields)).toEqual([['title'], ['title'], ['title']]);
    expect(withPending[0].node.title).not.toContain('(sửa)');
    expect(res.extensions!.sqlStatements).toBeLessThanOrEqual(5);
  });
});

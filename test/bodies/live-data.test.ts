import { Role } from '../../src/core/roles';
import { recordDuePublications } from '../../src/newsroom/publication';
import { ArticlePageDocument, BodyCorrectScoreDocument, BodyCreateArticleDocument, BodyUpdateArticleDocument, StaleArticlesDocument } from '../gql/graphql';
import { signedInAs } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { BODY_HOOKS } from '../../src/bodies/body.hooks';

const SEED = 'chi-so-cai-cach-hanh-chinh-tp-ha-tinh-lien-tuc-dung-dau-khoi-cap-huyen';
const READ_MORE = 'ky-hop-20-hdnd-tinh-ha-tinh-thao-luan-thong-qua-nhieu-nghi-quyet-quan-trong';
type Page = NonNullable<Awaited<ReturnType<TestServer['query']>>['data']> & { article: any };

describe('article bodies with live data', () => {
  let db: TestDatabase;
  let server: TestServer;
  let editor: Record<string, string>;
  let dataManager: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase({ content: true });
    await recordDuePublications(db.orm, BODY_HOOKS); // what `npm start` does: the imported articles go live, snapshots are taken
    server = await startTestServer(db);
    editor = (await signedInAs(db, [Role.EDITOR])).headers;
    dataManager = (await signedInAs(db, [Role.DATA_MANAGER])).headers;
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  const page = async (version?: 'LIVE' | 'AS_PUBLISHED') => {
    const res = await server.query(ArticlePageDocument, { slug: SEED, version });
    expect(res.errors).toBeUndefined();
    return res as typeof res & { data: Page };
  };

  it("computes the seed article's claim from the data instead of typing it", async () => {
    const { data } = await page();
    const paragraph = data.article.body.find((b: any) => b.__typename === 'ParagraphBlock' && b.facts.length);
    expect(paragraph.text).toContain('chỉ số CCHC thành phố 3 năm liên tục đứng thứ nhất trong các đơn vị cấp huyện');
    expect(paragraph.facts.map((f: any) => [f.kind, f.value, f.text])).toEqual([
      ['streak', 3, '3 năm liên tục'],
      ['rank', 1, 'thứ nhất'],
      ['score', 91.3, '91,3 điểm'],
    ]);
    expect(paragraph.facts[0].meaning).toContain('số liệu minh họa');
    expect(paragraph.html).toContain('<span class="rd-fact" data-fact-id="f1" data-fact="streak" data-unit="436"');
  });

  it('resolves the ranking widget to rows with ranks, ties and the highlighted unit', async () => {
    const { data } = await page();
    const widget = data.article.body.find((b: any) => b.__typename === 'RankingWidgetBlock');
    expect(widget).toMatchObject({ index: 'cchc-cap-huyen-ha-tinh', year: 2018, illustrative: true });
    expect(widget.rows).toHaveLength(13);
    expect(widget.rows[0]).toMatchObject({ unitCode: '436', rank: 1, highlighted: true });
    const ranks = widget.rows.map((r: any) => r.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(ranks.filter((r: number) => r === 5)).toHaveLength(2); // a tie, then rank 7
    expect(ranks).not.toContain(6);
    expect(data.article.html).toContain('data-widget="ranking" data-widget-id="w1" data-index="cchc-cap-huyen-ha-tinh" data-edition="2018"');
    expect(data.article.html).toContain('<tr class="rd-highlight"><td>1</td><td>Thành phố Hà Tĩnh</td><td>91,3</td></tr>');
  });

  it('lists related reading: the pinned article first, with why it is related', async () => {
    const { data } = await page();
    expect(data.article.related[0].article.slug).toBe(READ_MORE);
    expect(data.article.related[0].reasons.map((r: any) => r.kind)).toContain('PINNED');
    expect(data.article.related.map((r: any) => r.article.slug)).not.toContain(SEED);
    const block = data.article.body.find((b: any) => b.__typename === 'RelatedReadingBlock');
    expect(block.items[0].article.slug).toBe(READ_MORE);
  });

  it('runs the whole article page in a constant, small number of SQL statements', async () => {
    const res = await page();
    expect(res.extensions!.sqlStatements).toBeLessThanOrEqual(8);
  });

  it('refuses a body whose directives name unknown data, with the line, and saves nothing', async () => {
    const body =
      'Mở đầu.\n\n::: ranking index=khong-co edition=2018\n:::\n\nHạng {{rank unit=999 index=cchc-cap-huyen-ha-tinh edition=2018}}.\n\n::: ranking index=cchc-cap-huyen-ha-tinh edition=2018 area=LV9\n:::';
    const res = await server.query(BodyCreateArticleDocument, { input: { title: 'Bài có chỉ thị sai', body } }, editor);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
    const messages = (res.errors![0].extensions!.problems as { message: string }[]).map((p) => p.message);
    expect(messages).toEqual([
      expect.stringMatching(/^line 3: ranking: unknown index "khong-co"/),
      expect.stringMatching(/^line 6: fact rank: unknown unit "999"/),
      expect.stringMatching(/^line 8: ranking: edition 2018 of "cchc-cap-huyen-ha-tinh" has no area "LV9"/),
    ]);
    const ok = await server.query(
      BodyCreateArticleDocument,
      { input: { title: 'Bài có chỉ thị đúng', body: '{{rank unit=437 index=cchc-cap-huyen-ha-tinh edition=2018}}' } },
      editor,
    );
    expect(ok.data!.createArticle.bodyProblems).toEqual([]);
    const broken = await server.query(
      BodyUpdateArticleDocument,
      { id: ok.data!.createArticle.id, version: ok.data!.createArticle.version, input: { body: '::: ranking\n' } },
      editor,
    );
    expect(broken.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('after a correction breaks the streak: live values change, AS_PUBLISHED keeps the snapshot, and the article is stale', async () => {
    expect((await server.query(StaleArticlesDocument, {}, editor)).data!.staleArticles).toEqual([]);
    const corrected = await server.query(
      BodyCorrectScoreDocument,
      { input: { index: 'cchc-cap-huyen-ha-tinh', year: 2018, unit: '436', field: 'LV1.1', value: 0, reason: 'Kiểm tra lại hồ sơ thẩm định' } },
      dataManager,
    );
    expect(corrected.errors).toBeUndefined();
    const live = (await page()).data.article.body.find((b: any) => b.__typename === 'ParagraphBlock' && b.facts.length);
    expect(live.facts[0]).toMatchObject({ kind: 'streak', value: 0, changedSincePublished: true, publishedText: '3 năm liên tục' });
    expect(live.facts[1]).toMatchObject({ kind: 'rank', value: 2, text: 'thứ hai', changedSincePublished: true });
    const published = (await page('AS_PUBLISHED')).data.article.body.find((b: any) => b.__typename === 'ParagraphBlock' && b.facts.length);
    expect(published.text).toContain('3 năm liên tục đứng thứ nhất');
    const stale = await server.query(StaleArticlesDocument, {}, editor);
    expect(stale.data!.staleArticles).toHaveLength(1);
    const entry = stale.data!.staleArticles[0];
    expect(entry.article.slug).toBe(SEED);
    expect(entry.differences.find((d) => d.kind === 'streak')).toMatchObject({
      publishedValue: 3,
      liveValue: 0,
      publishedText: '3 năm liên tục',
      publishedRevision: 1,
      liveRevision: 2,
    });
    expect(entry.differences.some((d) => d.kind === 'ranking')).toBe(true);
    expect(entry.corrections[0]).toMatchObject({ field: 'LV1.1', oldValue: 5.25, newValue: 0, dataRevision: 2 });
  });

  it('keeps the stale-claims query for editors', async () => {
    expect((await server.query(StaleArticlesDocument, {})).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect((await server.query(StaleArticlesDocument, {}, dataManager)).errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});

import path from 'node:path';
import { CONTENT_STEPS, importContent } from '../../src/content/importer';
import { ArticlePageDocument } from '../gql/graphql';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { publishedArticle } from '../newsroom/support';

const BODY = [
  'Năm 2018, Thành phố Hà Tĩnh đứng {{rank unit=436 index=cchc-cap-huyen-ha-tinh edition=2018}},',
  'huyện Can Lộc {{rankchange unit=443 index=cchc-cap-huyen-ha-tinh edition=2018}},',
  'thị xã Hồng Lĩnh đạt {{score unit=437 index=cchc-cap-huyen-ha-tinh edition=2018}}.',
  '',
  '::: ranking index=cchc-cap-huyen-ha-tinh edition=2016 highlight=436',
  'Năm 2016',
  ':::',
  '',
  '::: ranking index=cchc-cap-huyen-ha-tinh edition=2018 highlight=436,443 display=bars',
  'Năm 2018',
  ':::',
].join('\n');

describe('an article page with two widgets, three facts and five related articles', () => {
  let db: TestDatabase;
  let server: TestServer;
  let slug: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    const steps = CONTENT_STEPS.filter((s) => ['units', 'topics', 'ranking methodologies', 'ranking scores'].includes(s.name));
    await importContent(db.orm, path.resolve(__dirname, '../../content'), steps);
    const day = (n: number) => new Date(Date.UTC(2019, 5, n));
    for (let i = 1; i <= 6; i++) {
      await publishedArticle(db, { title: `Bài liên quan số ${i}`, sapo: 'Bài thử nghiệm', topics: ['cai-cach-hanh-chinh'], units: i % 2 ? ['436'] : [] }, day(i));
    }
    const id = await publishedArticle(
      db,
      { title: 'Bảng xếp hạng CCHC cấp huyện', sapo: 'Hai bảng và ba con số', body: BODY, topics: ['cai-cach-hanh-chinh'], units: ['436'] },
      day(20),
    );
    slug = ((await db.orm.em.fork().getConnection().execute('select slug from article where id = ?', [id])) as { slug: string }[])[0].slug;
    server = await startTestServer(db);
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  it('resolves both widgets with 13 rows, three facts and five related articles in at most 3 statements (article with its pictures, editions with their results, related reading)', async () => {
    const res = await server.query(ArticlePageDocument, { slug });
    expect(res.errors).toBeUndefined();
    const article = res.data!.article as any;
    const widgets = article.body.filter((b: any) => b.__typename === 'RankingWidgetBlock');
    expect(widgets.map((w: any) => [w.year, w.rows.length])).toEqual([
      [2016, 13],
      [2018, 13],
    ]);
    const facts = article.body.flatMap((b: any) => (b.__typename === 'ParagraphBlock' ? b.facts : []));
    expect(facts.map((f: any) => f.kind)).toEqual(['rank', 'rankchange', 'score']);
    expect(facts.every((f: any) => f.value !== null)).toBe(true);
    expect(article.related).toHaveLength(5);
    // Shared topic and unit rank first; ties by recency.
    expect(article.related[0].reasons.map((r: any) => r.kind)).toEqual(['TOPIC', 'UNIT']);
    expect(article.related.map((r: any) => r.article.topics.length)).toEqual([1, 1, 1, 1, 1]);
    expect(res.extensions!.sqlStatements).toBeLessThanOrEqual(3);
  });
});

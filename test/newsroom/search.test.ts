import { ArticleListDocument } from '../gql/graphql';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { publishedArticle } from './support';

const NOW = new Date('2026-05-01T00:00:00Z');
const SEED = 'chi-so-cai-cach-hanh-chinh-tp-ha-tinh-lien-tuc-dung-dau-khoi-cap-huyen';

describe('accent-insensitive search', () => {
  let db: TestDatabase;
  let server: TestServer;
  const search = async (text: string) => (await server.query(ArticleListDocument, { search: text, first: 20 })).data!.articles.edges.map((e) => e.node.slug);

  beforeAll(async () => {
    db = await createTestDatabase({ content: true }); // the shipped content, imported once per run
    // Written with the tone mark on a (Hoà) and on o (Hòa), and one with the words only in the body.
    await publishedArticle(db, { title: 'Xã Hoà Bình đạt chuẩn nông thôn mới', slug: 'hoa-binh-tieu-de' }, new Date('2026-01-02T00:00:00Z'), NOW);
    await publishedArticle(
      db,
      { title: 'Tin vắn trong tuần', sapo: 'Nhiều tin', body: 'Cuối bài có nhắc tới xã Hòa Bình.', slug: 'hoa-binh-than-bai' },
      new Date('2026-01-03T00:00:00Z'),
      NOW,
    );
    await publishedArticle(db, { title: 'Tin tổng hợp', sapo: 'Xã Hòa Bình nâng cao chất lượng dịch vụ', slug: 'hoa-binh-sa-po' }, new Date('2026-01-04T00:00:00Z'), NOW);
    await publishedArticle(db, { title: 'Đức Thọ đẩy mạnh chuyển đổi số', slug: 'duc-tho-chuyen-doi-so' }, new Date('2026-01-05T00:00:00Z'), NOW);
    server = await startTestServer(db, {}, () => NOW);
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  it('finds the seed article without diacritics', async () => {
    expect(await search('cai cach hanh chinh ha tinh')).toContain(SEED);
  });

  it('finds the seed article with diacritics, in any case', async () => {
    expect(await search('Cải cách hành chính Hà Tĩnh')).toContain(SEED);
    expect(await search('CẢI CÁCH HÀNH CHÍNH')).toContain(SEED);
  });

  it('treats decomposed (NFD) input like composed input', async () => {
    const nfd = 'Trung tâm hành chính công'.normalize('NFD');
    expect(nfd).not.toBe(nfd.normalize('NFC'));
    expect(await search(nfd)).toEqual(await search('Trung tâm hành chính công'));
    expect(await search(nfd)).toContain(SEED);
  });

  it('finds "Hoà" when asked for "Hòa" and the reverse', async () => {
    const a = await search('Hòa Bình');
    const b = await search('Hoà Bình');
    expect(a).toContain('hoa-binh-tieu-de');
    expect(a.sort()).toEqual(b.sort());
  });

  it('maps đ to d both ways', async () => {
    expect(await search('duc tho')).toEqual(['duc-tho-chuyen-doi-so']);
    expect(await search('ĐỨC THỌ')).toEqual(['duc-tho-chuyen-doi-so']);
  });

  it('ranks a match in the title above the lead, and the lead above the body', async () => {
    expect(await search('hoa binh')).toEqual(['hoa-binh-tieu-de', 'hoa-binh-sa-po', 'hoa-binh-than-bai']);
  });

  it('needs every word: a word absent everywhere finds nothing', async () => {
    expect(await search('hoa binh tuyenquang')).toEqual([]);
  });

  it('refuses a search with no letters or digits', async () => {
    const res = await server.query(ArticleListDocument, { search: '!!!' });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'search' });
  });

  it('is served by the trigram index over the folded text', async () => {
    // In one transaction so the setting and the plan share a connection (real PostgreSQL has a pool).
    const plan = await db.orm.em.fork().transactional(async (t) => {
      await t.execute('set local enable_seqscan = off');
      return (await t.execute(
        `explain select id from article where f_unaccent(lower(title || ' ' || sapo || ' ' || body)) ilike '%' || f_unaccent(lower('hanh chinh')) || '%'`,
      )) as { 'QUERY PLAN': string }[];
    });
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('article_search_trgm');
  });
});

import { ArticleBySlugDocument, ArticleForStaffDocument, ArticleListDocument, CreateArticleDocument, TransitionArticleDocument, UpdateArticleDocument } from '../gql/graphql';
import { Article } from '../../src/newsroom/article.entity';
import { ArticleRevision } from '../../src/newsroom/revision.entity';
import { Tag } from '../../src/newsroom/taxonomy.entity';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { em, signedInStaff } from './support';

const NOW = new Date('2026-05-01T00:00:00Z');

describe('slugs and bad input', () => {
  let db: TestDatabase;
  let server: TestServer;
  let STAFF: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase({ content: true }); // the shipped content, imported once per run
    STAFF = (await signedInStaff(db, undefined, () => NOW)).headers;
    server = await startTestServer(db, {}, () => NOW);
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  const create = (input: Parameters<typeof server.query<unknown, object>>[1]) => server.query(CreateArticleDocument, { input: input as never }, STAFF);
  const counts = async () => {
    const e = em(db);
    return { articles: await e.count(Article, {}), tags: await e.count(Tag, {}), revisions: await e.count(ArticleRevision, {}) };
  };

  describe('slugs', () => {
    it.each([
      ['Đức Thọ', 'duc-tho'],
      ['Đường về Đồng Lộc', 'duong-ve-dong-loc'],
      ['Huyện Kỳ Anh triển khai dịch vụ công', 'huyen-ky-anh-trien-khai-dich-vu-cong'],
      ['Thị xã Kỳ Anh triển khai dịch vụ công', 'thi-xa-ky-anh-trien-khai-dich-vu-cong'],
    ])('makes "%s" into %s', async (title, slug) => {
      const res = await create({ title });
      expect(res.errors).toBeUndefined();
      expect(res.data!.createArticle.slug).toBe(slug);
    });

    it('keeps the two Kỳ Anh apart: same title gets a numbered slug, and each unit filters its own articles', async () => {
      const huyen = await create({ title: 'Kỳ Anh', units: ['447'] });
      const thiXa = await create({ title: 'Kỳ Anh', units: ['449'] });
      expect([huyen.data!.createArticle.slug, thiXa.data!.createArticle.slug]).toEqual(['ky-anh', 'ky-anh-2']);
      const only447 = await server.query(ArticleListDocument, { unit: '447' }, STAFF);
      expect(only447.data!.articles.edges.map((e) => e.node.slug)).toEqual(['ky-anh']);
    });

    it('bounds the length of a generated slug', async () => {
      const res = await create({ title: 'Chỉ số cải cách hành chính '.repeat(8).trim() });
      expect(res.data!.createArticle.slug.length).toBeLessThanOrEqual(80);
      expect(res.data!.createArticle.slug).toMatch(/^chi-so-cai-cach-hanh-chinh-.*[a-z]$/);
    });

    it('an edited slug is normalised, and the old one resolves to the article with its current slug', async () => {
      const a = (await create({ title: 'Bài đổi đường dẫn' })).data!.createArticle;
      const edited = await server.query(UpdateArticleDocument, { id: a.id, version: 1, input: { slug: 'Đường dẫn MỚI' } }, STAFF);
      expect(edited.data!.updateArticle.slug).toBe('duong-dan-moi');
      const old = await server.query(ArticleBySlugDocument, { slug: 'bai-doi-duong-dan' }, STAFF);
      expect(old.data!.article).toMatchObject({ id: a.id, slug: 'duong-dan-moi' });
    });

    it('refuses a slug used by another article, now or before, with BAD_USER_INPUT on slug', async () => {
      const taken = await create({ title: 'Bài khác', slug: 'duc-tho' });
      expect(taken.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'slug' });
      const formerlyUsed = await create({ title: 'Bài khác nữa', slug: 'bai-doi-duong-dan' });
      expect(formerlyUsed.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'slug' });
    });
  });

  describe('bad input leaves nothing half-saved', () => {
    it.each([
      ['an empty title', { title: '   ' }, 'title'],
      ['an over-long title', { title: 'Tiêu đề dài '.repeat(30) }, 'title'],
      ['an unknown topic', { title: 'Bài có chủ đề lạ', topics: ['chu-de-khong-co'], tags: ['Nhãn mới tinh'] }, 'topics'],
      ['an unknown unit', { title: 'Bài có đơn vị lạ', units: ['999'], tags: ['Nhãn mới tinh'] }, 'units'],
      ['a slug without letters', { title: 'Bài có slug rỗng', slug: '---' }, 'slug'],
      ['an image the body shows but images lacks', { title: 'Bài thiếu ảnh', body: '![Ảnh](image:anh-9)' }, 'body'],
    ])('refuses %s with BAD_USER_INPUT naming the field', async (_what, input, field) => {
      const before = await counts();
      const res = await create(input);
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await counts()).toEqual(before);
    });

    it('lists every problem of one save at once', async () => {
      const res = await create({ title: '', topics: ['khong-co'], units: ['999'] });
      const problems = res.errors![0].extensions!.problems as { field: string }[];
      expect(problems.map((p) => p.field)).toEqual(['title', 'topics', 'units']);
    });

    it('refuses SCHEDULED with a publishAt in the past, keeping the article as it was', async () => {
      const a = (await create({ title: 'Hẹn giờ sai' })).data!.createArticle;
      const reviewed = await server.query(TransitionArticleDocument, { id: a.id, version: 1, to: 'IN_REVIEW' }, STAFF);
      const res = await server.query(TransitionArticleDocument, { id: a.id, version: 2, to: 'SCHEDULED', publishAt: new Date(NOW.getTime() - 1000).toISOString() }, STAFF);
      expect(reviewed.errors).toBeUndefined();
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'publishAt' });
      const now = await server.query(ArticleForStaffDocument, { slug: a.slug }, STAFF);
      expect(now.data!.article).toMatchObject({ state: 'IN_REVIEW', version: 2, publishAt: null });
      const missing = await server.query(TransitionArticleDocument, { id: a.id, version: 2, to: 'SCHEDULED' }, STAFF);
      expect(missing.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'publishAt' });
    });

    it('a bad update changes nothing, not even the version', async () => {
      const a = (await create({ title: 'Sửa sai' })).data!.createArticle;
      const res = await server.query(UpdateArticleDocument, { id: a.id, version: 1, input: { title: 'Sửa đúng', units: ['999'] } }, STAFF);
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'units' });
      const now = await server.query(ArticleForStaffDocument, { slug: a.slug }, STAFF);
      expect(now.data!.article).toMatchObject({ title: 'Sửa sai', version: 1 });
    });

    it('answers NOT_FOUND for an unknown article id', async () => {
      const res = await server.query(UpdateArticleDocument, { id: '987654', version: 1, input: { title: 'Không có' } }, STAFF);
      expect(res.errors![0].extensions!.code).toBe('NOT_FOUND');
    });

    it('stores text as NFC whatever the input form', async () => {
      const title = 'Việt Nam tiến bộ'.normalize('NFD');
      const res = await create({ title, tags: ['Tiếng Việt'.normalize('NFD')] });
      expect(res.data!.createArticle.title).toBe('Việt Nam tiến bộ'.normalize('NFC'));
      expect(res.data!.createArticle.tags[0].name).toBe('Tiếng Việt'.normalize('NFC'));
    });
  });
});

/** The article HTML as delivered: pictures that load, responsive and captioned; links to current slugs. */
import fs from 'node:fs';
import { importContent } from '../../src/content/importer';
import { ArticleState } from '../../src/newsroom/article.entity';
import { ArticleService } from '../../src/newsroom/article.service';
import { WorkflowService } from '../../src/newsroom/workflow.service';
import { ArticleHtmlDocument } from '../gql/graphql';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { freshMediaConfig } from '../media/helpers';
import { CONTENT_DIR, em, NEWSROOM_STEPS, publishedArticle, staff } from '../newsroom/support';
import { BODY_HOOKS } from '../../src/bodies/body.hooks';

const SEED = 'chi-so-cai-cach-hanh-chinh-tp-ha-tinh-lien-tuc-dung-dau-khoi-cap-huyen';

/** Attributes of every <img> in the HTML. */
const images = (html: string) => [...html.matchAll(/<img([^>]*)>/g)].map((m) => Object.fromEntries([...m[1].matchAll(/ ([a-z-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])));

describe('article HTML as delivered', () => {
  let db: TestDatabase;
  let server: TestServer;
  const media = freshMediaConfig();

  beforeAll(async () => {
    db = await createTestDatabase();
    await importContent(db.orm, CONTENT_DIR, NEWSROOM_STEPS, { media });
    server = await startTestServer(db, { media });
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
    fs.rmSync(media.dir, { recursive: true, force: true });
  });

  it("shows the seed article's six pictures as figures with variants, sizes, placeholder, alt and captions, LIVE and AS_PUBLISHED", async () => {
    const res = await server.query(ArticleHtmlDocument, { slug: SEED });
    expect(res.errors).toBeUndefined();
    for (const html of [res.data!.article.live, res.data!.article.published]) {
      expect(html).not.toContain('image:');
      expect(html).not.toMatch(/<p>\s*<figure/);
      expect(html.match(/<figure class="rd-image"/g)).toHaveLength(6);
      const imgs = images(html);
      expect(imgs).toHaveLength(6);
      for (const img of imgs) {
        expect(img.src).toMatch(/^\/media\/[0-9a-f-]{36}\/1280\.webp$/);
        expect(img.srcset.split(', ').map((c) => c.split(' ')[1])).toEqual(['160w', '320w', '480w', '640w', '768w', '1024w', '1200w']);
        expect(img.sizes).toBe('(max-width: 800px) 100vw, 760px');
        expect([img.width, img.height]).toEqual(['1200', '800']);
        expect(img.alt).toBe('Chỉ số cải cách hành chính TP Hà Tĩnh liên tục đứng đầu khối cấp huyện');
        expect(img['data-thumbhash']).toMatch(/^[A-Za-z0-9+/]+=*$/);
        expect(img.style).toMatch(/^background:#[0-9a-f]{6} url\(data:image\/png;base64,/);
      }
      // Five of the six photos have a caption on the page; the sixth has none. All carry the sample pictures' credit.
      const figcaptions = [...html.matchAll(/<figure class="rd-image"[^>]*>.*?<\/figure>/gs)].map((m) => /<figcaption>(.*?)<\/figcaption>/.exec(m[0])?.[1] ?? '');
      const captions = figcaptions.map((f) => f.replace(/<span class="rd-credit">.*<\/span>/, '').trim());
      expect(figcaptions.every((f) => f.includes('<span class="rd-credit">Ảnh minh họa (tạo tự động)</span>'))).toBe(true);
      expect(captions.filter(Boolean)).toHaveLength(5);
      expect(captions[1]).toBe('Phó Chủ tịch UBND TP Hà Tĩnh Phạm Hùng Cường trình bày báo cáo kết quả thực hiện công tác CCHC giai đoạn 2015 -2018 tại TP Hà Tĩnh');
      expect(captions[5]).toBe('');
    }
    // The variants the HTML names are served.
    const first = images(res.data!.article.live)[0];
    const variant = await fetch(`${server.url}${first.srcset.split(', ')[2].split(' ')[0]}`);
    expect(variant.status).toBe(200);
    expect(variant.headers.get('content-type')).toBe('image/webp');
  });

  it('points links to our articles at their current slug, and leaves other links alone', async () => {
    // Renamed while a draft (a live article's new slug waits in its pending revision), then published.
    const draft = await new ArticleService(em(db), staff(), new Date(), BODY_HOOKS).create({ title: 'Bài đã đổi đường dẫn', sapo: 'Sa pô', topics: [], slug: 'duong-dan-cu' });
    const renamed = await new ArticleService(em(db), staff(), new Date(), BODY_HOOKS).update(draft.id, draft.version, { slug: 'duong-dan-moi' });
    const w = new WorkflowService(em(db), staff(), new Date(), BODY_HOOKS);
    const reviewed = await w.transition(renamed.id, renamed.version, ArticleState.IN_REVIEW);
    await w.transition(renamed.id, reviewed.version, ArticleState.PUBLISHED, new Date('2024-01-02T00:00:00Z'));
    const body = [
      'Xem [bài cũ](/duong-dan-cu), [phần hai](/articles/duong-dan-cu#phan-hai), [bài không có](/khong-co-bai-nay)',
      'và [trang ngoài](https://baohatinh.vn/bai-viet).',
    ].join('\n');
    await publishedArticle(db, { title: 'Bài có liên kết', sapo: 'Sa pô', topics: [], slug: 'bai-co-lien-ket', body }, new Date('2024-01-03T00:00:00Z'));
    const res = await server.query(ArticleHtmlDocument, { slug: 'bai-co-lien-ket' });
    expect(res.errors).toBeUndefined();
    const html = res.data!.article.live;
    expect(html).toContain('<a href="/articles/duong-dan-moi" data-article-slug="duong-dan-moi">bài cũ</a>');
    expect(html).toContain('<a href="/articles/duong-dan-moi#phan-hai" data-article-slug="duong-dan-moi">phần hai</a>');
    expect(html).toContain('<a href="/khong-co-bai-nay">bài không có</a>');
    expect(html).toContain('<a href="https://baohatinh.vn/bai-viet" rel="noopener noreferrer">trang ngoài</a>');
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importContent } from '../../src/content/importer';
import { ImportFailedError } from '../../src/import-kit/problems';
import { Article } from '../../src/newsroom/article.entity';
import { ArticleBySlugDocument } from '../gql/graphql';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer } from '../support/server';
import { CONTENT_DIR, em, importNewsroomContent, NEWSROOM_STEPS } from './support';

const SEED = 'chi-so-cai-cach-hanh-chinh-tp-ha-tinh-lien-tuc-dung-dau-khoi-cap-huyen';

function contentWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-articles-'));
  fs.copyFileSync(path.join(CONTENT_DIR, 'units.csv'), path.join(dir, 'units.csv'));
  fs.copyFileSync(path.join(CONTENT_DIR, 'topics.yaml'), path.join(dir, 'topics.yaml'));
  fs.mkdirSync(path.join(dir, 'articles'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('importing content/articles', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await db.destroy();
  });

  it('imports the seed article in full with its topics, unit, source and captioned photos', async () => {
    const first = await importNewsroomContent(db);
    expect(first.stats.counts.articles).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(first.stats.counts.topics).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const server = await startTestServer(db, {}, () => new Date('2026-01-01T00:00:00Z'));
    try {
      const res = await server.query(ArticleBySlugDocument, { slug: SEED });
      expect(res.errors).toBeUndefined();
      const a = res.data!.article;
      expect(a).toMatchObject({
        title: 'Chỉ số cải cách hành chính TP Hà Tĩnh liên tục đứng đầu khối cấp huyện',
        publishedAt: '2019-06-12T17:00:00.000Z', // 13/6/2019 in Hà Tĩnh (UTC+7)
        source: 'Baohatinh.vn',
        externalStub: false,
        topics: [
          { slug: 'hoat-dong-cua-lanh-dao-tinh', name: 'Hoạt động của lãnh đạo tỉnh' },
          { slug: 'cai-cach-hanh-chinh', name: 'Cải cách hành chính' },
        ],
        units: [{ code: '436', name: 'Thành phố Hà Tĩnh' }],
      });
      expect(a.sapo).toMatch(/^Ngày 13\/6, đoàn giám sát của Thường trực HĐND tỉnh Hà Tĩnh/);
      expect(a.images).toHaveLength(6);
      expect(a.images[0].url).toMatch(/^\/media\/[0-9a-f-]{36}\/1280\.webp$/); // a generated sample picture (see images.test.ts)
      expect(a.images[0]).toMatchObject({ ref: 'anh-1', caption: 'Phó Chủ tịch HĐND tỉnh Trương Thanh Huyền, lãnh đạo UBND TP Hà Tĩnh và các đơn vị liên quan cùng dự.' });
      expect(a.images[4].caption).toBe('Chủ tịch UBND TP Hà Tĩnh Trịnh Văn Ngọc tiếp thu và giải trình một số vấn đề liên quan.');
      expect(a.markdown.match(/!\[[^\]]*\]\(image:anh-\d\)/g)).toHaveLength(6);
      expect(a.markdown).toContain('đa dạng hóa các hình thức tuyên truyền về CCHC');
      expect(a.markdown).not.toContain('Chủ đề'); // the topic lines of the page are data, not text
      expect(a.markdown.normalize('NFC')).toBe(a.markdown);

      const stub = await server.query(ArticleBySlugDocument, { slug: 'ky-hop-20-hdnd-tinh-ha-tinh-thao-luan-thong-qua-nhieu-nghi-quyet-quan-trong' });
      expect(stub.data!.article).toMatchObject({
        externalStub: true,
        source: 'Baohatinh.vn',
        title: 'Kỳ họp 20, HĐND tỉnh Hà Tĩnh thảo luận, thông qua nhiều nghị quyết quan trọng',
      });
    } finally {
      await server.stop();
    }
  });

  it('a second import changes nothing and says so', async () => {
    await importNewsroomContent(db);
    const version = (await em(db).findOneOrFail(Article, { slug: SEED })).version;
    const second = await importNewsroomContent(db);
    expect(second.stats.changed).toBe(false);
    expect(second.stats.summary()).toContain('nothing changed');
    expect((await em(db).findOneOrFail(Article, { slug: SEED })).version).toBe(version);
  });

  it('an edited file updates its article and keeps an IMPORT revision', async () => {
    const file = (title: string) => `---\nslug: bai-thu\ntitle: ${title}\nstate: PUBLISHED\npublishedAt: 2024-01-02T08:00:00+07:00\nunits: ["436"]\n---\n\nNội dung.\n`;
    await importContent(db.orm, contentWith({ 'articles/bai-thu.md': file('Bài thử') }), NEWSROOM_STEPS);
    const result = await importContent(db.orm, contentWith({ 'articles/bai-thu.md': file('Bài thử (sửa)') }), NEWSROOM_STEPS);
    expect(result.stats.counts.articles).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const a = await em(db).findOneOrFail(Article, { slug: 'bai-thu' });
    expect(a).toMatchObject({ title: 'Bài thử (sửa)', version: 2 });
  });

  it('reports every problem with file, line and field, and imports nothing', async () => {
    const dir = contentWith({
      'articles/hong.md': [
        '---',
        'slug: bai-hong',
        'title: ""',
        'state: PUBLISHED',
        'publishedAt: 13/06/2019',
        'topics: [Chủ đề không có]',
        'units: ["999"]',
        'mystery: 1',
        '---',
        '',
        '![Ảnh](image:anh-9)',
      ].join('\n'),
      'articles/khong-front-matter.md': 'Chỉ có chữ.\n',
    });
    let error: ImportFailedError | undefined;
    try {
      await importContent(db.orm, dir, NEWSROOM_STEPS);
    } catch (e) {
      error = e as ImportFailedError;
    }
    expect(error).toBeInstanceOf(ImportFailedError);
    const found = error!.problems.map((p) => [path.basename(p.file), p.row, p.column]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['hong.md', 3, 'title'],
        ['hong.md', 5, 'publishedAt'],
        ['hong.md', 6, 'topics'],
        ['hong.md', 7, 'units'],
        ['hong.md', 8, 'mystery'],
        ['hong.md', 11, 'body'],
        ['khong-front-matter.md', 1, undefined],
      ]),
    );
    expect(await em(db).count(Article, {})).toBe(0);
  });
});

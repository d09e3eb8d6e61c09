/**
 * A frontend sees the same JSON, byte for byte, whatever the read path does inside: anonymous
 * responses of the article page, the front page, lists with filters, old slugs, topic pages and
 * ranking tables are compared with golden files recorded from the code before the lean read path
 * (`npm run golden:record` writes them; see test/fixtures/public-reads/README.md).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { loadMediaConfig } from '../../src/config';
import { importContent } from '../../src/content/importer';
import { recordDuePublications } from '../../src/newsroom/publication';
import { ArticleService } from '../../src/newsroom/article.service';
import { ArticleState } from '../../src/newsroom/article.entity';
import { WorkflowService } from '../../src/newsroom/workflow.service';
import { ARTICLE_QUERY, FRONT_PAGE_QUERY } from '../../bench/article-page';
import {
  GoldenArticleByIdDocument,
  GoldenArticleFullDocument,
  GoldenArticleListDocument,
  GoldenArticlePublishedDocument,
  GoldenRankingTableDocument,
  GoldenTopicPageDocument,
  GoldenTopicsDocument,
} from '../gql/graphql';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { em, publishedArticle, staff, CONTENT_DIR } from '../newsroom/support';
import { BODY_HOOKS } from '../../src/bodies/body.hooks';

const GOLDEN_DIR = path.resolve(__dirname, '../fixtures/public-reads');
const RECORD = process.env.RECORD_GOLDEN === '1';
const NOW = new Date('2026-06-01T08:00:00Z');
const SEED_SLUG = 'chi-so-cai-cach-hanh-chinh-tp-ha-tinh-lien-tuc-dung-dau-khoi-cap-huyen';
const day = (n: number) => new Date(Date.UTC(2026, 4, n, 7, 30));

/** Illustrative articles (not real news) around the shipped content: topics, tags, units, covers, an old slug, a pending change, a future and a draft piece. */
async function seedArticles(db: TestDatabase): Promise<{ renamedFrom: string; pendingId: number }> {
  const topics = [['cai-cach-hanh-chinh'], ['hoat-dong-cua-lanh-dao-tinh'], ['cai-cach-hanh-chinh', 'hoat-dong-cua-lanh-dao-tinh'], []];
  const units = ['436', '437', '440', '445', '42'];
  const ids: number[] = [];
  for (let n = 1; n <= 12; n++) {
    ids.push(
      await publishedArticle(
        db,
        {
          title: `Bài minh họa số ${n}: cải cách thủ tục ở Hà Tĩnh`,
          sapo: `Sa pô minh họa số ${n} (không phải tin thật).`,
          body: `Đoạn thứ nhất của bài minh họa số ${n}.\n\nThành phố Hà Tĩnh đạt {{score unit=436 index=cchc-cap-huyen-ha-tinh edition=2018}}.`,
          topics: topics[n % topics.length],
          tags: n % 3 === 0 ? ['CCHC', 'Bài minh họa'] : ['Bài minh họa'],
          units: [units[n % units.length]],
          authors: n % 2 ? [{ name: 'Phóng viên Minh Họa', role: 'Phóng viên (minh họa)' }] : [],
          source: 'ReformDesk (bài minh họa)',
          coverImage: n % 4 === 3 ? null : { ref: null, url: null, caption: `Ảnh minh họa số ${n}`, alt: `Ảnh bài minh họa số ${n}` },
        },
        day(n),
        day(n),
      ),
    );
  }
  const editor = (at: Date) => new ArticleService(em(db), staff(), at, BODY_HOOKS);
  // A renamed live article: its first slug must still find it (with the new slug to redirect to).
  const renamed = await editor(day(13)).create({ title: 'Bài minh họa có tên cũ', sapo: 'Đổi tên sau khi đăng.', body: 'Nội dung minh họa.', topics: ['cai-cach-hanh-chinh'] });
  const flow = (at: Date) => new WorkflowService(em(db), staff(), at, BODY_HOOKS);
  const reviewed = await flow(day(13)).transition(renamed.id, renamed.version, ArticleState.IN_REVIEW);
  const live = await flow(day(13)).transition(renamed.id, reviewed.version, ArticleState.PUBLISHED, day(13));
  const renamedLive = await editor(day(14)).update(renamed.id, live.version, { slug: 'bai-minh-hoa-da-doi-ten' });
  await flow(day(14)).publishPending(renamed.id, renamedLive.version);
  // A live article with changes waiting: readers see the live text only.
  const pendingId = ids[0];
  const current = await em(db).getConnection().execute('select version from article where id = ?', [pendingId]);
  await editor(day(15)).update(pendingId, (current[0] as { version: number }).version, { title: 'Tiêu đề chưa duyệt (không được lộ ra)' });
  // Scheduled after NOW and a draft: neither may appear.
  const later = await editor(day(15)).create({ title: 'Bài hẹn giờ minh họa', sapo: 'Chưa tới giờ.', topics: ['cai-cach-hanh-chinh'] });
  const laterReviewed = await flow(day(15)).transition(later.id, later.version, ArticleState.IN_REVIEW);
  await flow(day(15)).transition(later.id, laterReviewed.version, ArticleState.SCHEDULED, new Date('2026-07-01T00:00:00Z'));
  await editor(day(15)).create({ title: 'Bản nháp minh họa', sapo: 'Chưa duyệt.', topics: ['cai-cach-hanh-chinh'] });
  return { renamedFrom: renamed.slug, pendingId };
}

/** Media ids are random UUIDs: each becomes <uuid-N> by order of first appearance, so the rest compares byte for byte. */
function normaliseIds(text: string): string {
  const seen = new Map<string, string>();
  return text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => {
    if (!seen.has(id)) seen.set(id, `<uuid-${seen.size + 1}>`);
    return seen.get(id)!;
  });
}

describe('anonymous public reads answer the same bytes as before the lean read path', () => {
  let db: TestDatabase;
  let server: TestServer;
  let mediaDir: string;
  const cases: [string, string, Record<string, unknown>][] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reformdesk-golden-media-'));
    const media = loadMediaConfig({ MEDIA_DIR: mediaDir });
    await importContent(db.orm, CONTENT_DIR, undefined, { media });
    const { renamedFrom, pendingId } = await seedArticles(db);
    await recordDuePublications(db.orm, BODY_HOOKS, NOW);
    // production: no stack traces in errors; no debug extensions, so the bytes are the response itself.
    server = await startTestServer(db, { env: 'production', debugSql: false, media }, () => NOW);
    const doc = (d: TypedDocumentNode<any, any>) => print(d);
    const list = doc(GoldenArticleListDocument);
    cases.push(
      ['bench-article-page', ARTICLE_QUERY, { slug: SEED_SLUG }],
      ['bench-front-page', FRONT_PAGE_QUERY, {}],
      ['article-full-seed', doc(GoldenArticleFullDocument), { slug: SEED_SLUG }],
      ['article-full-hdnd', doc(GoldenArticleFullDocument), { slug: 'ky-hop-20-hdnd-tinh-ha-tinh-thao-luan-thong-qua-nhieu-nghi-quyet-quan-trong' }],
      ['article-full-illustrative', doc(GoldenArticleFullDocument), { slug: 'bai-minh-hoa-so-2-cai-cach-thu-tuc-o-ha-tinh' }],
      ['article-published-seed', doc(GoldenArticlePublishedDocument), { slug: SEED_SLUG }],
      ['article-published-illustrative', doc(GoldenArticlePublishedDocument), { slug: 'bai-minh-hoa-so-2-cai-cach-thu-tuc-o-ha-tinh' }],
      ['article-old-slug', doc(GoldenArticleFullDocument), { slug: renamedFrom }],
      ['article-pending-change', doc(GoldenArticleFullDocument), { slug: 'bai-minh-hoa-so-1-cai-cach-thu-tuc-o-ha-tinh' }],
      ['article-lenient-slug', doc(GoldenArticleFullDocument), { slug: 'Bài minh họa số 3: cải cách thủ tục ở Hà Tĩnh' }],
      ['article-scheduled-not-found', doc(GoldenArticleFullDocument), { slug: 'bai-hen-gio-minh-hoa' }],
      ['article-draft-not-found', doc(GoldenArticleFullDocument), { slug: 'ban-nhap-minh-hoa' }],
      ['article-by-id', doc(GoldenArticleByIdDocument), { id: String(pendingId) }],
      ['list-default', list, {}],
      ['list-first-5', list, { first: 5 }],
      ['list-page-2', list, { first: 5, after: Buffer.from('o:4').toString('base64url') }],
      ['list-past-end', list, { first: 5, after: Buffer.from('o:40').toString('base64url') }],
      ['list-first-0', list, { first: 0 }],
      ['list-topic', list, { topic: 'cai-cach-hanh-chinh' }],
      ['list-tag', list, { tag: 'CCHC' }],
      ['list-unit-province', list, { unit: '42' }],
      ['list-unit-district', list, { unit: '436' }],
      ['list-author', list, { author: 'phong-vien-minh-hoa' }],
      ['list-search', list, { search: 'cai cach thu tuc' }],
      ['list-search-diacritics', list, { search: 'Hà Tĩnh' }],
      ['list-published-window', list, { publishedFrom: '2026-05-03T00:00:00Z', publishedTo: '2026-05-08T00:00:00Z' }],
      ['list-bad-cursor', list, { after: 'not-a-cursor' }],
      ['topics', doc(GoldenTopicsDocument), {}],
      ['topic-page', doc(GoldenTopicPageDocument), { topic: 'cai-cach-hanh-chinh' }],
      ['topic-page-leaders', doc(GoldenTopicPageDocument), { topic: 'hoat-dong-cua-lanh-dao-tinh' }],
      ['ranking-districts-2018', doc(GoldenRankingTableDocument), { index: 'cchc-cap-huyen-ha-tinh', year: 2018, highlight: ['436'] }],
      ['ranking-districts-latest-top3', doc(GoldenRankingTableDocument), { index: 'cchc-cap-huyen-ha-tinh', first: 3 }],
      ['ranking-par-index', doc(GoldenRankingTableDocument), { index: 'par-index-cap-tinh' }],
      ['ranking-unknown-index', doc(GoldenRankingTableDocument), { index: 'khong-co' }],
    );
  });
  afterAll(async () => {
    await server?.stop();
    await db?.destroy();
    if (mediaDir) fs.rmSync(mediaDir, { recursive: true, force: true });
  });

  it('answers every golden request with the recorded bytes', async () => {
    if (RECORD) fs.mkdirSync(GOLDEN_DIR, { recursive: true });
    const differing: string[] = [];
    for (const [name, query, variables] of cases) {
      const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      const text = `${res.status}\n${normaliseIds(await res.text())}`;
      const file = path.join(GOLDEN_DIR, `${name}.txt`);
      if (RECORD) fs.writeFileSync(file, text);
      else if (fs.readFileSync(file, 'utf8') !== text) differing.push(name);
    }
    expect(differing).toEqual([]);
  });

  it('golden files were recorded with content worth comparing', () => {
    const failed = cases.filter(
      ([name]) => !/not-found|unknown|bad-cursor/.test(name) && !fs.readFileSync(path.join(GOLDEN_DIR, `${name}.txt`), 'utf8').startsWith('200\n{"data"'),
    );
    expect(failed.map(([name]) => name)).toEqual([]);
    const page = fs.readFileSync(path.join(GOLDEN_DIR, 'bench-article-page.txt'), 'utf8');
    expect(page.startsWith('200\n')).toBe(true);
    expect(page).toContain('RankingWidgetBlock');
    expect(fs.readFileSync(path.join(GOLDEN_DIR, 'list-default.txt'), 'utf8')).toContain('"totalCount":15');
    expect(fs.readFileSync(path.join(GOLDEN_DIR, 'article-draft-not-found.txt'), 'utf8')).toContain('NOT_FOUND');
  });
});

/**
 * Every write path evicts what it changed: read anonymously (warm, a hit), write, read again →
 * the new state on the first read after the write returns, on the writing server and on a
 * second one. With PostgreSQL and REDIS_URL the second server has its own ORM and both share
 * the Redis store and change channel (two instances); otherwise both run on one database and
 * each keeps its own in-process store.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  ArticleBySlugDocument,
  ArticleListDocument,
  CorrectScoreMDocument,
  CreateArticleDocument,
  CreateEditionMDocument,
  EditionsQDocument,
  ImportScoresMDocument,
  PublishEditionMDocument,
  PublishPendingDocument,
  RankingTableQDocument,
  RestoreRevisionDocument,
  TopicsWithCountsDocument,
  TransitionArticleDocument,
  UpdateArticleDocument,
} from '../gql/graphql';
import { CONTENT_STEPS, importContent, importFile } from '../../src/content/importer';
import { openDatabase, type Database } from '../../src/db/orm';
import { createTestDatabase, type TestDatabase, testTargetKind } from '../support/db';
import type { TestServer } from '../support/server';
import type { TestAccount } from '../support/accounts';
import { signedInStaff } from '../newsroom/support';
import { rankingContent, smallMethodology, smallScores } from '../rankings/support';
import { cacheConfig, cachedServer, clearRedisPrefix, post, smallNewsroom, uniquePrefix, warm } from './support';
import { purgeSharedCacheOnWrites } from '../../src/cache';

const NOW = new Date();
const SLUG = 'chi-so-thu-nghiem-bo-nho-dem';
const twoInstances = testTargetKind() === 'postgres' && !!process.env.REDIS_URL;

describe(`cache invalidation on every write path (${twoInstances ? 'two instances over PostgreSQL + Redis' : 'two servers, one process'})`, () => {
  let db: TestDatabase;
  let second: Database | null = null;
  let a: TestServer;
  let b: TestServer;
  let editor: TestAccount;
  let dir: string;
  let keyPrefix = '';
  const H = () => editor.headers;

  beforeAll(async () => {
    db = await createTestDatabase();
    await smallNewsroom(db, 3, NOW);
    dir = rankingContent({
      [`${SLUG}.methodology.yaml`]: smallMethodology(SLUG, [2023, 2024]),
      [`${SLUG}.scores.csv`]: smallScores(SLUG, [
        [2023, '436', 40, 20, 30],
        [2023, '437', 30, 10, 30],
        [2024, '436', 40, 20, 35],
        [2024, '437', 30, 15, 30],
      ]),
    });
    await importContent(db.orm, dir);
    editor = await signedInStaff(db);
    if (twoInstances) {
      keyPrefix = uniquePrefix('two-instances');
      second = await openDatabase({ database: db.target, connectTimeoutMs: 8000 });
      a = await cachedServer(db, undefined, { redis: true, keyPrefix });
      b = await cachedServer(second, undefined, { redis: true, keyPrefix });
    } else {
      a = await cachedServer(db);
      b = await cachedServer(db);
    }
  }, 180_000);
  afterAll(async () => {
    await a.stop();
    await b.stop();
    await second?.close();
    await clearRedisPrefix(keyPrefix);
    await db.destroy();
  });

  const titles = async (s: TestServer) => (await post(s, ArticleListDocument, { first: 20 })).body.data!.articles.edges.map((e) => e.node.title);
  const warmBoth = async () => {
    await warm(a, ArticleListDocument, { first: 20 });
    await warm(b, ArticleListDocument, { first: 20 });
  };
  const ok = <T>(r: { body: { data?: T | null; errors?: unknown[] } }): T => {
    expect(r.body.errors).toBeUndefined();
    return r.body.data as T;
  };

  let liveId = '';
  let liveVersion = 0;

  it('create + publish an article: it appears in cached listings', async () => {
    await warmBoth();
    const created = ok(await post(a, CreateArticleDocument, { input: { title: 'Bài mới về cải cách hành chính', topics: ['cai-cach-hanh-chinh'] } }, H()));
    liveId = created.createArticle.id;
    const reviewed = ok(await post(a, TransitionArticleDocument, { id: liveId, version: created.createArticle.version, to: 'IN_REVIEW' }, H()));
    // a draft moving to review changes nothing an anonymous reader sees
    expect(await titles(b)).not.toContain('Bài mới về cải cách hành chính');
    await warmBoth();
    const published = ok(await post(a, TransitionArticleDocument, { id: liveId, version: reviewed.transitionArticle.version, to: 'PUBLISHED' }, H()));
    liveVersion = published.transitionArticle.version;
    expect(await titles(a)).toContain('Bài mới về cải cách hành chính');
    expect(await titles(b)).toContain('Bài mới về cải cách hành chính');
  });

  it('update a live article (pending) then publish the pending revision: the new title shows', async () => {
    const slug = ok(await post(a, ArticleBySlugDocument, { slug: 'bai-moi-ve-cai-cach-hanh-chinh' })).article!.slug;
    await warm(b, ArticleBySlugDocument, { slug });
    await warmBoth();
    const updated = ok(await post(a, UpdateArticleDocument, { id: liveId, version: liveVersion, input: { title: 'Bài mới (đã sửa tiêu đề)' } }, H()));
    // pending changes are not live yet: readers still get the published title
    expect(await titles(b)).toContain('Bài mới về cải cách hành chính');
    const live = ok(await post(a, PublishPendingDocument, { id: liveId, version: updated.updateArticle.version }, H()));
    liveVersion = live.publishPendingRevision.version;
    expect(await titles(a)).toContain('Bài mới (đã sửa tiêu đề)');
    expect(await titles(b)).toContain('Bài mới (đã sửa tiêu đề)');
    expect(ok(await post(b, ArticleBySlugDocument, { slug })).article!.title).toBe('Bài mới (đã sửa tiêu đề)');
  });

  it('restore an older revision and publish it: the old title is back', async () => {
    await warmBoth();
    const restored = ok(await post(a, RestoreRevisionDocument, { id: liveId, version: liveVersion, revision: 1 }, H()));
    const live = ok(await post(a, PublishPendingDocument, { id: liveId, version: restored.restoreArticleRevision.version }, H()));
    liveVersion = live.publishPendingRevision.version;
    expect(await titles(b)).toContain('Bài mới về cải cách hành chính');
    expect(await titles(b)).not.toContain('Bài mới (đã sửa tiêu đề)');
  });

  it('archive a live article: it leaves cached listings', async () => {
    await warmBoth();
    ok(await post(a, TransitionArticleDocument, { id: liveId, version: liveVersion, to: 'ARCHIVED' }, H()));
    expect(await titles(a)).not.toContain('Bài mới về cải cách hành chính');
    expect(await titles(b)).not.toContain('Bài mới về cải cách hành chính');
  });

  const row437 = async (s: TestServer) => {
    const table = ok(await post(s, RankingTableQDocument, { index: SLUG, year: 2024 })).rankingTable;
    return table.rows.find((r) => r.unit.code === '437')!.total;
  };

  it('correct a score: cached ranking tables show the corrected total', async () => {
    await warm(a, RankingTableQDocument, { index: SLUG, year: 2024 });
    await warm(b, RankingTableQDocument, { index: SLUG, year: 2024 });
    expect(await row437(b)).toBe(75);
    ok(await post(a, CorrectScoreMDocument, { input: { index: SLUG, year: 2024, unit: '437', field: 'B', value: 40, reason: 'Sai sót khi nhập liệu' } }, H()));
    expect(await row437(a)).toBe(85);
    expect(await row437(b)).toBe(85);
  });

  it('import scores through GraphQL: cached tables change', async () => {
    await warm(b, RankingTableQDocument, { index: SLUG, year: 2024 });
    const csv = smallScores(SLUG, [
      [2024, '436', 40, 20, 35],
      [2024, '437', 30, 15, 20],
    ]);
    // Forced: the file overwrites the correction made through the API just before (see docs/rankings.md).
    ok(await post(a, ImportScoresMDocument, { csv, reason: 'Số liệu sửa lại', force: true }, H()));
    expect(await row437(b)).toBe(65);
  });

  it('import a scores file (as `npm run import` does): cached tables change', async () => {
    await warm(a, RankingTableQDocument, { index: SLUG, year: 2024 });
    await warm(b, RankingTableQDocument, { index: SLUG, year: 2024 });
    const file = path.join(dir, 'data', `${SLUG}.scores.csv`);
    fs.writeFileSync(
      file,
      smallScores(SLUG, [
        [2023, '436', 40, 20, 30],
        [2023, '437', 30, 10, 30],
        [2024, '436', 40, 20, 35],
        [2024, '437', 30, 15, 25],
      ]),
    );
    if (twoInstances) {
      // a third process-like ORM, as `npm run import` with REDIS_URL: it purges the shared store itself
      const cli = await openDatabase({ database: db.target, connectTimeoutMs: 8000 });
      const purged = purgeSharedCacheOnWrites(cli, cacheConfig({ redis: true, keyPrefix }));
      try {
        await importFile(cli.orm, file, CONTENT_STEPS, { force: { reason: 'Số liệu chính thức' } });
      } finally {
        await purged();
        await cli.close();
      }
    } else {
      await importFile(db.orm, file, CONTENT_STEPS, { force: { reason: 'Số liệu chính thức' } });
    }
    expect(await row437(a)).toBe(70);
    expect(await row437(b)).toBe(70);
  });

  it('create and publish an edition: cached edition lists and latest tables change', async () => {
    await warm(b, EditionsQDocument, { index: SLUG });
    const criteria = JSON.stringify([
      {
        code: 'A',
        title: 'Lĩnh vực A',
        max: 60,
        children: [
          { code: 'A1', title: 'Tiêu chí A1', max: 40 },
          { code: 'A2', title: 'Tiêu chí A2', max: 20 },
        ],
      },
      { code: 'B', title: 'Lĩnh vực B', max: 40 },
    ]);
    ok(await post(a, CreateEditionMDocument, { input: { index: SLUG, year: 2025, title: 'Năm 2025', criteria } }, H()));
    ok(
      await post(
        a,
        ImportScoresMDocument,
        {
          csv: smallScores(SLUG, [
            [2025, '436', 30, 20, 30],
            [2025, '437', 40, 20, 40],
          ]),
        },
        H(),
      ),
    );
    expect(ok(await post(b, EditionsQDocument, { index: SLUG })).editions.map((e) => e.year)).toEqual([2023, 2024]);
    await warm(b, EditionsQDocument, { index: SLUG });
    ok(await post(a, PublishEditionMDocument, { index: SLUG, year: 2025 }, H()));
    expect(ok(await post(b, EditionsQDocument, { index: SLUG })).editions.map((e) => e.year)).toEqual([2023, 2024, 2025]);
  });

  it('edit the taxonomy (topics file import): cached topic lists change', async () => {
    await warm(b, TopicsWithCountsDocument);
    const topicsDir = fs.mkdtempSync(path.join(path.dirname(dir), 'rd-topics-'));
    fs.writeFileSync(path.join(topicsDir, 'topics.yaml'), '- slug: cai-cach-hanh-chinh\n  name: Cải cách hành chính công\n  description: CCHC\n');
    await importContent(
      db.orm,
      topicsDir,
      CONTENT_STEPS.filter((s) => s.name === 'topics'),
    );
    const names = ok(await post(b, TopicsWithCountsDocument)).topics.map((t) => t.name);
    expect(names).toContain('Cải cách hành chính công');
  });
});

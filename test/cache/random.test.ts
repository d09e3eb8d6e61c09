/**
 * A seeded random interleaving of writes, clock moves and anonymous reads; every answer of the
 * cached server must equal the answer of an uncached server over the same database and clock.
 */
import {
  ArticleBySlugDocument,
  ArticleListDocument,
  CorrectScoreMDocument,
  CreateArticleDocument,
  PublishPendingDocument,
  RankingTableQDocument,
  TopicsWithCountsDocument,
  TransitionArticleDocument,
  UpdateArticleDocument,
} from '../gql/graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { createTestDatabase, type TestDatabase } from '../support/db';
import type { TestServer } from '../support/server';
import { testClock, type TestAccount } from '../support/accounts';
import { signedInStaff } from '../newsroom/support';
import { importSmallIndex } from '../rankings/support';
import { cachedServer, post, smallNewsroom, uncachedServer } from './support';

const SEED = 20261128;
const STEPS = 60;
const SLUG = 'chi-so-ngau-nhien';
const T0 = new Date('2026-06-01T01:00:00Z');

/** mulberry32: small, seeded, reproducible. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('cached answers equal uncached answers under random interleaving', () => {
  let db: TestDatabase;
  let cached: TestServer;
  let uncached: TestServer;
  let editor: TestAccount;
  const clock = testClock(T0);
  beforeAll(async () => {
    db = await createTestDatabase();
    await smallNewsroom(db, 3, T0);
    await importSmallIndex(db, SLUG);
    editor = await signedInStaff(db, 'Biên tập viên Ngẫu nhiên', clock.now);
    cached = await cachedServer(db, clock.now);
    uncached = await uncachedServer(db, clock.now);
  }, 180_000);
  afterAll(async () => {
    await cached.stop();
    await uncached.stop();
    await db.destroy();
  });

  it(`holds for ${STEPS} seeded steps (seed ${SEED})`, async () => {
    const rnd = random(SEED);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
    const articles: { id: string; version: number; slug: string }[] = [];
    const data = <T>(r: { body: { data?: T | null; errors?: unknown[] } }): T => {
      expect(r.body.errors).toBeUndefined();
      return r.body.data as T;
    };
    const staffPost = <T, V>(doc: TypedDocumentNode<T, V>, vars: V) => post(cached, doc, vars, editor.headers).then(data);
    let hits = 0;
    let reads = 0;
    const compare = async (label: string, doc: TypedDocumentNode<any, any>, vars?: unknown) => {
      const c = await post(cached, doc, vars);
      const u = await post(uncached, doc, vars);
      if (c.headers.get('x-cache') === 'HIT') hits++;
      reads++;
      expect({ label, data: c.body.data ?? null, errors: c.body.errors?.map((e) => e.extensions?.code) }).toEqual({
        label,
        data: u.body.data ?? null,
        errors: u.body.errors?.map((e) => e.extensions?.code),
      });
    };

    for (let step = 0; step < STEPS; step++) {
      const action = rnd();
      if (action < 0.55) {
        const which = pick(['list', 'list-small', 'article', 'topics', 'ranking']);
        if (which === 'list') await compare(`step ${step} list`, ArticleListDocument, { first: 20 });
        else if (which === 'list-small') await compare(`step ${step} list 2`, ArticleListDocument, { first: 2 });
        else if (which === 'topics') await compare(`step ${step} topics`, TopicsWithCountsDocument);
        else if (which === 'ranking') await compare(`step ${step} ranking`, RankingTableQDocument, { index: SLUG, year: 2024 });
        else if (articles.length) await compare(`step ${step} article`, ArticleBySlugDocument, { slug: pick(articles).slug });
      } else if (action < 0.68) {
        const n = articles.length + 1;
        const created = (await staffPost(CreateArticleDocument, { input: { title: `Bài ngẫu nhiên ${n}`, topics: ['cai-cach-hanh-chinh'] } })).createArticle;
        const reviewed = (await staffPost(TransitionArticleDocument, { id: created.id, version: created.version, to: 'IN_REVIEW' })).transitionArticle;
        const schedule = rnd() < 0.5;
        const publishAt = schedule ? new Date(clock.now().getTime() + Math.floor(rnd() * 3) * 600_000 + 60_000).toISOString() : undefined;
        const live = (await staffPost(TransitionArticleDocument, { id: created.id, version: reviewed.version, to: schedule ? 'SCHEDULED' : 'PUBLISHED', publishAt }))
          .transitionArticle;
        articles.push({ id: created.id, version: live.version, slug: `bai-ngau-nhien-${n}` });
      } else if (action < 0.78 && articles.length) {
        const a = pick(articles);
        const updated = (await staffPost(UpdateArticleDocument, { id: a.id, version: a.version, input: { sapo: `Tóm tắt sửa lúc bước ${step}` } })).updateArticle;
        const live = await post(cached, PublishPendingDocument, { id: a.id, version: updated.version }, editor.headers);
        a.version = live.body.errors ? updated.version : live.body.data!.publishPendingRevision.version;
      } else if (action < 0.84 && articles.length) {
        const a = pick(articles);
        const r = await post(cached, TransitionArticleDocument, { id: a.id, version: a.version, to: 'ARCHIVED' }, editor.headers);
        if (!r.body.errors) a.version = r.body.data!.transitionArticle.version;
      } else if (action < 0.92) {
        await staffPost(CorrectScoreMDocument, {
          input: { index: SLUG, year: 2024, unit: pick(['436', '437']), field: 'B', value: Math.floor(rnd() * 40), reason: `Sửa ở bước ${step}` },
        });
      } else {
        clock.advance(Math.floor(rnd() * 900_000));
      }
    }
    // the run really exercised the cache
    expect(reads).toBeGreaterThan(20);
    expect(hits).toBeGreaterThan(0);
  });
});

/**
 * Time alone changes what readers see: a scheduled article goes live at publishAt and scheduled
 * pending changes at their time (put live by the publication sweep). Cached listings follow
 * exactly, on the server's injectable clock.
 */
import { ArticleListDocument, CreateArticleDocument, PublishPendingDocument, TransitionArticleDocument, UpdateArticleDocument } from '../gql/graphql';
import { recordDuePublications } from '../../src/newsroom/publication';
import { createTestDatabase, type TestDatabase } from '../support/db';
import type { TestServer } from '../support/server';
import { testClock, type TestAccount } from '../support/accounts';
import { signedInStaff } from '../newsroom/support';
import { cachedServer, post, smallNewsroom } from './support';
import { BODY_HOOKS } from '../../src/bodies/body.hooks';

const T0 = new Date('2026-06-01T01:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const HOUR = 3600_000;

describe('cached listings follow the clock', () => {
  let db: TestDatabase;
  let server: TestServer;
  let editor: TestAccount;
  const clock = testClock(T0);
  beforeAll(async () => {
    db = await createTestDatabase();
    await smallNewsroom(db, 2, T0);
    editor = await signedInStaff(db, 'Biên tập viên Lịch đăng', clock.now);
    server = await cachedServer(db, clock.now);
  }, 180_000);
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  const list = async () => {
    const r = await post(server, ArticleListDocument, { first: 20 });
    expect(r.body.errors).toBeUndefined();
    return { hit: r.headers.get('x-cache') === 'HIT', titles: r.body.data!.articles.edges.map((e) => e.node.title), cacheControl: r.headers.get('cache-control')! };
  };
  const ok = <T>(r: { body: { data?: T | null; errors?: unknown[] } }): T => {
    expect(r.body.errors).toBeUndefined();
    return r.body.data as T;
  };

  let id = '';
  let version = 0;

  it('shows a scheduled article in cached listings exactly at publishAt', async () => {
    const created = ok(await post(server, CreateArticleDocument, { input: { title: 'Bài đặt lịch đăng', topics: ['cai-cach-hanh-chinh'] } }, editor.headers));
    id = created.createArticle.id;
    const reviewed = ok(await post(server, TransitionArticleDocument, { id, version: created.createArticle.version, to: 'IN_REVIEW' }, editor.headers));
    const scheduled = ok(
      await post(server, TransitionArticleDocument, { id, version: reviewed.transitionArticle.version, to: 'SCHEDULED', publishAt: at(HOUR).toISOString() }, editor.headers),
    );
    version = scheduled.transitionArticle.version;

    const before = await list();
    expect(before.titles).not.toContain('Bài đặt lịch đăng');
    // browsers and CDNs are told not to keep it past the scheduled instant either
    expect(before.cacheControl).toBe('public, max-age=30, s-maxage=300, stale-while-revalidate=30');
    clock.set(at(HOUR - 200_000));
    expect((await list()).cacheControl).toMatch(/s-maxage=200, stale-while-revalidate=0$/);
    clock.set(at(HOUR - 1));
    const justBefore = await list();
    expect(justBefore.hit).toBe(true);
    expect(justBefore.titles).not.toContain('Bài đặt lịch đăng');
    clock.set(at(HOUR));
    const onTime = await list();
    expect(onTime.titles).toContain('Bài đặt lịch đăng');
  });

  it('puts scheduled pending changes live at their time, through the sweep', async () => {
    const created = ok(await post(server, CreateArticleDocument, { input: { title: 'Bài đăng ngay', topics: ['cai-cach-hanh-chinh'] } }, editor.headers));
    id = created.createArticle.id;
    const reviewed = ok(await post(server, TransitionArticleDocument, { id, version: created.createArticle.version, to: 'IN_REVIEW' }, editor.headers));
    version = ok(await post(server, TransitionArticleDocument, { id, version: reviewed.transitionArticle.version, to: 'PUBLISHED' }, editor.headers)).transitionArticle.version;
    const updated = ok(await post(server, UpdateArticleDocument, { id, version, input: { title: 'Bài đăng ngay (bản sửa)' } }, editor.headers));
    ok(await post(server, PublishPendingDocument, { id, version: updated.updateArticle.version, publishAt: at(2 * HOUR).toISOString() }, editor.headers));
    const before = await list();
    expect(before.titles).toContain('Bài đăng ngay');
    clock.set(at(2 * HOUR - 1));
    const justBefore = await list();
    expect(justBefore.hit).toBe(true);
    expect(justBefore.titles).not.toContain('Bài đăng ngay (bản sửa)');
    clock.set(at(2 * HOUR));
    const report = await recordDuePublications(db.orm, BODY_HOOKS, clock.now());
    expect(report.pendingApplied).toEqual([Number(id)]);
    const after = await list();
    expect(after.hit).toBe(false);
    expect(after.titles).toContain('Bài đăng ngay (bản sửa)');
  });
});

import {
  ArticleForStaffDocument,
  ArticleBySlugDocument,
  ArticleListDocument,
  CompareRevisionsDocument,
  CreateArticleDocument,
  DiscardPendingDocument,
  PublishPendingDocument,
  RestoreRevisionDocument,
  TransitionArticleDocument,
  UpdateArticleDocument,
} from '../gql/graphql';
import { ArticleState } from '../../src/newsroom/article.entity';
import { canTransition, TRANSITIONS } from '../../src/newsroom/workflow';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import type { TestAccount } from '../support/accounts';
import { em, signedInStaff, staff } from './support';
import { Role } from '../../src/core/roles';
import { ArticleService } from '../../src/newsroom/article.service';
import { WorkflowService } from '../../src/newsroom/workflow.service';
import { ArticleQueries } from '../../src/newsroom/article.query';
import { BODY_HOOKS } from '../../src/bodies/body.hooks';

const T0 = new Date('2026-03-02T08:00:00Z');

describe('editorial workflow', () => {
  let db: TestDatabase;
  let server: TestServer;
  let clock = T0;
  let STAFF: Record<string, string>;
  // Other staff accounts, named with diacritics (they travel as names in the database, not in headers).
  let an: TestAccount, binh: TestAccount, cuong: TestAccount;
  beforeAll(async () => {
    db = await createTestDatabase({ content: true }); // the shipped content, imported once per run
    STAFF = (await signedInStaff(db, undefined, () => T0)).headers;
    an = await signedInStaff(db, 'Nguyễn Văn An', () => T0);
    binh = await signedInStaff(db, 'Trần Thị Bình', () => T0);
    cuong = await signedInStaff(db, 'Lê Văn Cường', () => T0);
    server = await startTestServer(db, {}, () => clock);
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });
  beforeEach(() => {
    clock = T0;
  });

  async function draft(title: string) {
    const res = await server.query(CreateArticleDocument, { input: { title, sapo: 'Sa pô thử nghiệm', topics: ['cai-cach-hanh-chinh'], units: ['436'] } }, STAFF);
    expect(res.errors).toBeUndefined();
    return res.data!.createArticle;
  }
  const move = (id: string, version: number, to: ArticleState, publishAt?: Date) =>
    server.query(TransitionArticleDocument, { id, version, to, publishAt: publishAt?.toISOString() }, STAFF);

  it('allows exactly the transitions of the table', () => {
    const all = Object.values(ArticleState);
    const allowed = all.flatMap((from) => all.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`));
    expect(allowed.sort()).toEqual(
      [
        'DRAFT→IN_REVIEW',
        'IN_REVIEW→DRAFT',
        'IN_REVIEW→SCHEDULED',
        'IN_REVIEW→PUBLISHED',
        'SCHEDULED→DRAFT',
        'SCHEDULED→IN_REVIEW',
        'SCHEDULED→PUBLISHED',
        'PUBLISHED→DRAFT',
        'PUBLISHED→ARCHIVED',
        'ARCHIVED→DRAFT',
        'ARCHIVED→PUBLISHED',
      ].sort(),
    );
    expect(TRANSITIONS.DRAFT).not.toContain(ArticleState.PUBLISHED);
  });

  it('refuses a forbidden transition naming it, and changes nothing', async () => {
    const a = await draft('Bài chưa duyệt không được đăng');
    const res = await move(a.id, a.version, ArticleState.PUBLISHED);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'state', transition: 'DRAFT → PUBLISHED', allowed: ['IN_REVIEW'] });
    expect(res.errors![0].message).toContain('DRAFT to PUBLISHED');
    const after = await server.query(ArticleForStaffDocument, { slug: a.slug }, STAFF);
    expect(after.data!.article).toMatchObject({ state: 'DRAFT', version: 1 });
  });

  it('walks DRAFT → IN_REVIEW → PUBLISHED → ARCHIVED → DRAFT', async () => {
    const a = await draft('Một vòng đời bài viết');
    const r1 = await move(a.id, 1, ArticleState.IN_REVIEW);
    const r2 = await move(a.id, r1.data!.transitionArticle.version, ArticleState.PUBLISHED);
    expect(r2.data!.transitionArticle).toMatchObject({ state: 'PUBLISHED', publishedAt: T0.toISOString() });
    const r3 = await move(a.id, r2.data!.transitionArticle.version, ArticleState.ARCHIVED);
    expect(r3.data!.transitionArticle.state).toBe('ARCHIVED');
    expect((await server.query(ArticleBySlugDocument, { slug: a.slug })).errors![0].extensions!.code).toBe('NOT_FOUND');
    const r4 = await move(a.id, r3.data!.transitionArticle.version, ArticleState.DRAFT);
    expect(r4.data!.transitionArticle).toMatchObject({ state: 'DRAFT', version: 5 });
  });

  it('a scheduled article becomes visible exactly at publishAt, decided by the clock', async () => {
    const publishAt = new Date(T0.getTime() + 60 * 60 * 1000);
    const a = await draft('Hẹn giờ đăng đúng giờ');
    const reviewed = await move(a.id, 1, ArticleState.IN_REVIEW);
    const scheduled = await move(a.id, reviewed.data!.transitionArticle.version, ArticleState.SCHEDULED, publishAt);
    expect(scheduled.data!.transitionArticle).toMatchObject({ state: 'SCHEDULED', publishedAt: null, publishAt: publishAt.toISOString() });

    clock = new Date(publishAt.getTime() - 1);
    expect((await server.query(ArticleBySlugDocument, { slug: a.slug })).errors![0].extensions!.code).toBe('NOT_FOUND');
    const listBefore = await server.query(ArticleListDocument, { search: 'Hẹn giờ đăng đúng giờ' });
    expect(listBefore.data!.articles.totalCount).toBe(0);

    clock = publishAt;
    const at = await server.query(ArticleBySlugDocument, { slug: a.slug });
    expect(at.errors).toBeUndefined();
    expect(at.data!.article).toMatchObject({ state: 'PUBLISHED', publishedAt: publishAt.toISOString() });
    const listAt = await server.query(ArticleListDocument, { search: 'Hẹn giờ đăng đúng giờ' });
    expect(listAt.data!.articles.totalCount).toBe(1);
  });

  it('anonymous readers cannot tell a draft from a missing slug; staff see the draft', async () => {
    const a = await draft('Bản nháp bí mật');
    const anon = await server.query(ArticleBySlugDocument, { slug: a.slug });
    const missing = await server.query(ArticleBySlugDocument, { slug: 'khong-co-bai-nay' });
    expect(anon.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect(anon.errors![0].message.replace(a.slug, 'X')).toBe(missing.errors![0].message.replace('khong-co-bai-nay', 'X'));
    expect((await server.query(ArticleBySlugDocument, { slug: a.slug }, STAFF)).data!.article.title).toBe('Bản nháp bí mật');
    const anonList = await server.query(ArticleListDocument, { search: 'Bản nháp bí mật' });
    expect(anonList.data!.articles.totalCount).toBe(0);
  });

  it('a stale save fails with CONFLICT naming the current version and who saved it, and overwrites nothing', async () => {
    const a = await draft('Hai người cùng sửa');
    const first = await server.query(UpdateArticleDocument, { id: a.id, version: 1, input: { title: 'Người thứ nhất sửa' } }, an.headers);
    expect(first.data!.updateArticle.version).toBe(2);
    const stale = await server.query(UpdateArticleDocument, { id: a.id, version: 1, input: { title: 'Người thứ hai sửa' } }, binh.headers);
    expect(stale.errors![0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2, savedBy: 'Nguyễn Văn An', yourVersion: 1 });
    expect(stale.errors![0].message).toContain('version 2');
    const now = await server.query(ArticleForStaffDocument, { slug: a.slug }, STAFF);
    expect(now.data!.article).toMatchObject({ title: 'Người thứ nhất sửa', version: 2, lastSavedBy: 'Nguyễn Văn An' });
  });

  it('changes to a live article wait as a pending revision, then go live on publish', async () => {
    const a = await draft('Bài đã đăng cần sửa');
    const v2 = (await move(a.id, 1, ArticleState.IN_REVIEW)).data!.transitionArticle.version;
    const v3 = (await move(a.id, v2, ArticleState.PUBLISHED)).data!.transitionArticle.version;
    const edit = await server.query(UpdateArticleDocument, { id: a.id, version: v3, input: { title: 'Bài đã đăng, bản sửa', slug: 'bai-da-dang-ban-sua' } }, STAFF);
    expect(edit.errors).toBeUndefined();
    expect(edit.data!.updateArticle.title).toBe('Bài đã đăng cần sửa');
    expect(edit.data!.updateArticle.pendingRevision).toMatchObject({ title: 'Bài đã đăng, bản sửa', changedFields: ['title', 'slug'], publishAt: null });
    const publicView = await server.query(ArticleBySlugDocument, { slug: a.slug });
    expect(publicView.data!.article.title).toBe('Bài đã đăng cần sửa');

    const published = await server.query(PublishPendingDocument, { id: a.id, version: edit.data!.updateArticle.version }, STAFF);
    expect(published.data!.publishPendingRevision).toMatchObject({ title: 'Bài đã đăng, bản sửa', slug: 'bai-da-dang-ban-sua', pendingRevision: null });
    // The old slug keeps resolving, to the article with its current slug.
    const old = await server.query(ArticleBySlugDocument, { slug: a.slug });
    expect(old.data!.article).toMatchObject({ slug: 'bai-da-dang-ban-sua', title: 'Bài đã đăng, bản sửa' });
  });

  it('pending changes can be discarded, leaving the live text', async () => {
    const a = await draft('Bài sẽ bỏ bản sửa');
    const v2 = (await move(a.id, 1, ArticleState.IN_REVIEW)).data!.transitionArticle.version;
    const v3 = (await move(a.id, v2, ArticleState.PUBLISHED)).data!.transitionArticle.version;
    const edit = await server.query(UpdateArticleDocument, { id: a.id, version: v3, input: { sapo: 'Sa pô mới' } }, STAFF);
    const discarded = await server.query(DiscardPendingDocument, { id: a.id, version: edit.data!.updateArticle.version }, STAFF);
    expect(discarded.data!.discardPendingRevision).toMatchObject({ title: 'Bài sẽ bỏ bản sửa', pendingRevision: null });
  });

  it('keeps a revision per save (who, which fields), compares two and restores one as a new revision', async () => {
    const a = await draft('Lịch sử sửa bài');
    await server.query(UpdateArticleDocument, { id: a.id, version: 1, input: { title: 'Lịch sử sửa bài (lần 2)', tags: ['CCHC'] } }, cuong.headers);
    const v3 = await server.query(UpdateArticleDocument, { id: a.id, version: 2, input: { sapo: 'Sa pô lần 3' } }, STAFF);
    expect(v3.data!.updateArticle.version).toBe(3);
    const history = await server.query(ArticleForStaffDocument, { slug: a.slug }, STAFF);
    expect(history.data!.article.revisions.map((r) => [r.number, r.action, r.changedFields])).toEqual([
      [3, 'UPDATE', ['sapo']],
      [2, 'UPDATE', ['title', 'tags']],
      [1, 'CREATE', expect.arrayContaining(['title', 'sapo', 'slug', 'topics', 'units'])],
    ]);
    expect(history.data!.article.revisions[1].savedBy).toBe('Lê Văn Cường');

    const diff = await server.query(CompareRevisionsDocument, { id: a.id, from: 1, to: 3 }, STAFF);
    expect(diff.data!.compareArticleRevisions.changes).toEqual([
      { field: 'title', before: 'Lịch sử sửa bài', after: 'Lịch sử sửa bài (lần 2)' },
      { field: 'sapo', before: 'Sa pô thử nghiệm', after: 'Sa pô lần 3' },
      { field: 'tags', before: [], after: ['CCHC'] },
    ]);

    const restored = await server.query(RestoreRevisionDocument, { id: a.id, version: 3, revision: 1 }, STAFF);
    expect(restored.data!.restoreArticleRevision).toMatchObject({ title: 'Lịch sử sửa bài', version: 4 });
    const after = await server.query(ArticleForStaffDocument, { slug: a.slug }, STAFF);
    expect(after.data!.article.revisions[0]).toMatchObject({ number: 4, action: 'RESTORE', restoredFrom: 1, changedFields: ['title', 'sapo', 'tags'] });
  });

  it('anonymous viewers cannot write or read revisions', async () => {
    const res = await server.query(CreateArticleDocument, { input: { title: 'Khách vãng lai viết bài' } });
    expect(res.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const diff = await server.query(CompareRevisionsDocument, { id: '1', from: 1, to: 1 });
    expect(diff.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('a reporter may write and submit for review, only an editor may publish', async () => {
    const reporter = staff('Phóng viên', [Role.REPORTER]);
    const a = await new ArticleService(em(db), reporter, T0, BODY_HOOKS).create({ title: 'Tin của phóng viên' });
    const submitted = await new WorkflowService(em(db), reporter, T0, BODY_HOOKS).transition(a.id, 1, ArticleState.IN_REVIEW);
    expect(submitted.state).toBe(ArticleState.IN_REVIEW);
    await expect(new WorkflowService(em(db), reporter, T0, BODY_HOOKS).transition(a.id, 2, ArticleState.PUBLISHED)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const editor = staff('Biên tập viên', [Role.EDITOR]);
    const published = await new WorkflowService(em(db), editor, T0, BODY_HOOKS).transition(a.id, 2, ArticleState.PUBLISHED);
    expect(published.state).toBe(ArticleState.PUBLISHED);
    // Taking a live article down is the editor's call too.
    await expect(new WorkflowService(em(db), reporter, T0, BODY_HOOKS).transition(a.id, 3, ArticleState.DRAFT)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('staff outside the newsroom read like the public and cannot write', async () => {
    const dataManager = staff('Quản lý dữ liệu', [Role.DATA_MANAGER]);
    const a = await new ArticleService(em(db), staff(), T0, BODY_HOOKS).create({ title: 'Nháp chỉ tòa soạn thấy' });
    await expect(new ArticleQueries(em(db), dataManager, T0).byId(String(a.id))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await new ArticleQueries(em(db), staff(), T0).byId(String(a.id))).title).toBe('Nháp chỉ tòa soạn thấy');
    await expect(new ArticleService(em(db), dataManager, T0, BODY_HOOKS).create({ title: 'Không được viết' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

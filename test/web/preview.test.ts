/** Editor preview links: signed, short-lived, never cached; reader pages show live articles only. */
import { Role } from '../../src/core/roles';
import { ArticleState } from '../../src/newsroom/article.entity';
import { ArticleService } from '../../src/newsroom/article.service';
import { WorkflowService } from '../../src/newsroom/workflow.service';
import { CreatePreviewLinkDocument } from '../gql/graphql';
import { signedInAs, testClock } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { em, staff } from '../newsroom/support';
import { BODY_HOOKS } from '../../src/bodies/body.hooks';

describe('editor preview', () => {
  let db: TestDatabase;
  let server: TestServer;
  const clock = testClock(new Date('2026-03-02T02:00:00Z'));
  let editor: Record<string, string>;
  let draftId: number;
  let liveId: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer(db, {}, clock.now);
    editor = (await signedInAs(db, [Role.REPORTER], { now: clock.now })).headers;
    const articles = () => new ArticleService(em(db), staff(), clock.now(), BODY_HOOKS);
    draftId = (await articles().create({ title: 'Bản nháp về một cửa', sapo: 'Sa pô nháp', topics: [], body: 'Đoạn văn chỉ có trong bản nháp.' })).id;
    const live = await articles().create({ title: 'Bài đã đăng về một cửa', sapo: 'Sa pô', topics: [], slug: 'bai-da-dang', body: 'Đoạn văn đã xuất bản.' });
    const w = new WorkflowService(em(db), staff(), clock.now(), BODY_HOOKS);
    const reviewed = await w.transition(live.id, live.version, ArticleState.IN_REVIEW);
    const published = await w.transition(live.id, reviewed.version, ArticleState.PUBLISHED, new Date('2026-03-01T00:00:00Z'));
    await articles().update(live.id, published.version, { body: 'Đoạn văn sửa, đang chờ duyệt.' });
    liveId = live.id;
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  const link = async (articleId: number | string, headers = editor) => server.query(CreatePreviewLinkDocument, { articleId: String(articleId) }, headers);

  it('shows a draft with the banner, never cached, to anyone holding the link until it expires', async () => {
    const res = await link(draftId);
    expect(res.errors).toBeUndefined();
    const { url, expiresAt } = res.data!.createPreviewLink;
    expect(url).toMatch(/^\/preview\/\d+\.\d+\.[A-Za-z0-9_-]{43}$/);
    expect(new Date(expiresAt).getTime() - clock.now().getTime()).toBe(30 * 60 * 1000);
    const page = await fetch(`${server.url}${url}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('private, no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await page.text();
    expect(html).toContain('Bản xem trước');
    expect(html).toContain('Đoạn văn chỉ có trong bản nháp.');
    expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
    clock.advance(30 * 60 * 1000 + 1000);
    const expired = await fetch(`${server.url}${url}`);
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
  });

  it('previews the pending revision of a live article, while readers still get the published text', async () => {
    const { url } = (await link(liveId)).data!.createPreviewLink;
    const preview = await (await fetch(`${server.url}${url}`)).text();
    expect(preview).toContain('Đoạn văn sửa, đang chờ duyệt.');
    const reader = await fetch(`${server.url}/articles/bai-da-dang`);
    expect(reader.status).toBe(200);
    expect(reader.headers.get('cache-control')).toBe('public, max-age=60');
    const html = await reader.text();
    expect(html).toContain('Đoạn văn đã xuất bản.');
    expect(html).not.toContain('Bản xem trước');
  });

  it('refuses tampered tokens with 403', async () => {
    const { url } = (await link(draftId)).data!.createPreviewLink;
    const [id, exp, sig] = url.slice('/preview/'.length).split('.');
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    for (const token of [`${liveId}.${exp}.${sig}`, `${id}.${Number(exp) + 3600}.${sig}`, `${id}.${exp}.${flip(sig)}`, `${id}.${exp}`, 'khong-hop-le']) {
      const res = await fetch(`${server.url}/preview/${token}`);
      expect(res.status).toBe(403);
      expect(res.headers.get('cache-control')).toBe('private, no-store');
    }
  });

  it('gives links only to staff who may edit articles, and NOT_FOUND for unknown articles', async () => {
    expect((await link(draftId, {})).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const planner = (await signedInAs(db, [Role.OUTREACH_PLANNER], { now: clock.now })).headers;
    expect((await link(draftId, planner)).errors![0].extensions!.code).toBe('FORBIDDEN');
    expect((await link(999999)).errors![0].extensions!.code).toBe('NOT_FOUND');
  });

  it('reader pages: drafts are 404, a former slug redirects to the current one', async () => {
    const draft = await fetch(`${server.url}/articles/ban-nhap-ve-mot-cua`);
    expect(draft.status).toBe(404);
    const renamed = await fetch(`${server.url}/articles/BAI-DA-DANG`, { redirect: 'manual' });
    expect(renamed.status).toBe(301);
    expect(renamed.headers.get('location')).toBe('/articles/bai-da-dang');
  });
});

/**
 * What readers and editors see, in Chromium: the seed article page, an embed, an editor
 * preview. No failed request, no console error (CSP violations included), every picture
 * decoded, the widget hydrated, no serious or critical axe-core violation; screenshots in
 * test-output/screenshots/.
 */
import fs from 'node:fs';
import { importContent } from '../../src/content/importer';
import { Role } from '../../src/core/roles';
import { ArticleService } from '../../src/newsroom/article.service';
import { CreatePreviewLinkDocument } from '../gql/graphql';
import { signedInAs } from '../support/accounts';
import { type BrowserSession, launchChromium, loadAllImages, openPage, screenshot, seriousA11yViolations, type WatchedPage } from '../support/browser';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { freshMediaConfig } from '../media/helpers';
import { CONTENT_DIR, em, NEWSROOM_STEPS, staff } from '../newsroom/support';
import { BODY_HOOKS } from '../../src/bodies/body.hooks';

const SEED = 'chi-so-cai-cach-hanh-chinh-tp-ha-tinh-lien-tuc-dung-dau-khoi-cap-huyen';
const DRAFT_TEXT = 'Đoạn văn của bản nháp chưa xuất bản: kết quả CCHC năm 2018 của các huyện.';

jest.setTimeout(120_000);

describe('pages in Chromium', () => {
  let db: TestDatabase;
  let server: TestServer;
  let chromium: BrowserSession;
  const media = freshMediaConfig();
  let previewUrl: string;

  beforeAll(async () => {
    // Chromium first: without it the suite stops here with a message saying what to install.
    chromium = await launchChromium();
    db = await createTestDatabase();
    await importContent(db.orm, CONTENT_DIR, NEWSROOM_STEPS, { media });
    server = await startTestServer(db, { media });
    const draft = await new ArticleService(em(db), staff(), new Date(), BODY_HOOKS).create({
      title: 'Bản nháp: xếp hạng CCHC cấp huyện',
      sapo: 'Bài chưa xuất bản',
      topics: [],
      body: `${DRAFT_TEXT}\n\n::: ranking index=cchc-cap-huyen-ha-tinh edition=2018 highlight=443 display=bars\nChỉ số CCHC cấp huyện năm 2018 (số liệu minh họa)\n:::\n`,
    });
    const editor = await signedInAs(db, [Role.EDITOR]);
    const link = await server.query(CreatePreviewLinkDocument, { articleId: String(draft.id) }, editor.headers);
    expect(link.errors).toBeUndefined();
    previewUrl = link.data!.createPreviewLink.url;
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.stop();
    await db?.destroy();
    fs.rmSync(media.dir, { recursive: true, force: true });
  });

  /** Loads a page and checks what every page must satisfy. */
  async function visit(path: string, name: string, options: { javaScript?: boolean } = {}): Promise<WatchedPage> {
    const watched = await openPage(chromium, options);
    const res = await watched.page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
    expect(res!.status()).toBe(200);
    if (options.javaScript === false) {
      // Nothing runs in the page (not even axe or image checks): only what HTML alone gives.
      await screenshot(watched.page, name);
      return watched;
    }
    await watched.page.waitForSelector('reformdesk-ranking figure.rd-hydrated', { timeout: 20_000 }).catch((e: Error) => {
      throw new Error(`${e.message}\nconsole: ${watched.consoleErrors.join(' | ')}\nfailed: ${watched.failedRequests.join(' | ')}`);
    });
    const images = await loadAllImages(watched.page);
    expect(images.filter((i) => i.naturalWidth === 0)).toEqual([]);
    expect(watched.failedRequests).toEqual([]);
    expect(watched.consoleErrors).toEqual([]);
    expect(watched.requested.filter((u) => !u.startsWith(server.url) && !u.startsWith('data:'))).toEqual([]);
    expect(await seriousA11yViolations(watched.page)).toEqual([]);
    await screenshot(watched.page, name);
    return watched;
  }

  const rowNames = (w: WatchedPage) => w.page.locator('reformdesk-ranking tbody tr th').allInnerTexts();

  it('the seed article page shows its six pictures and a hydrated widget of 13 rows, TP Hà Tĩnh first, marked illustrative', async () => {
    const w = await visit(`/articles/${SEED}`, 'article');
    expect(await w.page.locator('figure.rd-image img').count()).toBe(6);
    expect((await rowNames(w)).length).toBe(13);
    expect((await rowNames(w))[0]).toContain('Thành phố Hà Tĩnh');
    expect(await w.page.locator('reformdesk-ranking tbody tr').first().getAttribute('class')).toBe('rd-highlight');
    await expect(w.page.locator('reformdesk-ranking .rd-badge').innerText()).resolves.toBe('Số liệu minh họa');
    expect(await w.page.locator('h1').innerText()).toBe('Chỉ số cải cách hành chính TP Hà Tĩnh liên tục đứng đầu khối cấp huyện');
  });

  it('an embed page hydrates, sorts from the keyboard and stays frameable', async () => {
    const w = await visit('/embed/ranking/cchc-cap-huyen-ha-tinh/2018?highlight=436', 'embed');
    expect((await rowNames(w))[0]).toContain('Thành phố Hà Tĩnh');
    // Sort by score ascending with the keyboard: the lowest score comes first, and aria-sort says so.
    await w.page.locator('th[data-key="total"] button').focus();
    await w.page.keyboard.press('Enter');
    expect(await w.page.locator('th[data-key="total"]').getAttribute('aria-sort')).toBe('ascending');
    const scores = (await w.page.locator('reformdesk-ranking tbody tr td:nth-child(3)').allInnerTexts()).map((t) => Number(t.replace(',', '.')));
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect((await rowNames(w))[12]).toContain('Thành phố Hà Tĩnh');
  });

  it('without JavaScript the embed keeps its plain table', async () => {
    const w = await visit('/embed/ranking/cchc-cap-huyen-ha-tinh/2018?highlight=436', 'embed-no-js', { javaScript: false });
    expect(await w.page.locator('figure.rd-widget table tbody tr').count()).toBe(13);
    expect(await w.page.locator('reformdesk-ranking').count()).toBe(0);
    expect(w.failedRequests).toEqual([]);
  });

  it('the editor preview shows the banner and the draft text, with live data', async () => {
    const w = await visit(previewUrl, 'preview');
    await expect(w.page.locator('.rd-preview-banner').innerText()).resolves.toContain('Bản xem trước');
    expect(await w.page.locator('article').innerText()).toContain(DRAFT_TEXT);
    expect((await rowNames(w)).length).toBe(13);
    expect(await w.page.locator('reformdesk-ranking .rd-bar').count()).toBe(13);
  });
});

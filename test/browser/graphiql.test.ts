import { type BrowserSession, launchChromium, openPage, screenshot } from '../support/browser';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';

describe('GraphiQL in Chromium', () => {
  let db: TestDatabase;
  let server: TestServer;
  let chromium: BrowserSession;
  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer(db);
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await chromium?.close();
    await server.stop();
    await db.destroy();
  });

  it('loads offline under its CSP and draws the Vietnamese example query', async () => {
    const { page, failedRequests, consoleErrors, requested } = await openPage(chromium);
    await page.goto(`${server.url}/graphql`, { waitUntil: 'networkidle' });
    await page.waitForSelector('.graphiql-container .CodeMirror');
    expect(failedRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(requested.every((u) => u.startsWith(server.url) || u.startsWith('data:'))).toBe(true);
    const editorText = await page.locator('.graphiql-query-editor .CodeMirror').innerText();
    expect(editorText).toContain('các đơn vị hành chính cấp huyện');
    // Stacked Vietnamese marks ("phố") are drawn with the served Noto Sans Mono, not a fallback font.
    const font = await page.evaluate(async () => {
      await document.fonts.ready;
      const family = getComputedStyle(document.querySelector('.graphiql-query-editor .CodeMirror')!).fontFamily;
      const loaded: string[] = [];
      document.fonts.forEach((f) => {
        if (f.status === 'loaded') loaded.push(f.family.replace(/"/g, ''));
      });
      return { family, loaded };
    });
    expect(font.family).toMatch(/^"?Noto Sans Mono/);
    expect(font.loaded).toContain('Noto Sans Mono');
    await screenshot(page, 'graphiql');
  });
});

/// <reference lib="dom" />
/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser): a fresh profile per
 * launch, and per page the failed requests and console errors a test must find empty.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve(__dirname, '../../test-output/screenshots');

export interface BrowserSession {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<BrowserSession> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: the browser tests need Debian's package (apt-get install -y chromium, as .ci/run does) or CHROMIUM_PATH`);
  }
  // playwright-core's launch gives Chromium a fresh temporary profile (--user-data-dir) of its own and removes it on close.
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    timeout: 30_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

export interface WatchedPage {
  page: Page;
  /** "GET url: reason" for requests that failed or answered 4xx/5xx */
  failedRequests: string[];
  consoleErrors: string[];
  /** Every URL the page asked for */
  requested: string[];
}

export async function openPage(session: BrowserSession, options: { javaScript?: boolean; width?: number } = {}): Promise<WatchedPage> {
  const context = await session.browser.newContext({ viewport: { width: options.width ?? 1200, height: 900 }, locale: 'vi-VN', javaScriptEnabled: options.javaScript ?? true });
  const page = await context.newPage();
  const watched: WatchedPage = { page, failedRequests: [], consoleErrors: [], requested: [] };
  page.on('request', (r) => watched.requested.push(r.url()));
  page.on('requestfailed', (r) => watched.failedRequests.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) watched.failedRequests.push(`${r.request().method()} ${r.url()}: HTTP ${r.status()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') watched.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => watched.consoleErrors.push(`uncaught: ${e.message}`));
  return watched;
}

/** Loads every lazy picture now and waits until each has finished (or failed); returns their natural widths by src. */
export async function loadAllImages(page: Page): Promise<{ src: string; naturalWidth: number }[]> {
  await page.evaluate(() => document.querySelectorAll('img').forEach((img) => (img.loading = 'eager')));
  await page.waitForFunction(() => Array.from(document.querySelectorAll('img')).every((img) => img.complete), undefined, { timeout: 30_000 });
  return page.evaluate(() => Array.from(document.querySelectorAll('img')).map((img) => ({ src: img.currentSrc || img.src, naturalWidth: img.naturalWidth })));
}

/** Full-page PNG under test-output/screenshots/, for people to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** axe-core injected into the page; the violations of impact serious or critical. */
export async function seriousA11yViolations(page: Page): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not restrict (a <script> tag would be refused).
  await page.evaluate(fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

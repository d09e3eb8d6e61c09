import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { CONTENT_STEPS, importContent } from '../../src/content/importer';
import { FONT_FAMILY } from '../../src/media/svg-text';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { freshMediaConfig, getVariant, storedFiles } from './helpers';

const CONTENT = path.resolve(__dirname, '../../content');
const INDEX = 'cchc-cap-huyen-ha-tinh';

/** Dark pixels of a word drawn the way the widget draws labels. */
async function ink(word: string): Promise<{ count: number; top: number }> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="120"><rect width="400" height="120" fill="#fff"/><text x="20" y="80" font-size="48" font-family="${FONT_FAMILY}" fill="#000">${word}</text></svg>`;
  const { data, info } = await sharp(Buffer.from(svg)).greyscale().raw().toBuffer({ resolveWithObject: true });
  let count = 0;
  let top = info.height;
  for (let i = 0; i < data.length; i++) {
    if (data[i] < 128) {
      count++;
      top = Math.min(top, Math.floor(i / info.width));
    }
  }
  return { count, top };
}

/** Dark pixels overall, and strongly red pixels where the bars are drawn (x 470–900, y 150–550). */
async function pixelStats(png: Buffer): Promise<{ dark: number; redBars: number }> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let dark = 0;
  let redBars = 0;
  for (let i = 0; i < data.length; i += 3) {
    const x = (i / 3) % info.width;
    const y = Math.floor(i / 3 / info.width);
    if (data[i] < 80 && data[i + 1] < 80 && data[i + 2] < 80) dark++;
    if (x >= 470 && x <= 900 && y >= 150 && y <= 550 && data[i] > 180 && data[i + 1] < 60 && data[i + 2] < 80) redBars++;
  }
  return { dark, redBars };
}

describe('ranking widgets as images', () => {
  let db: TestDatabase;
  let server: TestServer;
  const media = freshMediaConfig();

  beforeAll(async () => {
    db = await createTestDatabase();
    // Units and ranking data only: the widget needs nothing else from the content folder.
    await importContent(
      db.orm,
      CONTENT,
      CONTENT_STEPS.filter((s) => ['units', 'ranking methodologies', 'ranking scores'].includes(s.name)),
    );
    server = await startTestServer(db, { media });
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
    fs.rmSync(media.dir, { recursive: true, force: true });
  });

  it('renders Vietnamese diacritics with the installed fonts, not as missing-glyph boxes', async () => {
    const plain = await ink('Ha Tinh');
    const accented = await ink('Hà Tĩnh');
    // The accents add a little ink above the letters; a box per letter would add far more.
    expect(accented.count).toBeGreaterThan(plain.count);
    expect(accented.count).toBeLessThan(plain.count * 1.25);
    expect(accented.top).toBeLessThan(plain.top);
    // Precomposed (NFC) and decomposed (NFD) text draw the same picture.
    const nfd = await ink('Hà Tĩnh'.normalize('NFD'));
    expect(Math.abs(nfd.count - accented.count)).toBeLessThan(accented.count * 0.05);
  });

  it('draws the latest edition at 1200×630 as PNG, highlighting the asked units, and keeps it', async () => {
    const res = await getVariant(server.url, `/widgets/ranking/${INDEX}/latest.png?highlight=436`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const meta = await sharp(res.data).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1200, 630]);
    // Pixel statistics: a white page with dark text, and red only in the highlighted bar.
    const { dark, redBars } = await pixelStats(res.data);
    expect(dark / (1200 * 630)).toBeGreaterThan(0.01);
    expect(redBars).toBeGreaterThan(400 * 15);
    const plain = await getVariant(server.url, `/widgets/ranking/${INDEX}/latest.png`);
    expect((await pixelStats(plain.data)).redBars).toBe(0);
    fs.writeFileSync(path.join(os.tmpdir(), 'reformdesk-ranking-widget.png'), res.data);
    expect(storedFiles(media.dir, 'widgets/ranking')).toHaveLength(2);
    const again = await getVariant(server.url, `/widgets/ranking/${INDEX}/latest.png?highlight=436`, { 'if-none-match': res.headers.get('etag')! });
    expect(again.status).toBe(304);
  });

  it('serves the same chart as SVG with Vietnamese labels, the source line and the data revision', async () => {
    const res = await getVariant(server.url, `/widgets/ranking/${INDEX}/2018.svg?highlight=436,437&limit=5&display=table`);
    expect([res.status, res.status === 200 ? '' : res.data.toString()]).toEqual([200, '']);
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const svg = res.data.toString('utf8');
    expect(svg).toContain('Thành phố Hà Tĩnh');
    expect(svg).toContain('Năm 2018');
    expect(svg).toMatch(/Nguồn: /);
    expect(svg).toMatch(/Dữ liệu bản \d+/);
    expect(svg).toContain('SỐ LIỆU MINH HỌA');
    expect(svg).not.toMatch(/<script|onload=/i);
  });

  it('draws every row for print, larger', async () => {
    const res = await getVariant(server.url, `/widgets/ranking/${INDEX}/2017.png?size=print`);
    const meta = await sharp(res.data).metadata();
    expect(meta.width).toBe(2400);
    expect(meta.height!).toBeGreaterThan(630 * 2);
  });

  it('answers unknown indices and editions with 404 and bad options with 400', async () => {
    expect((await fetch(`${server.url}/widgets/ranking/khong-co/latest.png`)).status).toBe(404);
    expect((await fetch(`${server.url}/widgets/ranking/${INDEX}/1990.png`)).status).toBe(404);
    for (const query of ['size=poster', 'limit=0', 'display=pie', 'highlight=abc', 'area=%3Cscript%3E']) {
      expect((await fetch(`${server.url}/widgets/ranking/${INDEX}/latest.svg?${query}`)).status).toBe(400);
    }
  });
});

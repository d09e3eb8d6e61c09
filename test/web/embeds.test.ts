/** Embeds for other sites, their oEmbed answers, the widget script's budget, and share images agreeing with embeds. */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { CONTENT_STEPS, importContent } from '../../src/content/importer';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { freshMediaConfig } from '../media/helpers';

const CONTENT = path.resolve(__dirname, '../../content');
const EMBED = '/embed/ranking/cchc-cap-huyen-ha-tinh/2018?highlight=436';

describe('embeds and oEmbed', () => {
  let db: TestDatabase;
  let server: TestServer;
  const media = freshMediaConfig();
  const get = (p: string) => fetch(`${server.url}${p}`);
  const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

  beforeAll(async () => {
    db = await createTestDatabase();
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

  it('serves an embed page any site may frame, with oEmbed discovery and the fallback table', async () => {
    const res = await get(EMBED);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(res.headers.get('x-frame-options')).toBeNull();
    const html = await res.text();
    const discovery = /<link rel="alternate" type="application\/json\+oembed" href="([^"]+)"/.exec(html)![1].replace(/&amp;/g, '&');
    expect(discovery).toBe(`${server.url}/oembed?url=${encodeURIComponent(`${server.url}${EMBED}`)}&format=json`);
    expect(html.match(/<tr/g)!.length).toBe(14); // header + 13 districts, readable without JavaScript
    expect(html).toContain('<script src="/assets/reformdesk-widgets.js" defer></script>');
    // Everything else still refuses framing.
    const other = await get('/graphql');
    expect(other.headers.get('x-frame-options')).toBe('DENY');
  });

  it('the embed, its JSON and the share PNG name the same data revision', async () => {
    const page = await (await get(EMBED)).text();
    const revision = /data-revision="(\d+)"/.exec(page)![1];
    const json = await get('/embed/ranking/cchc-cap-huyen-ha-tinh/2018.json?highlight=436');
    const value = (await json.json()) as { revision: number; rows: { unitName: string; highlighted: boolean }[]; illustrative: boolean };
    expect(String(value.revision)).toBe(revision);
    expect(value.rows).toHaveLength(13);
    expect(value.rows[0]).toMatchObject({ unitName: 'Thành phố Hà Tĩnh', highlighted: true });
    expect(value.illustrative).toBe(true);
    const png = await get(/href="(\/widgets\/ranking\/[^"]+\.png[^"]*)"/.exec(page)![1].replace(/&amp;/g, '&'));
    expect(png.status).toBe(200);
    expect(png.headers.get('x-data-revision')).toBe(revision);
  });

  it.each([
    ['/embed/ranking/khong-co-chi-so/2018', 404, 'NOT_FOUND'],
    ['/embed/ranking/cchc-cap-huyen-ha-tinh/1999', 404, 'NOT_FOUND'],
    ['/embed/ranking/cchc-cap-huyen-ha-tinh/nam-ngoai', 400, 'BAD_USER_INPUT'],
    ['/embed/ranking/cchc-cap-huyen-ha-tinh/2018?mau=do', 400, 'BAD_USER_INPUT'],
    ['/embed/ranking/cchc-cap-huyen-ha-tinh/2018?display=pie', 400, 'BAD_USER_INPUT'],
    ['/embed/ranking/cchc-cap-huyen-ha-tinh/2018?limit=0', 400, 'BAD_USER_INPUT'],
    ['/embed/ranking/cchc-cap-huyen-ha-tinh/2018?highlight=436&highlight=437', 400, 'BAD_USER_INPUT'],
    ['/embed/ranking/cchc-cap-huyen-ha-tinh/2018?area=KHONG', 404, 'NOT_FOUND'],
  ])('%s answers %i %s', async (url, status, code) => {
    const res = await get(url);
    expect(res.status).toBe(status);
    expect(await errorCode(res)).toBe(code);
  });

  const oembed = (query: Record<string, string>) => get(`/oembed?${new URLSearchParams(query)}`);

  it('answers oEmbed with a rich iframe of the embed, its size within maxwidth and maxheight', async () => {
    const url = `${server.url}${EMBED}`;
    const full = (await (await oembed({ url })).json()) as Record<string, unknown>;
    expect(full).toMatchObject({ version: '1.0', type: 'rich', provider_name: 'ReformDesk', width: 640, thumbnail_width: 1200, thumbnail_height: 630 });
    expect(full.html).toBe(
      `<iframe src="${url.replace(/&/g, '&amp;')}" width="640" height="${full.height}" title="Chỉ số CCHC cấp huyện tỉnh Hà Tĩnh (minh họa) 2018" loading="lazy" style="border:0;max-width:100%"></iframe>`,
    );
    expect(full.height).toBe(150 + 37 * 13);
    const small = (await (await oembed({ url, maxwidth: '320', maxheight: '300' })).json()) as Record<string, unknown>;
    expect([small.width, small.height]).toEqual([320, 300]);
    expect(small.thumbnail_url).toBeUndefined(); // a 1200 px thumbnail would not respect maxwidth
    // Bounded by our own limits: a huge maxwidth does not stretch the embed past its natural size.
    const huge = (await (await oembed({ url, maxwidth: '90000', maxheight: '90000' })).json()) as Record<string, unknown>;
    expect([huge.width, huge.height]).toEqual([640, 150 + 37 * 13]);
    const thumb = await fetch(String(full.thumbnail_url));
    expect(thumb.status).toBe(200);
    expect((await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).width).toBe(1200);
  });

  it.each([
    [{}, 400, 'BAD_USER_INPUT'],
    [{ url: '/embed/ranking/cchc-cap-huyen-ha-tinh/2018', maxwidth: '50' }, 400, 'BAD_USER_INPUT'],
    [{ url: '/embed/ranking/cchc-cap-huyen-ha-tinh/2018', maxwidth: 'rộng' }, 400, 'BAD_USER_INPUT'],
    [{ url: '/embed/ranking/cchc-cap-huyen-ha-tinh/2018', callback: 'x' }, 400, 'BAD_USER_INPUT'],
    [{ url: '/embed/ranking/cchc-cap-huyen-ha-tinh/2018', format: 'xml' }, 501, 'NOT_IMPLEMENTED'],
    [{ url: 'https://example.com/bai-viet' }, 404, 'NOT_FOUND'],
    [{ url: '/embed/ranking/khong-co-chi-so/latest' }, 404, 'NOT_FOUND'],
    [{ url: '/embed/ranking/cchc-cap-huyen-ha-tinh/2018?mau=do' }, 400, 'BAD_USER_INPUT'],
  ])('oEmbed %j answers %i %s', async (query, status, code) => {
    const res = await oembed(query as Record<string, string>);
    expect(res.status).toBe(status);
    expect(await errorCode(res)).toBe(code);
  });

  it("draws the PAR INDEX share image with Hà Tĩnh's row (reported rank 15 of 63), not an empty chart", async () => {
    const res = await get('/widgets/ranking/par-index-cap-tinh/latest.svg');
    expect(res.status).toBe(200);
    const svg = await res.text();
    expect(svg).toContain('Tỉnh Hà Tĩnh');
    expect(svg).toMatch(/>15</);
  });

  it('draws the trend as lines across editions (once refused), as PNG and SVG', async () => {
    const svg = await (await get('/widgets/ranking/par-index-cap-tinh/latest.svg?display=trend')).text();
    expect(svg.match(/<polyline/g)).toHaveLength(1);
    expect(svg.match(/<circle/g)).toHaveLength(5); // 2020–2024
    expect(svg).toContain('Tỉnh Hà Tĩnh');
    expect(svg).toContain('>2020<');
    expect(svg).toContain('>2024<');
    const png = await get('/widgets/ranking/cchc-cap-huyen-ha-tinh/latest.png?display=trend&highlight=436,443');
    expect(png.status).toBe(200);
    const meta = await sharp(Buffer.from(await png.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1200, 630]);
  });

  it('serves a dependency-free widget script under 15 KB gzipped that asks nothing of other sites', async () => {
    const res = await get('/assets/reformdesk-widgets.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    const source = await res.text();
    expect(zlib.gzipSync(source, { level: 9 }).length).toBeLessThan(15 * 1024);
    expect(source).not.toMatch(/\bimport\s*\(|\brequire\(|https?:\/\//);
    expect(source).toContain("customElements.define('reformdesk-ranking'");
  });
});

import fs from 'node:fs';
import sharp from 'sharp';
import { MediaImageDocument, MediaUpdateImageDocument } from '../gql/graphql';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { BLUE, close, freshMediaConfig, getVariant, gradient, GREEN, meanColour, RED, signInMediaStaff, STAFF, storedFiles, stripes, upload, YELLOW } from './helpers';

describe('image variants (GET /media/<id>/<width>.<format>)', () => {
  let db: TestDatabase;
  let server: TestServer;
  const media = freshMediaConfig();
  let striped: string;

  const uploadId = async (bytes: Buffer, name: string) => {
    const res = await upload(server.url, bytes, name);
    expect(res.status).toBe(201);
    return res.body.image!.id as string;
  };
  /** Left and right halves' mean colours of a decoded variant. */
  const halves = async (data: Buffer) => {
    const { width, height } = await sharp(data).metadata();
    const w = Math.floor(width / 2) - 4;
    return [await meanColour(data, { left: 2, top: 2, width: w, height: height - 4 }), await meanColour(data, { left: width - w - 2, top: 2, width: w, height: height - 4 })];
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer(db, { media });
    await signInMediaStaff(db);
    striped = await uploadId(await (await stripes(800, 400, [RED, GREEN, BLUE, YELLOW])).png().toBuffer(), 'stripes.png');
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
    fs.rmSync(media.dir, { recursive: true, force: true });
  });

  it('produces the asked width in the asked format, keeping the aspect and never enlarging', async () => {
    const expected: [string, string, number, number, string][] = [
      ['320.webp', 'webp', 320, 160, 'image/webp'],
      ['640.avif', 'heif', 640, 320, 'image/avif'],
      ['480.jpeg', 'jpeg', 480, 240, 'image/jpeg'],
      ['1920.webp', 'webp', 800, 400, 'image/webp'],
    ];
    for (const [file, format, width, height, mime] of expected) {
      const res = await getVariant(server.url, `/media/${striped}/${file}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(mime);
      const meta = await sharp(res.data).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual([format, width, height]);
    }
  });

  it('crops to an aspect ratio around the focal point, and a moved focal point gives a new crop under a new URL', async () => {
    const square = async (query: string) => {
      const res = await getVariant(server.url, `/media/${striped}/320.jpeg?${query}`);
      expect(res.status).toBe(200);
      const meta = await sharp(res.data).metadata();
      expect([meta.width, meta.height]).toEqual([320, 320]);
      return halves(res.data);
    };
    const [left, right] = await square('ratio=1:1&rev=1');
    expect([close(left, GREEN), close(right, BLUE)]).toEqual([true, true]);
    const centreCrop = storedFiles(media.dir, `variants/v1/${striped}`).filter((f) => f.includes('1x1'));
    expect(centreCrop).toHaveLength(1);

    const moved = await server.query(MediaUpdateImageDocument, { id: striped, input: { focalPoint: { x: 0.1, y: 0.5 } } }, STAFF);
    expect(moved.data!.updateImage.revision).toBe(2);
    expect(moved.data!.updateImage.square).toBe(`/media/${striped}/320.jpeg?ratio=1%3A1&rev=2`);
    const [l2, r2] = await square('ratio=1:1&rev=2');
    expect([close(l2, RED), close(r2, GREEN)]).toEqual([true, true]);
    // The crop of the old focal point is gone from disk.
    expect(storedFiles(media.dir, `variants/v1/${striped}`)).not.toContain(centreCrop[0]);

    await server.query(MediaUpdateImageDocument, { id: striped, input: { focalPoint: { x: 0.97, y: 0.5 } } }, STAFF);
    const [l3, r3] = await square('ratio=1:1&rev=3');
    expect([close(l3, BLUE), close(r3, YELLOW)]).toEqual([true, true]);

    const wide = await getVariant(server.url, `/media/${striped}/640.webp?ratio=16:9&rev=3`);
    const meta = await sharp(wide.data).metadata();
    expect([meta.width, meta.height]).toEqual([640, 360]);
  });

  it('applies the EXIF orientation and strips EXIF, GPS and orientation from what it serves', async () => {
    const sideways = await (
      await stripes(300, 200, [RED, BLUE])
    )
      .jpeg()
      .withExif({ IFD0: { Make: 'TestCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '18/1 20/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '105/1 54/1 0/1' } })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const original = await sharp(sideways).metadata();
    const gpsPointer = Buffer.from([0x25, 0x88, 0x04, 0x00]); // tag 0x8825 (GPS IFD), little-endian
    expect([original.orientation, original.exif?.includes('TestCam'), original.exif?.includes(gpsPointer)]).toEqual([6, true, true]);
    const id = await uploadId(sideways, 'gps.jpg');
    for (const format of ['jpeg', 'webp', 'avif']) {
      const res = await getVariant(server.url, `/media/${id}/160.${format}`);
      const meta = await sharp(res.data).metadata();
      expect([meta.width, meta.height, meta.exif, meta.orientation, meta.xmp]).toEqual([160, 240, undefined, undefined, undefined]);
      expect(res.data.includes('TestCam')).toBe(false);
      expect(res.data.includes(gpsPointer)).toBe(false);
      // Rotated a quarter turn clockwise: the red left stripe is now on top.
      expect(close(await meanColour(res.data, { left: 10, top: 10, width: 140, height: 90 }), RED, 35)).toBe(true);
      expect(close(await meanColour(res.data, { left: 10, top: 140, width: 140, height: 90 }), BLUE, 35)).toBe(true);
    }
  });

  it('answers from the disk cache the second time, with the same strong ETag, 304 on If-None-Match and immutable caching', async () => {
    const id = await uploadId(await gradient(700, 500).jpeg().toBuffer(), 'cache.jpg');
    const first = await getVariant(server.url, `/media/${id}/640.webp`);
    const second = await getVariant(server.url, `/media/${id}/640.webp`);
    expect([first.headers.get('x-media-variant'), second.headers.get('x-media-variant')]).toEqual(['produced', 'cached']);
    expect(second.data.equals(first.data)).toBe(true);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(second.headers.get('etag')).toBe(etag);
    expect(first.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const notModified = await getVariant(server.url, `/media/${id}/640.webp`, { 'if-none-match': etag });
    expect([notModified.status, notModified.data.length]).toEqual([304, 0]);
    const otherFormat = await getVariant(server.url, `/media/${id}/640.jpeg`);
    expect(otherFormat.headers.get('etag')).not.toBe(etag);
    expect(storedFiles(media.dir, `variants/v1/${id}`)).toEqual(['640.jpeg', '640.webp']);
  });

  it('caches a crop asked without the current revision only briefly (its focal point may move)', async () => {
    const id = await uploadId(await gradient(400, 300).png().toBuffer(), 'crop.png');
    await server.query(MediaUpdateImageDocument, { id, input: { focalPoint: { x: 0.2, y: 0.2 } } }, STAFF);
    const current = await getVariant(server.url, `/media/${id}/320.webp?ratio=4:3&rev=2`);
    const stale = await getVariant(server.url, `/media/${id}/320.webp?ratio=4:3&rev=1`);
    const bare = await getVariant(server.url, `/media/${id}/320.webp?ratio=4:3`);
    expect(current.headers.get('cache-control')).toContain('immutable');
    expect([stale.headers.get('cache-control'), bare.headers.get('cache-control')]).toEqual(['public, max-age=300', 'public, max-age=300']);
    expect(stale.data.equals(current.data)).toBe(true);
  });

  it('produces a variant once when many ask for it at the same moment', async () => {
    const id = await uploadId(await gradient(1600, 1200).jpeg().toBuffer(), 'busy.jpg');
    const answers = await Promise.all(Array.from({ length: 12 }, () => getVariant(server.url, `/media/${id}/1280.avif`)));
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
    const outcomes = answers.map((a) => a.headers.get('x-media-variant'));
    expect(outcomes.filter((o) => o === 'produced')).toHaveLength(1);
    expect(outcomes.every((o) => ['produced', 'joined', 'cached'].includes(o!))).toBe(true);
    expect(new Set(answers.map((a) => a.headers.get('etag'))).size).toBe(1);
    expect(answers.every((a) => a.data.equals(answers[0].data))).toBe(true);
    expect(storedFiles(media.dir, `variants/v1/${id}`)).toEqual(['1280.avif']);
  });

  it('refuses widths, formats and ratios that are not offered, and unknown images', async () => {
    const cases: [string, number, string][] = [
      [`/media/${striped}/333.webp`, 400, 'BAD_WIDTH'],
      [`/media/${striped}/320.png`, 400, 'BAD_FORMAT'],
      [`/media/${striped}/320.svg`, 400, 'BAD_FORMAT'],
      [`/media/${striped}/320.webp?ratio=5:7`, 400, 'BAD_RATIO'],
      [`/media/${striped}/large.webp`, 400, 'BAD_VARIANT'],
      ['/media/00000000-0000-4000-8000-000000000000/320.webp', 404, 'NOT_FOUND'],
      ['/media/not-an-id/320.webp', 404, 'NOT_FOUND'],
    ];
    for (const [url, status, code] of cases) {
      const res = await fetch(`${server.url}${url}`);
      expect([url, res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([url, status, code]);
    }
    const upper = await getVariant(server.url, `/media/${striped.toUpperCase()}/320.webp`);
    expect(upper.status).toBe(200);
  });

  it('serves the URLs that GraphQL hands out', async () => {
    const { data } = await server.query(MediaImageDocument, { id: striped });
    for (const url of [data!.image.small, data!.image.avif, data!.image.square, ...data!.image.srcSet.split(', ').map((e) => e.split(' ')[0])]) {
      expect((await getVariant(server.url, url)).status).toBe(200);
    }
  });
});

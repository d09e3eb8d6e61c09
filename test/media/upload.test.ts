import fs from 'node:fs';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { AuditEntry } from '../../src/accounts/audit.entity';
import { MediaImageDocument, MediaLibraryDocument } from '../gql/graphql';
import type { TestAccount } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { freshMediaConfig, gradient, signInMediaStaff, STAFF, storedFiles, upload } from './helpers';

/** A real small PNG whose IHDR is rewritten to claim other dimensions (a classic bomb header). */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(
    await sharp({ create: { width: 8, height: 8, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer(),
  );
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

describe('image upload (POST /media)', () => {
  let db: TestDatabase;
  let server: TestServer;
  let staffAccount: TestAccount;
  const media = freshMediaConfig({ maxUploadBytes: 1_500_000, maxPixels: 10_000_000, maxDimension: 6000 });

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer(db, { media });
    staffAccount = await signInMediaStaff(db);
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
    fs.rmSync(media.dir, { recursive: true, force: true });
  });

  const libraryCount = async () => (await server.query(MediaLibraryDocument, { first: 1 }, STAFF)).data!.images.totalCount;

  it('stores a JPEG with its texts, focal point, oriented size, placeholder and dominant colour', async () => {
    const jpeg = await gradient(600, 400).jpeg().toBuffer();
    const res = await upload(server.url, jpeg, 'hội-nghị.jpg', {
      fields: { alt: '  Đoàn giám sát làm việc với UBND TP Hà Tĩnh ', caption: 'Buổi làm việc ngày 13/6', credit: 'Báo Hà Tĩnh', focalX: '0.25', focalY: '0.4' },
    });
    expect(res.status).toBe(201);
    const image = res.body.image!;
    expect(image).toMatchObject({ format: 'jpeg', width: 600, height: 400, bytes: jpeg.length, alt: 'Đoàn giám sát làm việc với UBND TP Hà Tĩnh', credit: 'Báo Hà Tĩnh' });
    expect(image.focalPoint).toEqual({ x: 0.25, y: 0.4 });
    expect(image.dominantColor).toMatch(/^#[0-9a-f]{6}$/);
    expect(image.url).toBe(`/media/${image.id}/1024.webp`);
    expect(storedFiles(media.dir, 'originals')).toContain(image.id);
    const { data } = await server.query(MediaImageDocument, { id: image.id });
    expect(data!.image).toMatchObject({ id: image.id, caption: 'Buổi làm việc ngày 13/6', uploadedBy: staffAccount.displayName, placeholder: image.placeholder });
    const audit = await db.orm.em.fork().find(AuditEntry, { action: 'uploadImage' });
    expect(audit.map((e) => [e.target, e.outcome, e.actorLabel])).toEqual([[`id=${image.id}`, 'OK', staffAccount.email]]);
  });

  it('accepts PNG, WebP, AVIF and GIF, decided by bytes; an animated GIF keeps its first frame size', async () => {
    const picture = gradient(120, 80);
    for (const [format, bytes] of [
      ['png', await picture.clone().png().toBuffer()],
      ['webp', await picture.clone().webp().toBuffer()],
      ['avif', await picture.clone().avif().toBuffer()],
    ] as const) {
      const res = await upload(server.url, bytes, `picture.${format}`);
      expect([res.status, res.body.image?.format, res.body.image?.width, res.body.image?.height]).toEqual([201, format, 120, 80]);
    }
    const frames = await gradient(60, 80).raw().toBuffer();
    const animated = await sharp(frames, { raw: { width: 60, height: 80, channels: 3, pageHeight: 40 } })
      .gif({ delay: [100, 100] })
      .toBuffer();
    expect((await sharp(animated).metadata()).pages).toBe(2);
    const res = await upload(server.url, animated, 'animation');
    expect([res.status, res.body.image?.format, res.body.image?.width, res.body.image?.height]).toEqual([201, 'gif', 60, 40]);
  });

  it('applies the EXIF orientation to the stored dimensions (a portrait shot stays portrait)', async () => {
    const sideways = await gradient(300, 200).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const res = await upload(server.url, sideways, 'portrait.jpg');
    expect([res.status, res.body.image?.width, res.body.image?.height]).toEqual([201, 200, 300]);
  });

  it('refuses anonymous callers and unknown bearer tokens with 401', async () => {
    const jpeg = await gradient(50, 50).jpeg().toBuffer();
    const anonymous = await upload(server.url, jpeg, 'a.jpg', { headers: {} });
    expect([anonymous.status, anonymous.body.error?.code]).toEqual([401, 'UNAUTHENTICATED']);
    const badToken = await upload(server.url, jpeg, 'a.jpg', { headers: { authorization: 'Bearer not-a-real-token' } });
    expect(badToken.status).toBe(401);
  });

  describe('bad input: a clear 4xx and nothing stored', () => {
    let originalsBefore: string[];
    let countBefore: number;
    beforeAll(async () => {
      originalsBefore = storedFiles(media.dir, 'originals');
      countBefore = await libraryCount();
    });
    afterAll(async () => {
      expect(storedFiles(media.dir, 'originals')).toEqual(originalsBefore);
      expect(storedFiles(media.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      expect(await libraryCount()).toBe(countBefore);
    });

    const cases: [string, () => Promise<[Buffer, string]>, number, string][] = [
      ['a zero-byte file', async () => [Buffer.alloc(0), 'empty.jpg'], 400, 'EMPTY_FILE'],
      ['an SVG (even named .png)', async () => [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'logo.png'], 415, 'SVG_REFUSED'],
      ['a JPEG named .png', async () => [await gradient(40, 40).jpeg().toBuffer(), 'photo.png'], 415, 'EXTENSION_MISMATCH'],
      ['a PNG named .exe', async () => [await gradient(40, 40).png().toBuffer(), 'photo.exe'], 415, 'EXTENSION_MISMATCH'],
      ['a text file named .jpg', async () => [Buffer.from('hello, this is not a picture'), 'photo.jpg'], 415, 'UNSUPPORTED_TYPE'],
      ['a decompression bomb header (60000×60000)', async () => [await pngClaiming(60000, 60000), 'bomb.png'], 422, 'IMAGE_TOO_LARGE'],
      [
        'a real bomb: 4000×3000 of one colour, tiny on disk',
        async () => [
          await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#fff' } })
            .png()
            .toBuffer(),
          'white.png',
        ],
        422,
        'IMAGE_TOO_LARGE',
      ],
      [
        'a huge dimension within the pixel limit (8000×10)',
        async () => [
          await sharp({ create: { width: 8000, height: 10, channels: 3, background: '#000' } })
            .png()
            .toBuffer(),
          'strip.png',
        ],
        422,
        'IMAGE_TOO_LARGE',
      ],
      [
        'a truncated JPEG',
        async () => {
          const j = await gradient(400, 300).jpeg().toBuffer();
          return [j.subarray(0, Math.floor(j.length * 0.6)), 'cut.jpg'];
        },
        422,
        'CORRUPT_IMAGE',
      ],
      [
        'a truncated PNG',
        async () => {
          const p = await gradient(400, 300).png().toBuffer();
          return [p.subarray(0, Math.floor(p.length * 0.6)), 'cut.png'];
        },
        422,
        'CORRUPT_IMAGE',
      ],
      [
        'a truncated WebP',
        async () => {
          const w = await gradient(400, 300).webp().toBuffer();
          return [w.subarray(0, Math.floor(w.length / 2)), 'cut.webp'];
        },
        422,
        'CORRUPT_IMAGE',
      ],
      [
        'a truncated AVIF',
        async () => {
          const a = await gradient(200, 150).avif().toBuffer();
          return [a.subarray(0, Math.floor(a.length / 2)), 'cut.avif'];
        },
        422,
        'CORRUPT_IMAGE',
      ],
      [
        'an EXIF orientation outside 1–8',
        async () => {
          const j = Buffer.from(await gradient(60, 40).jpeg().withMetadata({ orientation: 6 }).toBuffer());
          const at = j.indexOf(Buffer.from([0x12, 0x01, 0x03, 0x00]));
          j.writeUInt16LE(9, at + 8);
          return [j, 'tricky.jpg'];
        },
        422,
        'BAD_ORIENTATION',
      ],
      [
        'a strip longer than the side limit once the EXIF orientation is applied',
        async () => [
          await sharp({ create: { width: 6500, height: 10, channels: 3, background: '#000' } })
            .jpeg()
            .withMetadata({ orientation: 8 })
            .toBuffer(),
          'rotated.jpg',
        ],
        422,
        'IMAGE_TOO_LARGE',
      ],
    ];
    it.each(cases)('refuses %s', async (_name, make, status, code) => {
      const [bytes, name] = await make();
      const res = await upload(server.url, bytes, name);
      expect([res.status, res.body.error?.code]).toEqual([status, code]);
      expect(res.body.error?.message.length).toBeGreaterThan(10);
    });

    it('refuses a file over the size limit with 413, whether its declared length or its bytes tell', async () => {
      const big = await gradient(1200, 1000).png({ compressionLevel: 0 }).toBuffer();
      expect(big.length).toBeGreaterThan(media.maxUploadBytes + 64 * 1024);
      const declared = await upload(server.url, big, 'big.png');
      expect([declared.status, declared.body.error?.code]).toEqual([413, 'FILE_TOO_LARGE']);
      // Just over the limit: the declared length passes the early check, the parser stops it.
      const jpeg = await gradient(100, 100).jpeg().toBuffer();
      const padded = Buffer.concat([jpeg, Buffer.alloc(media.maxUploadBytes + 1 - jpeg.length)]);
      const counted = await upload(server.url, padded, 'padded.jpg');
      expect([counted.status, counted.body.error?.code, counted.body.error?.limit]).toEqual([413, 'FILE_TOO_LARGE', media.maxUploadBytes]);
    });

    it('refuses a body that is not multipart, and a form without a "file" part', async () => {
      const res = await fetch(`${server.url}/media`, { method: 'POST', headers: { ...STAFF, 'content-type': 'image/jpeg' }, body: await gradient(10, 10).jpeg().toBuffer() });
      expect([res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([400, 'NOT_MULTIPART']);
      const wrongPart = await upload(server.url, await gradient(10, 10).jpeg().toBuffer(), 'a.jpg', { fieldName: 'picture' });
      expect(wrongPart.status).toBe(400);
    });

    it('refuses texts that are too long and focal points outside the picture', async () => {
      const jpeg = await gradient(30, 30).jpeg().toBuffer();
      const longAlt = await upload(server.url, jpeg, 'a.jpg', { fields: { alt: 'ả'.repeat(1001) } });
      expect([longAlt.status, longAlt.body.error?.code, longAlt.body.error?.field]).toEqual([400, 'BAD_USER_INPUT', 'alt']);
      const outside = await upload(server.url, jpeg, 'a.jpg', { fields: { focalX: '1.5' } });
      expect([outside.status, outside.body.error?.field]).toEqual([400, 'focalPoint']);
    });
  });
});

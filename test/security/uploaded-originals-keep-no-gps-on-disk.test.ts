import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { MediaConfig } from '../../src/config';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { freshMediaConfig, gradient, signInMediaStaff, upload } from '../media/helpers';

/** Where a phone put the shot: Hà Tĩnh city centre, illustrative. */
const GPS = { GPSLatitudeRef: 'N', GPSLatitude: '18/1 20/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '105/1 54/1 20/1' };
/** EXIF strings are ASCII: a Vietnamese phone brand as the maker. */
const CAMERA = { IFD0: { Make: 'Vsmart' }, IFD3: GPS };

/** Tag numbers of the first IFD of an EXIF block (0x8825 = pointer to the GPS IFD, 0x0112 = orientation). */
function ifd0Tags(exif: Buffer | undefined): number[] {
  if (!exif) return [];
  const tiff = exif.toString('latin1', 0, 6) === 'Exif\0\0' ? 6 : 0;
  const le = exif.toString('latin1', tiff, tiff + 2) === 'II';
  const u16 = (at: number) => (le ? exif.readUInt16LE(at) : exif.readUInt16BE(at));
  const ifd = tiff + (le ? exif.readUInt32LE(tiff + 4) : exif.readUInt32BE(tiff + 4));
  return Array.from({ length: u16(ifd) }, (_, i) => u16(ifd + 2 + i * 12));
}

const rawPixels = async (data: Buffer) => sharp(data).raw().toBuffer();

describe.each([
  ['by default', {}, false],
  ['with MEDIA_KEEP_ORIGINAL_METADATA=1', { keepOriginalMetadata: true }, true],
])('uploaded originals %s', (_what, overrides: Partial<MediaConfig>, kept) => {
  let db: TestDatabase;
  let server: TestServer;
  const media = freshMediaConfig(overrides);
  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer(db, { media });
    await signInMediaStaff(db);
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
    fs.rmSync(media.dir, { recursive: true, force: true });
  });

  const stored = (id: string) => fs.readFileSync(path.join(media.dir, 'originals', id));

  it(`${kept ? 'keep' : 'lose'} the GPS position of a JPEG, keep its orientation and its exact pixels`, async () => {
    const photo = await gradient(300, 200).jpeg({ quality: 90 }).withExif(CAMERA).withMetadata({ orientation: 6 }).toBuffer();
    expect(ifd0Tags((await sharp(photo).metadata()).exif)).toContain(0x8825);

    const res = await upload(server.url, photo, 'hop-bao.jpg');
    expect(res.status).toBe(201);
    expect(res.body.image).toMatchObject({ width: 200, height: 300 }); // turned upright by the orientation
    const disk = stored(res.body.image!.id);
    const meta = await sharp(disk).metadata();
    expect(meta.orientation).toBe(6);
    expect(ifd0Tags(meta.exif).includes(0x8825)).toBe(kept);
    expect(disk.includes(Buffer.from('Vsmart'))).toBe(kept);
    expect((await rawPixels(disk)).equals(await rawPixels(photo))).toBe(true);
  });

  it.each([
    ['PNG', 'so-do.png', (s: sharp.Sharp) => s.png()],
    ['WebP', 'so-do.webp', (s: sharp.Sharp) => s.webp({ lossless: true })],
  ])(`${kept ? 'keep' : 'lose'} the GPS position of a %s`, async (_format, name, encode) => {
    const picture = await encode(gradient(120, 80))
      .withExif({ IFD0: { Make: 'Vsmart' }, IFD3: GPS })
      .toBuffer();
    expect(ifd0Tags((await sharp(picture).metadata()).exif)).toContain(0x8825);
    const res = await upload(server.url, picture, name);
    expect(res.status).toBe(201);
    const disk = stored(res.body.image!.id);
    expect(ifd0Tags((await sharp(disk).metadata()).exif).includes(0x8825)).toBe(kept);
    expect((await rawPixels(disk)).equals(await rawPixels(picture))).toBe(true);
  });
});

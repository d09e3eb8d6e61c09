import fs from 'node:fs';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '../../src/core/roles';
import type { StaffViewer } from '../../src/graphql/viewer';
import { ImageService } from '../../src/media/image.service';
import { loadThumbhash } from '../../src/media/media.analyze';
import { FsStorage } from '../../src/media/media.storage';
import { MediaImageDocument, MediaImageUrlDocument, MediaLibraryDocument, MediaUpdateImageDocument, type UpdateImageInput } from '../gql/graphql';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { BLUE, close, freshMediaConfig, gradient, RED, type Rgb, signInMediaStaff, STAFF, stripes, upload } from './helpers';

describe('Image in GraphQL', () => {
  let db: TestDatabase;
  let server: TestServer;
  const media = freshMediaConfig();
  let wide: string; // 800×400
  const uploadId = async (bytes: Buffer, name: string, fields: Record<string, string> = {}) => {
    const res = await upload(server.url, bytes, name, { fields });
    expect(res.status).toBe(201);
    return res.body.image as { id: string; placeholder: string; dominantColor: string };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer(db, { media });
    await signInMediaStaff(db);
    wide = (await uploadId(await gradient(800, 400).jpeg().toBuffer(), 'toan-canh.jpg', { alt: 'Toàn cảnh buổi làm việc', credit: 'Thu Hà' })).id;
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
    fs.rmSync(media.dir, { recursive: true, force: true });
  });

  it('describes an image with URLs, a srcset of real widths, placeholder and focal point', async () => {
    const { data, errors } = await server.query(MediaImageDocument, { id: wide });
    expect(errors).toBeUndefined();
    const image = data!.image;
    expect(image).toMatchObject({ id: wide, format: 'JPEG', width: 800, height: 400, alt: 'Toàn cảnh buổi làm việc', credit: 'Thu Hà', revision: 1, isSample: false });
    expect(image.focalPoint).toEqual({ x: 0.5, y: 0.5 });
    expect(image.small).toBe(`/media/${wide}/320.webp`);
    expect(image.avif).toBe(`/media/${wide}/640.avif`);
    expect(image.square).toBe(`/media/${wide}/320.jpeg?ratio=1%3A1&rev=1`);
    const base = `/media/${wide}`;
    expect(image.srcSet).toBe(
      [`${base}/160.webp 160w`, `${base}/320.webp 320w`, `${base}/480.webp 480w`, `${base}/640.webp 640w`, `${base}/768.webp 768w`, `${base}/1024.webp 800w`].join(', '),
    );
    const q = '?ratio=1%3A1&rev=1';
    expect(image.squareSrcSet).toBe([`${base}/160.jpeg${q} 160w`, `${base}/320.jpeg${q} 320w`, `${base}/480.jpeg${q} 400w`].join(', '));
    expect(image.placeholderDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(image.dominantColor).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('snaps asked widths up to an offered width, and refuses ratios that are not offered', async () => {
    const url = async (width: number, ratio?: string) => server.query(MediaImageUrlDocument, { id: wide, width, format: 'AVIF', ratio });
    expect((await url(700)).data!.image.url).toBe(`/media/${wide}/768.avif`);
    expect((await url(9000)).data!.image.url).toBe(`/media/${wide}/2560.avif`);
    expect((await url(200, '16:9')).data!.image.url).toBe(`/media/${wide}/320.avif?ratio=16%3A9&rev=1`);
    const bad = await url(200, '7:5');
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ratio' });
  });

  it('answers NOT_FOUND for unknown or malformed ids', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'abc', "1' or '1'='1"]) {
      const res = await server.query(MediaImageDocument, { id });
      expect(res.errors![0].extensions!.code).toBe('NOT_FOUND');
    }
  });

  it('lists the library newest first for staff, with search and paging; anonymous readers cannot', async () => {
    await uploadId(await gradient(100, 100).png().toBuffer(), 'cau-vang.png', { alt: 'Cầu qua sông Lam', caption: 'Ảnh tư liệu' });
    const all = await server.query(MediaLibraryDocument, { first: 10 }, STAFF);
    expect(all.data!.images.totalCount).toBe(2);
    expect(all.data!.images.items.map((i) => i.fileName)).toEqual(['cau-vang.png', 'toan-canh.jpg']);
    const found = await server.query(MediaLibraryDocument, { search: 'SÔNG LAM' }, STAFF);
    expect(found.data!.images.items.map((i) => i.alt)).toEqual(['Cầu qua sông Lam']);
    const page2 = await server.query(MediaLibraryDocument, { first: 1, offset: 1 }, STAFF);
    expect([page2.data!.images.totalCount, page2.data!.images.items[0].fileName]).toEqual([2, 'toan-canh.jpg']);
    const anonymous = await server.query(MediaLibraryDocument, {});
    expect(anonymous.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect((await server.query(MediaLibraryDocument, { first: 500 }, STAFF)).errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('edits alt, caption, credit and focal point for staff: trimmed, null clears, omitted stays', async () => {
    const edit = (input: UpdateImageInput, headers: Record<string, string> = STAFF) => server.query(MediaUpdateImageDocument, { id: wide, input }, headers);
    const first = await edit({ alt: '  Phó Chủ tịch HĐND tỉnh   phát biểu ', caption: 'Chú thích', focalPoint: { x: 0.3, y: 0.6 } });
    expect(first.data!.updateImage).toMatchObject({ alt: 'Phó Chủ tịch HĐND tỉnh phát biểu', caption: 'Chú thích', credit: 'Thu Hà', revision: 2, focalPoint: { x: 0.3, y: 0.6 } });
    const second = await edit({ caption: null, focalPoint: { x: 0.3, y: 0.6 } });
    expect(second.data!.updateImage).toMatchObject({ alt: 'Phó Chủ tịch HĐND tỉnh phát biểu', caption: null, revision: 2 });
    const outside = await edit({ focalPoint: { x: -0.1, y: 0.5 } });
    expect(outside.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'focalPoint' });
    const anonymous = await edit({ alt: 'x' }, {});
    expect(anonymous.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect((await server.query(MediaImageDocument, { id: wide })).data!.image.alt).toBe('Phó Chủ tịch HĐND tỉnh phát biểu');
  });

  it('lets editors and reporters edit, but not other roles or read-only tokens', async () => {
    const em = db.orm.em.fork() as EntityManager;
    const service = new ImageService(em, media, new FsStorage(media.dir));
    const viewer = (roles: Role[], writable = true): StaffViewer => ({
      kind: 'staff',
      name: 'Thử',
      userId: 1,
      email: null,
      roles,
      organisationId: null,
      mustChangePassword: false,
      via: 'session',
      writable,
    });
    await expect(service.edit(viewer([Role.REPORTER]), wide, { credit: 'Phóng viên' })).resolves.toMatchObject({ credit: 'Phóng viên' });
    await expect(service.edit(viewer([Role.EDITOR]), wide, { credit: 'Biên tập' })).resolves.toMatchObject({ credit: 'Biên tập' });
    await expect(service.edit(viewer([Role.DATA_MANAGER]), wide, { credit: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(service.edit(viewer([Role.EDITOR], false), wide, { credit: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('placeholders', () => {
  let db: TestDatabase;
  let server: TestServer;
  const media = freshMediaConfig();
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
  const facts = async (bytes: Buffer, name: string) => (await upload(server.url, bytes, name)).body.image as { placeholder: string; dominantColor: string };

  it('are the same for the same pixels, whatever the file format or upload', async () => {
    const picture = gradient(320, 240);
    const png = await facts(await picture.clone().png().toBuffer(), 'a.png');
    const again = await facts(await picture.clone().png({ compressionLevel: 1 }).toBuffer(), 'b.png');
    const webp = await facts(await picture.clone().webp({ lossless: true }).toBuffer(), 'c.webp');
    expect(again).toMatchObject({ placeholder: png.placeholder, dominantColor: png.dominantColor });
    expect(webp).toMatchObject({ placeholder: png.placeholder, dominantColor: png.dominantColor });
  });

  it('look like the picture: the ThumbHash average and the dominant colour follow its colours', async () => {
    const mostlyRed = await (await stripes(400, 200, [RED, RED, RED, BLUE])).png().toBuffer();
    const result = await facts(mostlyRed, 'red.png');
    const { thumbHashToAverageRGBA, thumbHashToApproximateAspectRatio } = await loadThumbhash();
    const avg = thumbHashToAverageRGBA(Buffer.from(result.placeholder, 'base64'));
    const mean: Rgb = [(3 * RED[0] + BLUE[0]) / 4, (3 * RED[1] + BLUE[1]) / 4, (3 * RED[2] + BLUE[2]) / 4];
    expect(close([avg.r * 255, avg.g * 255, avg.b * 255], mean, 20)).toBe(true);
    expect(thumbHashToApproximateAspectRatio(Buffer.from(result.placeholder, 'base64'))).toBeCloseTo(2, 0);
    const dominant = [1, 3, 5].map((i) => parseInt(result.dominantColor.slice(i, i + 2), 16)) as Rgb;
    expect(close(dominant, RED, 24)).toBe(true);
  });
});

import fs from 'node:fs';
import type { EntityManager } from '@mikro-orm/postgresql';
import sharp from 'sharp';
import { ensureSampleImage, renderSamplePhoto } from '../../src/media/image.samples';
import { FsStorage } from '../../src/media/media.storage';
import { MediaImageDocument } from '../gql/graphql';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { freshMediaConfig, getVariant } from './helpers';

describe('sample pictures for imported content', () => {
  let db: TestDatabase;
  let server: TestServer;
  const media = freshMediaConfig();
  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer(db, { media });
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
    fs.rmSync(media.dir, { recursive: true, force: true });
  });

  it('draws the same JPEG for the same seed and another for another seed', async () => {
    const a = await renderSamplePhoto('Phó Chủ tịch HĐND tỉnh Trương Thanh Huyền');
    const again = await renderSamplePhoto('Phó Chủ tịch HĐND tỉnh Trương Thanh Huyền');
    const b = await renderSamplePhoto('Phó Chủ tịch UBND TP Hà Tĩnh Phạm Hùng Cường');
    expect(a.equals(again)).toBe(true);
    expect(a.equals(b)).toBe(false);
    const meta = await sharp(a).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1200, 800]);
  });

  it('creates a library entry flagged as a sample once, and finds it again on re-import', async () => {
    const storage = new FsStorage(media.dir);
    const input = { seed: 'seed-article-photo-1', caption: 'Phó Chủ tịch HĐND tỉnh Trương Thanh Huyền phát biểu', alt: 'Ảnh minh họa buổi làm việc' };
    const em1 = db.orm.em.fork() as EntityManager;
    const first = await ensureSampleImage(em1, media, storage, input);
    await em1.flush();
    const em2 = db.orm.em.fork() as EntityManager;
    const second = await ensureSampleImage(em2, media, storage, input);
    await em2.flush();
    expect(second.id).toBe(first.id);
    const { data } = await server.query(MediaImageDocument, { id: first.id });
    expect(data!.image).toMatchObject({ isSample: true, caption: input.caption, width: 1200, height: 800, format: 'JPEG' });
    expect((await getVariant(server.url, data!.image.small)).status).toBe(200);
  });
});

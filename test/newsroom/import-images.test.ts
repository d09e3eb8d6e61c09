/** The seed article's photo lines become generated sample pictures on import, idempotently and without orphans. */
import fs from 'node:fs';
import path from 'node:path';
import { importContent } from '../../src/content/importer';
import { MediaImage } from '../../src/media/image.entity';
import { PicturesArticleDocument } from '../gql/graphql';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer } from '../support/server';
import { freshMediaConfig, getVariant, storedFiles } from '../media/helpers';
import { CONTENT_DIR, em, NEWSROOM_STEPS } from './support';

const SEED = 'chi-so-cai-cach-hanh-chinh-tp-ha-tinh-lien-tuc-dung-dau-khoi-cap-huyen';

describe('sample pictures of imported articles', () => {
  const dbs: TestDatabase[] = [];
  const media = freshMediaConfig();
  afterAll(async () => {
    for (const db of dbs) await db.destroy();
    fs.rmSync(media.dir, { recursive: true, force: true });
  });
  const fresh = async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    return db;
  };

  it('links one sample image per photo line, captioned from the file, and a re-import changes nothing', async () => {
    const db = await fresh();
    await importContent(db.orm, CONTENT_DIR, NEWSROOM_STEPS, { media });
    const server = await startTestServer(db, { media });
    try {
      const a = (await server.query(PicturesArticleDocument, { slug: SEED })).data!.article!;
      const ids = a.images.map((i) => i.image?.id);
      expect(new Set(ids).size).toBe(6);
      expect(a.images.every((i) => i.image?.isSample && i.imageId === i.image.id)).toBe(true);
      // The cover is the photo line anh-1: the same picture, not a seventh.
      expect(a.coverImage!.image!.id).toBe(ids[0]);
      expect(a.ogImage).toBe(`/media/${ids[0]}/1200.jpeg?ratio=40%3A21&rev=1`);
      const first = await em(db).findOneOrFail(MediaImage, { id: ids[0]! });
      expect(first).toMatchObject({ isSample: true, caption: a.images[0].caption, alt: a.images[0].alt, width: 1200, height: 800 });
      const blocks = a.body.filter((b) => b.__typename === 'ImageBlock') as { image: { id: string; isSample: boolean } | null }[];
      expect(blocks.map((b) => b.image?.id)).toEqual(ids);
      expect((await getVariant(server.url, a.images[5].url!)).status).toBe(200);
    } finally {
      await server.stop();
    }
    const again = await importContent(db.orm, CONTENT_DIR, NEWSROOM_STEPS, { media });
    expect(again.stats.changed).toBe(false);
    expect(again.stats.summary()).toContain('nothing changed');
    expect(await em(db).count(MediaImage, {})).toBe(6);
    expect(storedFiles(media.dir, 'originals')).toHaveLength(6);
  });

  it('leaves no row behind when the import fails, and the retry reuses the files already written', async () => {
    const db = await fresh();
    const other = freshMediaConfig();
    const dir = fs.mkdtempSync(path.join(media.dir, 'content-'));
    fs.cpSync(CONTENT_DIR, dir, { recursive: true });
    // Sorted after the seed article: the seed's pictures are made, then this file fails.
    fs.writeFileSync(path.join(dir, 'articles', 'zz-hong.md'), '---\nslug: bai-hong\ntitle: Bài hỏng\nkhongbiet: 1\n---\nThân bài.\n');
    await expect(importContent(db.orm, dir, NEWSROOM_STEPS, { media: other })).rejects.toThrow(/unknown key "khongbiet"/);
    expect(await em(db).count(MediaImage, {})).toBe(0);
    const written = storedFiles(other.dir, 'originals');
    expect(written.every((f) => /^sample-[0-9a-f]{64}$/.test(f))).toBe(true);
    fs.rmSync(path.join(dir, 'articles', 'zz-hong.md'));
    await importContent(db.orm, dir, NEWSROOM_STEPS, { media: other });
    expect(await em(db).count(MediaImage, {})).toBe(6);
    const after = storedFiles(other.dir, 'originals');
    expect(after).toHaveLength(6);
    expect(after).toEqual(expect.arrayContaining(written));
    fs.rmSync(other.dir, { recursive: true, force: true });
  });
});

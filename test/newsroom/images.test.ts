/** Articles' cover and inline pictures through the media library, alt text before publishing, Open Graph images. */
import fs from 'node:fs';
import sharp from 'sharp';
import { Role } from '../../src/core/roles';
import { importContent } from '../../src/content/importer';
import {
  PicturesCreateDocument,
  PicturesListDocument,
  PicturesPublishPendingDocument,
  PicturesSetAltDocument,
  PicturesTransitionDocument,
  PicturesUpdateDocument,
} from '../gql/graphql';
import { signedInAs } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { freshMediaConfig, getVariant, gradient, upload } from '../media/helpers';
import { CONTENT_DIR, NEWSROOM_STEPS } from './support';

const RANKING = '::: ranking index=cchc-cap-huyen-ha-tinh edition=2018 highlight=436,443 limit=5\n:::';

describe('article pictures from the media library', () => {
  let db: TestDatabase;
  let server: TestServer;
  let editor: Record<string, string>;
  const media = freshMediaConfig();
  let withAlt: string;
  let withoutAlt: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await importContent(db.orm, CONTENT_DIR, NEWSROOM_STEPS, { media });
    server = await startTestServer(db, { media });
    editor = (await signedInAs(db, [Role.EDITOR])).headers;
    const photo = await gradient(1600, 1000).png().toBuffer();
    const a = await upload(server.url, photo, 'a.png', { headers: editor, fields: { alt: 'Toàn cảnh hội nghị', caption: 'Hội nghị CCHC' } });
    const b = await upload(server.url, await gradient(900, 600).jpeg().toBuffer(), 'b.jpg', { headers: editor });
    expect([a.status, b.status]).toEqual([201, 201]);
    withAlt = a.body.image!.id;
    withoutAlt = b.body.image!.id;
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
    fs.rmSync(media.dir, { recursive: true, force: true });
  });

  const create = async (input: Record<string, unknown>) => {
    const res = await server.query(PicturesCreateDocument, { input: { sapo: 'Sa pô', topics: ['cai-cach-hanh-chinh'], ...input } as never }, editor);
    return res;
  };
  const publish = async (id: string, version: number) => {
    const review = await server.query(PicturesTransitionDocument, { id, version, to: 'IN_REVIEW' }, editor);
    expect(review.errors).toBeUndefined();
    return server.query(PicturesTransitionDocument, { id, version: review.data!.transitionArticle.version, to: 'PUBLISHED' }, editor);
  };

  it('shows the media image of the cover and of inline references, in the article and in its body', async () => {
    const res = await create({
      title: 'Bài có ảnh thư viện',
      coverImage: { imageId: withAlt },
      images: [{ ref: 'h1', imageId: withoutAlt, caption: 'Ảnh trong bài', alt: 'Người dân nộp hồ sơ' }],
      body: 'Mở đầu.\n\n![Ảnh](image:h1)\n\nKết.',
    });
    expect(res.errors).toBeUndefined();
    const a = res.data!.createArticle;
    expect(a.coverImage).toMatchObject({ imageId: withAlt, url: `/media/${withAlt}/1280.webp`, alt: 'Toàn cảnh hội nghị', image: { id: withAlt, width: 1600, height: 1000 } });
    expect(a.images[0]).toMatchObject({ ref: 'h1', imageId: withoutAlt, url: `/media/${withoutAlt}/1280.webp`, alt: 'Người dân nộp hồ sơ', image: { id: withoutAlt, alt: null } });
    expect(a.images[0].image!.srcSet).toContain(`/media/${withoutAlt}/480.webp 480w`);
    const block = a.body.find((b) => b.__typename === 'ImageBlock') as Extract<(typeof a.body)[number], { __typename: 'ImageBlock' }>;
    expect(block).toMatchObject({ ref: 'h1', url: `/media/${withoutAlt}/1280.webp`, caption: 'Ảnh trong bài', image: { id: withoutAlt, url: `/media/${withoutAlt}/640.webp` } });
    // The default variant really is served.
    const served = await getVariant(server.url, block.url!);
    expect(served.status).toBe(200);
  });

  it('refuses an unknown or malformed image id, naming the field', async () => {
    const unknown = await create({ title: 'Ảnh không có', coverImage: { imageId: '00000000-0000-4000-8000-000000000000' } });
    expect(unknown.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(JSON.stringify(unknown.errors![0].extensions)).toContain('coverImage.imageId');
    const malformed = await create({ title: 'Ảnh sai', images: [{ ref: 'x', imageId: 'khong-phai-uuid' }] });
    expect(JSON.stringify(malformed.errors![0].extensions)).toContain('images[0].imageId');
  });

  it('loads the pictures of a whole list in one batched statement', async () => {
    for (const n of [1, 2, 3]) {
      const made = await create({ title: `Bản tin có ảnh ${n}`, coverImage: { imageId: n === 2 ? withoutAlt : withAlt, alt: 'Ảnh bìa' } });
      expect((await publish(made.data!.createArticle.id, made.data!.createArticle.version)).errors).toBeUndefined();
    }
    const without = await server.query(PicturesListDocument, { first: 50 });
    const covers = without.data!.articles.edges.map((e) => e.node.coverImage?.image?.id).filter(Boolean);
    expect(new Set(covers).size).toBeGreaterThanOrEqual(3); // two uploads and the seed article's sample
    // The page, its total, and one statement for every cover picture together.
    expect(without.extensions!.sqlStatements).toBeLessThanOrEqual(3);
  });

  it('refuses to publish while an image has no alt text, on the reference or the media image', async () => {
    const made = await create({
      title: 'Ảnh thiếu mô tả',
      coverImage: { imageId: withoutAlt },
      images: [
        { ref: 'co-alt', imageId: withAlt },
        { ref: 'ngoai', url: 'https://example.vn/a.jpg' },
      ],
    });
    const a = made.data!.createArticle;
    const refused = await publish(a.id, a.version);
    expect(refused.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'images', refs: ['coverImage', 'ngoai'] });
    expect(refused.errors![0].message).toContain('coverImage, ngoai');
    const edited = await server.query(
      PicturesUpdateDocument,
      {
        id: a.id,
        version: a.version + 1,
        input: {
          images: [
            { ref: 'co-alt', imageId: withAlt },
            { ref: 'ngoai', url: 'https://example.vn/a.jpg', alt: 'Ảnh ngoài' },
          ],
        },
      },
      editor,
    );
    expect(edited.errors).toBeUndefined();
    // The alt text of the media image itself counts too.
    expect((await server.query(PicturesSetAltDocument, { id: withoutAlt, alt: 'Cán bộ một cửa' }, editor)).errors).toBeUndefined();
    const published = await server.query(PicturesTransitionDocument, { id: a.id, version: edited.data!.updateArticle.version, to: 'PUBLISHED' }, editor);
    expect(published.errors).toBeUndefined();
    expect(published.data!.transitionArticle.state).toBe('PUBLISHED');

    // Pending changes of a live article are checked when they are published.
    const pending = await server.query(
      PicturesUpdateDocument,
      { id: a.id, version: published.data!.transitionArticle.version, input: { coverImage: { url: 'https://example.vn/b.jpg' } } },
      editor,
    );
    expect(pending.errors).toBeUndefined();
    const notYet = await server.query(PicturesPublishPendingDocument, { id: a.id, version: pending.data!.updateArticle.version }, editor);
    expect(notYet.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'images', refs: ['coverImage'] });
  });

  it('names a 1200×630 card of the cover, else the social PNG of the first ranking', async () => {
    const covered = await create({ title: 'Bài có ảnh bìa', coverImage: { imageId: withAlt }, body: RANKING });
    const card = covered.data!.createArticle.ogImage!;
    expect(card).toBe(`/media/${withAlt}/1200.jpeg?ratio=40%3A21&rev=1`);
    const cardImage = await getVariant(server.url, card);
    const cardMeta = await sharp(cardImage.data).metadata();
    expect([cardImage.status, cardMeta.format, cardMeta.width, cardMeta.height]).toEqual([200, 'jpeg', 1200, 630]);

    const ranked = await create({ title: 'Bài chỉ có bảng xếp hạng', body: `Mở đầu.\n\n${RANKING}\n\n::: ranking index=cchc-cap-huyen-ha-tinh edition=2016\n:::` });
    const widget = ranked.data!.createArticle.ogImage!;
    expect(widget).toBe('/widgets/ranking/cchc-cap-huyen-ha-tinh/2018.png?highlight=436,443&limit=5&display=table&size=social');
    const png = await fetch(`${server.url}${widget}`);
    if (png.status !== 200) throw new Error(`widget answered ${png.status}: ${await png.text()}`);
    const pngMeta = await sharp(Buffer.from(await png.arrayBuffer())).metadata();
    expect([png.status, pngMeta.format, pngMeta.width, pngMeta.height]).toEqual([200, 'png', 1200, 630]);

    const plain = await create({ title: 'Bài không ảnh' });
    expect(plain.data!.createArticle.ogImage).toBeNull();
  });
});

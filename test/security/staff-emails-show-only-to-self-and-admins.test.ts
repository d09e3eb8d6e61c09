import fs from 'node:fs';
import sharp from 'sharp';
import { Role } from '../../src/core/roles';
import { ArticleSaverAuthorsDocument, CorrectScoreMDocument, CreateArticleDocument, ImageUploaderDocument, ScoreRevisionAuthorsDocument } from '../gql/graphql';
import { signedInAs, type TestAccount } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { freshMediaConfig, upload } from '../media/helpers';
import { importSmallIndex } from '../rankings/support';

const SLUG = 'thu-nghiem-hien-thi';
const NOW = new Date('2026-03-02T03:00:00Z');

describe.each([
  ['development', {}],
  ['production', { env: 'production' as const, debugSql: false, introspection: false, ide: false }],
])('accounts in %s: display name to everyone, email to the account itself and admins', (_env, overrides) => {
  let db: TestDatabase;
  let server: TestServer;
  const media = freshMediaConfig();
  let dataManager: TestAccount;
  let reporter: TestAccount;
  let otherStaff: TestAccount;
  let admin: TestAccount;
  let viewers: [string, Record<string, string>, string | null][];

  beforeAll(async () => {
    db = await createTestDatabase();
    await importSmallIndex(db, SLUG);
    server = await startTestServer(db, { media, ...overrides }, () => NOW);
    const now = () => NOW;
    dataManager = await signedInAs(db, [Role.DATA_MANAGER], { displayName: 'Nguyễn Văn Dữ Liệu', now });
    reporter = await signedInAs(db, [Role.REPORTER], { displayName: 'Trần Thị Phóng Viên', now });
    otherStaff = await signedInAs(db, [Role.EDITOR], { displayName: 'Lê Văn Biên Tập', now });
    admin = await signedInAs(db, [Role.ADMIN], { displayName: 'Quản trị', now });
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
    fs.rmSync(media.dir, { recursive: true, force: true });
  });

  /** [who, headers, the email the actor's field must show them] for an actor. */
  const audience = (actor: TestAccount, withAnonymous = true): [string, Record<string, string>, string | null][] => [
    ...(withAnonymous ? [['anonymous', {}, null] as [string, Record<string, string>, string | null]] : []),
    ['other staff', otherStaff.headers, null],
    ['the account itself', actor.headers, actor.email],
    ['an admin', admin.headers, actor.email],
  ];

  it('scoreRevisions.changedBy', async () => {
    const corrected = await server.query(
      CorrectScoreMDocument,
      { input: { index: SLUG, year: 2024, unit: '437', field: 'B', value: 16, reason: 'Sai sót khi nhập liệu' } },
      dataManager.headers,
    );
    expect(corrected.errors).toBeUndefined();
    viewers = audience(dataManager);
    for (const [who, headers, email] of viewers) {
      const res = await server.query(ScoreRevisionAuthorsDocument, { index: SLUG, year: 2024 }, headers);
      expect([who, res.data!.scoreRevisions]).toEqual([who, [{ field: 'B', changedBy: 'Nguyễn Văn Dữ Liệu', changedByEmail: email }]]);
      expect(JSON.stringify(res).includes(dataManager.email)).toBe(email !== null);
    }
  });

  it('article lastSavedBy and revisions.savedBy (staff only)', async () => {
    const created = await server.query(CreateArticleDocument, { input: { title: 'Người dân đánh giá dịch vụ công' } }, reporter.headers);
    const slug = created.data!.createArticle.slug;
    for (const [who, headers, email] of audience(reporter, false)) {
      const res = await server.query(ArticleSaverAuthorsDocument, { slug }, headers);
      expect([who, res.data!.article]).toEqual([
        who,
        { lastSavedBy: 'Trần Thị Phóng Viên', lastSavedByEmail: email, revisions: [{ savedBy: 'Trần Thị Phóng Viên', savedByEmail: email }] },
      ]);
    }
    expect((await server.query(ArticleSaverAuthorsDocument, { slug })).errors![0].extensions!.code).toBe('NOT_FOUND');
  });

  it('image uploadedBy', async () => {
    const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#c0392b' } })
      .png()
      .toBuffer();
    const uploaded = await upload(server.url, png, 'co-do.png', { headers: reporter.headers });
    expect(uploaded.status).toBe(201);
    for (const [who, headers, email] of audience(reporter)) {
      const res = await server.query(ImageUploaderDocument, { id: uploaded.body.image!.id }, headers);
      expect([who, res.data!.image]).toEqual([who, { uploadedBy: 'Trần Thị Phóng Viên', uploadedByEmail: email }]);
    }
  });
});

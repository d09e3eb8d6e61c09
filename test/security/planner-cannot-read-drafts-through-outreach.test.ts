import { Role } from '../../src/core/roles';
import { ArticleService } from '../../src/newsroom/article.service';
import { CreateCampaignMDocument, CreateItemMDocument, ItemQDocument, UpdateItemMDocument, type OutreachItemInput } from '../gql/graphql';
import { signedInAs } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { em, publishedArticle, staff } from '../newsroom/support';
import { failure, importBasics, ok, ORG_A, vn } from '../outreach/support';
import { BODY_HOOKS } from '../../src/bodies/body.hooks';

describe('outreach links show a planner only the articles article(…) would show', () => {
  let db: TestDatabase;
  let server: TestServer;
  let planner: Record<string, string>;
  let admin: Record<string, string>;
  let base: OutreachItemInput;
  let liveId: number;
  let draftId: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    await importBasics(db);
    server = await startTestServer(db);
    ({ headers: planner } = await signedInAs(db, [Role.OUTREACH_PLANNER], { organisation: ORG_A }));
    ({ headers: admin } = await signedInAs(db, [Role.ADMIN]));
    liveId = await publishedArticle(db, { title: 'Hà Tĩnh công bố chỉ số CCHC năm 2024' }, new Date('2025-01-10T02:00:00Z'));
    draftId = (await new ArticleService(em(db), staff(), new Date(), BODY_HOOKS).create({ title: 'Bản nháp: kết quả chưa công bố', body: 'Nội dung mật.' })).id;
    const campaign = ok(
      await server.query(
        CreateCampaignMDocument,
        { input: { title: 'Tuyên truyền chỉ số CCHC', startsOn: '2025-01-01', endsOn: '2025-12-31', unitCodes: ['436'], channelCodes: ['bao-dien-tu'] } },
        planner,
      ),
    );
    base = {
      campaignId: campaign.createOutreachCampaign.id,
      channelCode: 'bao-dien-tu',
      title: 'Đăng bài kết quả',
      startsAt: vn('2025-02-01T08:00:00'),
      endsAt: vn('2025-02-01T09:00:00'),
    };
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  it('refuses a draft id exactly like an id that does not exist', async () => {
    const draft = failure(await server.query(CreateItemMDocument, { input: { ...base, articleIds: [liveId, draftId] } }, planner));
    const missing = failure(await server.query(CreateItemMDocument, { input: { ...base, articleIds: [liveId, 987654] } }, planner));
    expect(draft).toMatchObject({ code: 'BAD_USER_INPUT', field: 'articleIds', reason: 'UNKNOWN_ARTICLE', unknown: [draftId] });
    expect(missing).toMatchObject({ code: 'BAD_USER_INPUT', field: 'articleIds', reason: 'UNKNOWN_ARTICLE', unknown: [987654] });
    expect(Object.keys(draft).sort()).toEqual(Object.keys(missing).sort());
    expect(draft.message.replace(String(draftId), 'ID')).toBe(missing.message.replace('987654', 'ID'));
  });

  it('links a live article for the planner', async () => {
    const item = ok(await server.query(CreateItemMDocument, { input: { ...base, articleIds: [liveId] } }, planner)).createOutreachItem;
    expect(item.articles.map((a) => Number(a.id))).toEqual([liveId]);
  });

  it('hides a draft an admin linked, and keeps that link when the planner edits the list', async () => {
    const item = ok(await server.query(CreateItemMDocument, { input: { ...base, articleIds: [liveId, draftId] } }, admin)).createOutreachItem;
    expect(item.articles.map((a) => Number(a.id)).sort()).toEqual([liveId, draftId].sort());

    const seen = ok(await server.query(ItemQDocument, { id: item.id }, planner)).outreachItem;
    expect(seen.articles.map((a) => Number(a.id))).toEqual([liveId]);
    expect(JSON.stringify(seen)).not.toContain('Bản nháp');

    const edited = ok(await server.query(UpdateItemMDocument, { id: item.id, version: item.version, input: { articleIds: [liveId] } }, planner)).updateOutreachItem;
    expect(edited.articles.map((a) => Number(a.id))).toEqual([liveId]);
    const forAdmin = ok(await server.query(ItemQDocument, { id: item.id }, admin)).outreachItem;
    expect(forAdmin.articles.map((a) => Number(a.id)).sort()).toEqual([liveId, draftId].sort());
  });
});

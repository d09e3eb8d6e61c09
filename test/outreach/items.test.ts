import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '../../src/core/roles';
import { Edition } from '../../src/rankings/edition.entity';
import { RankingIndex } from '../../src/rankings/index.entity';
import { EditionStatus, IndexLevel } from '../../src/rankings/ranking.enums';
import {
  ChannelsQDocument as ChannelsQ,
  CreateCampaignMDocument as CreateCampaignM,
  CreateItemMDocument as CreateItemM,
  SaveChannelMDocument as SaveChannelM,
  SetItemStatusMDocument as SetItemStatusM,
  UpdateCampaignMDocument as UpdateCampaignM,
  UpdateItemMDocument as UpdateItemM,
  type OutreachItemInput,
} from '../gql/graphql';
import { signedInAs } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { failure, importBasics, ok, ORG_A, vn } from './support';

describe('outreach items: bad input, workflow, optimistic locking, channels', () => {
  let db: TestDatabase;
  let server: TestServer;
  let planner: Record<string, string>;
  let campaignId: string;
  let base: OutreachItemInput;

  beforeAll(async () => {
    db = await createTestDatabase();
    await importBasics(db);
    server = await startTestServer(db);
    ({ headers: planner } = await signedInAs(db, [Role.OUTREACH_PLANNER], { organisation: ORG_A }));
    const campaign = ok(
      await server.query(
        CreateCampaignM,
        {
          input: {
            title: 'Dịch vụ công trực tuyến 2024',
            startsOn: '2024-09-01',
            endsOn: '2024-12-31',
            unitCodes: ['436', '437'],
            channelCodes: ['bao-dien-tu', 'hoi-nghi-doi-thoai', 'loa-truyen-thanh-co-so'],
          },
        },
        planner,
      ),
    ).createOutreachCampaign;
    campaignId = campaign.id;
    base = { campaignId, channelCode: 'bao-dien-tu', title: 'Bài hướng dẫn nộp hồ sơ trực tuyến', startsAt: vn('2024-10-01T08:00:00'), endsAt: vn('2024-10-01T09:00:00') };
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  const create = (input: Partial<OutreachItemInput>) => server.query(CreateItemM, { input: { ...base, ...input } }, planner);

  it('refuses bad input with a code, the field and a reason', async () => {
    expect(failure(await create({ endsAt: vn('2024-10-01T07:00:00') }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'endsAt', reason: 'END_BEFORE_START' });
    expect(failure(await create({ unitCodes: ['436', '999'] }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'unitCodes', reason: 'UNKNOWN_UNIT', unknown: ['999'] });
    expect(failure(await create({ unitCodes: ['439'] }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'unitCodes', reason: 'UNIT_NOT_IN_CAMPAIGN' });
    expect(failure(await create({ channelCode: 'truyen-hinh' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'channelCode', reason: 'CHANNEL_NOT_ALLOWED' });
    expect(failure(await create({ channelCode: 'bo-cau-dua-thu' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'channelCode', reason: 'UNKNOWN_CHANNEL' });
    expect(failure(await create({ rrule: 'FREQ=WEEKLY;BYDAY=TU' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rrule', reason: 'UNBOUNDED_RULE' });
    expect(failure(await create({ rrule: 'FREQ=WEEKLY;BYDAY=XX;COUNT=2' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rrule' });
    // Thành phố Hà Tĩnh as a district-level unit ended on 30/6/2025.
    expect(failure(await create({ startsAt: vn('2025-08-01T08:00:00'), endsAt: vn('2025-08-01T09:00:00'), unitCodes: ['436'] }))).toMatchObject({
      field: 'unitCodes',
      reason: 'UNIT_NOT_VALID',
    });
    expect(failure(await create({ widget: { indexSlug: 'khong-co' } }))).toMatchObject({ field: 'widget.indexSlug', reason: 'UNKNOWN_INDEX' });
    const fine = ok(await create({})).createOutreachItem;
    expect(fine.targetUnits.map((u) => u.code).sort()).toEqual(['436', '437']);
    expect(fine.status).toBe('IDEA');
  });

  it('moves through the workflow: assignee and a published edition before SCHEDULED, an outcome on DONE', async () => {
    const em = db.orm.em.fork() as EntityManager;
    const index = em.create(RankingIndex, { slug: 'chi-so-thu-nghiem', name: 'Chỉ số thử nghiệm', level: IndexLevel.DISTRICT });
    await em.flush();
    const { id: assigneeId } = await signedInAs(db, [Role.OUTREACH_PLANNER], { organisation: ORG_A });
    let item = ok(
      await create({
        status: 'DRAFT',
        channelCode: 'hoi-nghi-doi-thoai',
        dependsOn: { indexSlug: 'chi-so-thu-nghiem', year: 2024 },
        widget: { indexSlug: 'chi-so-thu-nghiem', view: 'UNIT_CARD', highlightUnitCodes: ['437'] },
      }),
    ).createOutreachItem;
    expect(item.dependsOn).toEqual({ indexSlug: 'chi-so-thu-nghiem', year: 2024, met: false });
    expect(item.widget).toEqual({ indexSlug: 'chi-so-thu-nghiem', year: null, view: 'UNIT_CARD', highlightUnitCodes: ['437'] });
    const move = async (status: 'PENDING_APPROVAL' | 'APPROVED' | 'SCHEDULED' | 'DONE' | 'CANCELLED', outcome?: { reach: number; notes: string }) =>
      server.query(SetItemStatusM, { id: item.id, version: item.version, status, outcome }, planner);

    expect(failure(await move('APPROVED'))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_TRANSITION', from: 'DRAFT', to: 'APPROVED' });
    item = ok(await move('PENDING_APPROVAL')).setOutreachItemStatus;
    item = ok(await move('APPROVED')).setOutreachItemStatus;
    expect(failure(await move('SCHEDULED'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'assigneeId', reason: 'ASSIGNEE_REQUIRED' });
    item = ok(await server.query(UpdateItemM, { id: item.id, version: item.version, input: { assigneeId } }, planner)).updateOutreachItem;
    expect(item.assignee).toEqual({ id: String(assigneeId) });
    expect(failure(await move('SCHEDULED'))).toMatchObject({ code: 'CONFLICT', reason: 'DEPENDENCY_UNMET' });
    em.create(Edition, { index, year: 2024, title: 'Chỉ số thử nghiệm 2024', status: EditionStatus.PUBLISHED });
    await em.flush();
    item = ok(await move('SCHEDULED')).setOutreachItemStatus;
    expect(item.dependsOn?.met).toBe(true);
    expect(failure(await move('DONE'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'outcome', reason: 'OUTCOME_REQUIRED' });
    expect(failure(await move('DONE', { reach: 120, notes: '   ' }))).toMatchObject({ reason: 'OUTCOME_REQUIRED' });
    item = ok(await move('DONE', { reach: 120, notes: 'Khoảng 120 người dân dự, 15 ý kiến.' })).setOutreachItemStatus;
    expect(item).toMatchObject({ status: 'DONE', outcomeReach: 120, outcomeNotes: 'Khoảng 120 người dân dự, 15 ý kiến.' });
    expect(failure(await move('CANCELLED'))).toMatchObject({ reason: 'INVALID_TRANSITION' });
  });

  it('refuses an edit sent with a stale version, and of two concurrent edits of one version exactly one wins', async () => {
    const item = ok(await create({ title: 'Bài gốc' })).createOutreachItem;
    const first = ok(await server.query(UpdateItemM, { id: item.id, version: item.version, input: { title: 'Bài sửa lần 1' } }, planner)).updateOutreachItem;
    expect(first.version).toBe(item.version + 1);
    const stale = await server.query(UpdateItemM, { id: item.id, version: item.version, input: { title: 'Bài sửa từ bản cũ' } }, planner);
    expect(failure(stale)).toMatchObject({ code: 'CONFLICT', reason: 'STALE_VERSION', currentVersion: first.version });
    const refused = await server.query(UpdateItemM, { id: item.id, version: first.version, input: { endsAt: vn('2024-09-01T00:00:00') } }, planner);
    expect(failure(refused)).toMatchObject({ reason: 'END_BEFORE_START' });
    const racing = await Promise.all(['A', 'B'].map((t) => server.query(UpdateItemM, { id: item.id, version: first.version, input: { title: `Bài sửa ${t}` } }, planner)));
    expect(racing.filter((r) => !r.errors).length).toBe(1);
    expect(racing.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT').length).toBe(1);

    const campaign = ok(await server.query(UpdateCampaignM, { id: campaignId, version: 1, input: { goal: 'Tăng tỷ lệ hồ sơ trực tuyến' } }, planner)).updateOutreachCampaign;
    expect(campaign.version).toBe(2);
    expect(failure(await server.query(UpdateCampaignM, { id: campaignId, version: 1, input: { goal: 'x' } }, planner))).toMatchObject({ code: 'CONFLICT' });
    expect(failure(await server.query(UpdateCampaignM, { id: campaignId, version: 2, input: { endsOn: '2024-08-01' } }, planner))).toMatchObject({
      field: 'endsOn',
      reason: 'END_BEFORE_START',
    });
  });

  it('lets admins, and only admins, extend the channel list; a retired channel takes no new items', async () => {
    const { headers: admin } = await signedInAs(db, [Role.ADMIN]);
    expect(failure(await server.query(SaveChannelM, { input: { code: 'podcast', name: 'Podcast' } }, planner))).toMatchObject({ code: 'FORBIDDEN' });
    expect(ok(await server.query(SaveChannelM, { input: { code: 'podcast', name: 'Podcast', capacityPerSlot: 2 } }, admin)).saveOutreachChannel).toEqual({
      code: 'podcast',
      name: 'Podcast',
      capacityPerSlot: 2,
      capacityPerUnit: false,
      active: true,
    });
    const channels = ok(await server.query(ChannelsQ, {}, planner)).outreachChannels.map((c) => c.code);
    expect(channels).toEqual(expect.arrayContaining(['loa-truyen-thanh-co-so', 'tin-nhan-sms-zalo', 'podcast']));
    expect(channels).toHaveLength(12);
    ok(await server.query(SaveChannelM, { input: { code: 'loa-truyen-thanh-co-so', active: false } }, admin));
    expect(failure(await create({ channelCode: 'loa-truyen-thanh-co-so' }))).toMatchObject({ field: 'channelCode', reason: 'CHANNEL_NOT_ALLOWED' });
  });
});

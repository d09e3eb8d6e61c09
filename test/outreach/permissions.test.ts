import { Role } from '../../src/core/roles';
import {
  CalendarQDocument as CalendarQ,
  CampaignQDocument as CampaignQ,
  CampaignsQDocument as CampaignsQ,
  CreateCampaignMDocument as CreateCampaignM,
  CreateItemMDocument as CreateItemM,
  ItemQDocument as ItemQ,
  SuggestionsQDocument as SuggestionsQ,
  UpdateItemMDocument as UpdateItemM,
} from '../gql/graphql';
import { signedInAs } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { failure, importBasics, ok, ORG_A, ORG_B, vn } from './support';

describe('outreach permissions: planners see and change only their organisation, anonymous sees nothing', () => {
  let db: TestDatabase;
  let server: TestServer;
  let plannerA: Record<string, string>;
  let plannerB: Record<string, string>;
  let admin: Record<string, string>;
  let reporter: Record<string, string>;
  let campaignA: string;
  let itemA: { id: string; version: number };
  const range = { from: vn('2025-04-01T00:00:00'), to: vn('2025-05-01T00:00:00') };

  beforeAll(async () => {
    db = await createTestDatabase();
    await importBasics(db);
    server = await startTestServer(db);
    ({ headers: plannerA } = await signedInAs(db, [Role.OUTREACH_PLANNER], { organisation: ORG_A }));
    ({ headers: plannerB } = await signedInAs(db, [Role.OUTREACH_PLANNER], { organisation: ORG_B }));
    ({ headers: admin } = await signedInAs(db, [Role.ADMIN]));
    ({ headers: reporter } = await signedInAs(db, [Role.REPORTER], { organisation: ORG_A }));
    const input = { startsOn: '2025-04-01', endsOn: '2025-04-30', unitCodes: ['441'] };
    campaignA = ok(await server.query(CreateCampaignM, { input: { ...input, title: 'Kế hoạch của Ban Tuyên giáo' } }, plannerA)).createOutreachCampaign.id;
    const campaignB = ok(await server.query(CreateCampaignM, { input: { ...input, title: 'Kế hoạch của Sở Nội vụ' } }, plannerB)).createOutreachCampaign.id;
    const item = (campaignId: string, title: string, headers: Record<string, string>) =>
      server.query(
        CreateItemM,
        { input: { campaignId, channelCode: 'phat-thanh', title, status: 'DRAFT', startsAt: vn('2025-04-10T11:00:00'), endsAt: vn('2025-04-10T11:15:00') } },
        headers,
      );
    itemA = ok(await item(campaignA, 'Phát thanh A', plannerA)).createOutreachItem;
    ok(await item(campaignB, 'Phát thanh B', plannerB));
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  it("shows a planner only their organisation's campaigns and occurrences; admins see all", async () => {
    expect(ok(await server.query(CampaignsQ, {}, plannerB)).outreachCampaigns.map((c) => c.title)).toEqual(['Kế hoạch của Sở Nội vụ']);
    expect(ok(await server.query(CalendarQ, range, plannerB)).outreachCalendar.map((o) => o.title)).toEqual(['Phát thanh B']);
    expect(
      ok(await server.query(CalendarQ, range, admin))
        .outreachCalendar.map((o) => o.title)
        .sort(),
    ).toEqual(['Phát thanh A', 'Phát thanh B']);
    // Same channel and slot but different organisations: neither planner sees the other's plan as a conflict.
    expect(ok(await server.query(CalendarQ, range, plannerA)).outreachCalendar[0].conflicts).toEqual([]);
    expect(ok(await server.query(CalendarQ, { ...range, organisationSlug: ORG_A }, admin)).outreachCalendar.map((o) => o.title)).toEqual(['Phát thanh A']);
  });

  it("hides another organisation's rows and refuses to change them", async () => {
    expect(failure(await server.query(CampaignQ, { id: campaignA }, plannerB))).toMatchObject({ code: 'NOT_FOUND' });
    expect(failure(await server.query(ItemQ, { id: itemA.id }, plannerB))).toMatchObject({ code: 'NOT_FOUND' });
    expect(failure(await server.query(UpdateItemM, { id: itemA.id, version: itemA.version, input: { title: 'Sửa trộm' } }, plannerB))).toMatchObject({ code: 'NOT_FOUND' });
    expect(
      failure(
        await server.query(
          CreateItemM,
          { input: { campaignId: campaignA, channelCode: 'phat-thanh', title: 'Chen vào', startsAt: vn('2025-04-11T11:00:00'), endsAt: vn('2025-04-11T11:15:00') } },
          plannerB,
        ),
      ),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(failure(await server.query(CalendarQ, { ...range, organisationSlug: ORG_A }, plannerB))).toMatchObject({ code: 'FORBIDDEN' });
    expect(failure(await server.query(CampaignsQ, { organisationSlug: ORG_A }, plannerB))).toMatchObject({ code: 'FORBIDDEN' });
    expect(ok(await server.query(ItemQ, { id: itemA.id }, plannerA)).outreachItem.title).toBe('Phát thanh A');
  });

  it('refuses anonymous callers and staff without the planner role', async () => {
    expect(failure(await server.query(CalendarQ, range))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(failure(await server.query(CampaignsQ, {}))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(failure(await server.query(ItemQ, { id: itemA.id }))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(failure(await server.query(SuggestionsQ, { unitCode: '436' }))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(failure(await server.query(CalendarQ, range, reporter))).toMatchObject({ code: 'FORBIDDEN' });
  });
});

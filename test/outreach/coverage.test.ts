import { Role } from '../../src/core/roles';
import {
  CoverageQDocument as CoverageQ,
  CreateCampaignMDocument as CreateCampaignM,
  CreateItemMDocument as CreateItemM,
  RemoveOccurrenceMDocument as RemoveOccurrenceM,
  SetItemStatusMDocument as SetItemStatusM,
  type OutreachItemInput,
} from '../gql/graphql';
import { signedInAs } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { failure, importBasics, ok, ORG_A, vn } from './support';

describe('outreach coverage on a known fixture', () => {
  let db: TestDatabase;
  let server: TestServer;
  let headers: Record<string, string>;
  let campaignId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await importBasics(db);
    server = await startTestServer(db);
    ({ headers } = await signedInAs(db, [Role.OUTREACH_PLANNER], { organisation: ORG_A }));
    campaignId = ok(
      await server.query(CreateCampaignM, { input: { title: 'Phủ sóng CCHC', startsOn: '2025-02-01', endsOn: '2025-04-30', unitCodes: ['436', '437', '439', '440'] } }, headers),
    ).createOutreachCampaign.id;
    const add = async (input: Partial<OutreachItemInput> & Pick<OutreachItemInput, 'channelCode' | 'startsAt' | 'endsAt' | 'unitCodes'>) =>
      ok(await server.query(CreateItemM, { input: { campaignId, title: `Hoạt động ${input.channelCode}`, status: 'DRAFT', ...input } }, headers)).createOutreachItem;
    // Weekly loudspeaker slot on Mondays 3, 10, 17, 24 March 2025 in 436 and 437; 17 March is removed.
    const loa = await add({
      channelCode: 'loa-truyen-thanh-co-so',
      startsAt: vn('2025-03-03T06:30:00'),
      endsAt: vn('2025-03-03T06:45:00'),
      rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=4',
      unitCodes: ['436', '437'],
    });
    ok(await server.query(RemoveOccurrenceM, { itemId: loa.id, version: loa.version, occurrenceStart: vn('2025-03-17T06:30:00') }, headers));
    await add({ channelCode: 'bao-dien-tu', startsAt: vn('2025-03-12T08:00:00'), endsAt: vn('2025-03-12T09:00:00'), unitCodes: ['436'] });
    // An idea and a cancelled item do not count.
    await add({ channelCode: 'hoi-nghi-doi-thoai', startsAt: vn('2025-03-20T08:00:00'), endsAt: vn('2025-03-20T11:00:00'), unitCodes: ['439'], status: 'IDEA' });
    const tv = await add({ channelCode: 'truyen-hinh', startsAt: vn('2025-03-05T19:45:00'), endsAt: vn('2025-03-05T20:00:00'), unitCodes: ['437', '439'] });
    ok(await server.query(SetItemStatusM, { id: tv.id, version: tv.version, status: 'CANCELLED' }, headers));
    // Before the period: counts for "quiet" with a long enough look-back, never in the cells.
    await add({ channelCode: 'mang-xa-hoi', startsAt: vn('2025-02-20T09:00:00'), endsAt: vn('2025-02-20T09:30:00'), unitCodes: ['440'] });
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  const coverage = async (quietDays: number) =>
    ok(await server.query(CoverageQ, { from: vn('2025-03-01T00:00:00'), to: vn('2025-04-01T00:00:00'), quietDays, campaignId }, headers)).outreachCoverage;

  it('counts occurrences per unit × channel and distinct channels per unit', async () => {
    const result = await coverage(14);
    expect(result.cells.map((c) => [c.unit.code, c.channel.code, c.occurrences])).toEqual([
      ['436', 'bao-dien-tu', 1],
      ['436', 'loa-truyen-thanh-co-so', 3],
      ['437', 'loa-truyen-thanh-co-so', 3],
    ]);
    expect(result.units.map((u) => [u.unit.code, u.occurrences, u.distinctChannels, u.lastStartsAt])).toEqual([
      ['436', 4, 2, vn('2025-03-24T06:30:00')],
      ['437', 3, 1, vn('2025-03-24T06:30:00')],
    ]);
  });

  it('lists the target units with nothing in the last N days before the end of the range', async () => {
    // 18–31 March: 436 and 437 had the loudspeaker slot of 24 March; 439 only an idea; 440 nothing.
    expect((await coverage(14)).quietUnits.map((u) => u.code)).toEqual(['439', '440']);
    // From 14 February on, 440's post of 20 February counts.
    expect((await coverage(45)).quietUnits.map((u) => u.code)).toEqual(['439']);
    // From 25 March on, nothing happened anywhere.
    expect((await coverage(7)).quietUnits.map((u) => u.code)).toEqual(['436', '437', '439', '440']);
  });

  it('refuses a look-back out of bounds and an anonymous caller', async () => {
    expect(failure(await server.query(CoverageQ, { from: vn('2025-03-01T00:00:00'), to: vn('2025-04-01T00:00:00'), quietDays: 0 }, headers))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'quietDays',
    });
    expect(failure(await server.query(CoverageQ, { from: vn('2025-03-01T00:00:00'), to: vn('2025-04-01T00:00:00'), quietDays: 30 }))).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

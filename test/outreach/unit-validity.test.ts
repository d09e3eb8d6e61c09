/**
 * Issue 14 item 1: everything that targets units checks their validity on its dates. A campaign
 * for December 2026 cannot target a district abolished on 30/6/2025, whichever path it takes
 * (create, update of its dates, content import, or an item falling back to the campaign's units).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Role } from '../../src/core/roles';
import { importContent } from '../../src/content/importer';
import { ImportFailedError } from '../../src/import-kit/problems';
import {
  CreateCampaignMDocument as CreateCampaignM,
  CreateItemMDocument as CreateItemM,
  SuggestionsQDocument as SuggestionsQ,
  UpdateCampaignMDocument as UpdateCampaignM,
} from '../gql/graphql';
import { rankingContent } from '../rankings/support';
import { signedInAs } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { failure, importBasics, ok, ORG_A, vn } from './support';

const PHUONG_THANH_SEN = '18073';
const CHANNELS = ['bao-dien-tu', 'loa-truyen-thanh-co-so'];

describe('outreach targets only units that exist on its dates', () => {
  let db: TestDatabase;
  let server: TestServer;
  let planner: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    await importBasics(db);
    // Rankings for the suggestions, imported before the server starts (no idle keep-alive socket to reuse).
    await importContent(db.orm, rankingContent({}, { shipped: true }));
    server = await startTestServer(db);
    ({ headers: planner } = await signedInAs(db, [Role.OUTREACH_PLANNER], { organisation: ORG_A }));
  }, 180_000);
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  const createCampaign = (startsOn: string, endsOn: string, unitCodes: string[]) =>
    server.query(CreateCampaignM, { input: { title: 'Tuyên truyền dịch vụ công trực tuyến', startsOn, endsOn, unitCodes, channelCodes: CHANNELS } }, planner);

  it('refuses a December 2026 campaign targeting an abolished district, naming the unit', async () => {
    const refused = failure(await createCampaign('2026-12-01', '2026-12-31', ['436', PHUONG_THANH_SEN]));
    expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', field: 'unitCodes', reason: 'UNIT_NOT_VALID', units: ['436'] });
    const commune = ok(await createCampaign('2026-12-01', '2026-12-31', [PHUONG_THANH_SEN])).createOutreachCampaign;
    expect(commune.targetUnits.map((u) => u.code)).toEqual([PHUONG_THANH_SEN]);
  });

  it('refuses moving a 2024 campaign of districts to December 2026', async () => {
    const campaign = ok(await createCampaign('2024-12-01', '2024-12-31', ['436'])).createOutreachCampaign;
    const moved = failure(await server.query(UpdateCampaignM, { id: campaign.id, version: campaign.version, input: { startsOn: '2026-12-01', endsOn: '2026-12-31' } }, planner));
    expect(moved).toMatchObject({ code: 'BAD_USER_INPUT', field: 'startsOn', reason: 'UNIT_NOT_VALID', units: ['436'] });
  });

  it('gives an item only the campaign units that exist on its day, and refuses abolished ones given explicitly', async () => {
    // A campaign across the reform: the district until 30/6/2025, the ward from 1/7/2025.
    const campaign = ok(await createCampaign('2025-06-01', '2025-12-31', ['436', PHUONG_THANH_SEN])).createOutreachCampaign;
    const item = (day: string, unitCodes?: string[]) =>
      server.query(
        CreateItemM,
        {
          input: {
            campaignId: campaign.id,
            channelCode: 'bao-dien-tu',
            title: 'Hướng dẫn nộp hồ sơ trực tuyến',
            startsAt: vn(`${day}T08:00:00`),
            endsAt: vn(`${day}T09:00:00`),
            unitCodes,
          },
        },
        planner,
      );
    expect(ok(await item('2025-06-10')).createOutreachItem.targetUnits.map((u) => u.code)).toEqual(['436']);
    expect(ok(await item('2025-12-10')).createOutreachItem.targetUnits.map((u) => u.code)).toEqual([PHUONG_THANH_SEN]);
    expect(failure(await item('2025-12-10', ['436']))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'unitCodes', reason: 'UNIT_NOT_VALID', units: ['436'] });

    // A campaign of districts only, whose item falls after 30/6/2025: no default unit exists then.
    const late = ok(await createCampaign('2025-06-01', '2025-07-31', ['436'])).createOutreachCampaign;
    const refused = await server.query(
      CreateItemM,
      { input: { campaignId: late.id, channelCode: 'bao-dien-tu', title: 'Bài sau cải cách', startsAt: vn('2025-07-10T08:00:00'), endsAt: vn('2025-07-10T09:00:00') } },
      planner,
    );
    expect(failure(refused)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'unitCodes', reason: 'UNIT_NOT_VALID', units: ['436'] });
  });

  it('suggests talking points for a unit only on a day it exists', async () => {
    const then = ok(await server.query(SuggestionsQ, { unitCode: '436', indexSlug: 'cchc-cap-huyen-ha-tinh', on: '2019-06-13' }, planner));
    expect(then.outreachSuggestions).toMatchObject({ unit: { code: '436' }, year: 2018 });
    const now = failure(await server.query(SuggestionsQ, { unitCode: '436', indexSlug: 'cchc-cap-huyen-ha-tinh', on: '2026-12-01' }, planner));
    expect(now).toMatchObject({ code: 'BAD_USER_INPUT', field: 'unitCode', reason: 'UNIT_NOT_VALID', units: ['436'] });
  });

  it('refuses the same campaign from a content file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-validity-'));
    fs.mkdirSync(path.join(dir, 'outreach'));
    fs.writeFileSync(
      path.join(dir, 'outreach', 'thang-12-2026.campaign.yaml'),
      `organisation: ${ORG_A}\ntitle: Tuyên truyền tháng 12/2026\nperiod: { from: 2026-12-01, to: 2026-12-31 }\nunits: ["436", "${PHUONG_THANH_SEN}"]\nchannels: [bao-dien-tu]\nitems: []\n`,
    );
    const error = await importContent(db.orm, dir).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImportFailedError);
    expect((error as ImportFailedError).problems.map((p) => p.column)).toEqual(['units']);
    expect((error as ImportFailedError).problems[0].message).toContain('436');
  });
});

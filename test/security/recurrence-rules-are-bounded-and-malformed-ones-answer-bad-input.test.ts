import { Role } from '../../src/core/roles';
import { CreateCampaignMDocument, CreateItemMDocument, type OutreachItemInput } from '../gql/graphql';
import { signedInAs } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { failure, importBasics, ok, ORG_A, vn } from '../outreach/support';

/** Words of a JS runtime error that must never reach a client. */
const JS_ERROR = /TypeError|undefined|Cannot read|is not a function/;

describe.each([
  ['development', {}],
  ['production', { env: 'production' as const, debugSql: false, introspection: false, ide: false }],
])('recurrence rules in %s', (_env, overrides) => {
  let db: TestDatabase;
  let server: TestServer;
  let planner: Record<string, string>;
  let base: OutreachItemInput;

  beforeAll(async () => {
    db = await createTestDatabase();
    await importBasics(db);
    server = await startTestServer(db, overrides);
    ({ headers: planner } = await signedInAs(db, [Role.OUTREACH_PLANNER], { organisation: ORG_A }));
    const campaign = ok(
      await server.query(
        CreateCampaignMDocument,
        { input: { title: 'Loa truyền thanh cơ sở', startsOn: '2025-01-01', endsOn: '2025-12-31', unitCodes: ['436'], channelCodes: ['loa-truyen-thanh-co-so'] } },
        planner,
      ),
    );
    base = {
      campaignId: campaign.createOutreachCampaign.id,
      channelCode: 'loa-truyen-thanh-co-so',
      title: 'Phát thanh sáng thứ Hai',
      startsAt: vn('2025-01-06T06:30:00'),
      endsAt: vn('2025-01-06T06:45:00'),
    };
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  const create = (rrule: string) => server.query(CreateItemMDocument, { input: { ...base, rrule } }, planner);

  it.each([
    ['UNTIL in 2100', 'FREQ=YEARLY;UNTIL=21000101', 'SERIES_TOO_FAR'],
    ['a yearly COUNT reaching a century ahead', 'FREQ=YEARLY;COUNT=100', 'SERIES_TOO_FAR'],
    ['a huge COUNT', 'FREQ=DAILY;COUNT=99999999', 'SERIES_TOO_LONG'],
    ['BYDAY=XX', 'FREQ=WEEKLY;BYDAY=XX;COUNT=2', 'INVALID_RULE'],
    ['BYDAY=XX with UNTIL', 'FREQ=WEEKLY;BYDAY=XX;UNTIL=20250301', 'INVALID_RULE'],
    ['a word as COUNT', 'FREQ=WEEKLY;BYDAY=MO;COUNT=nhieu', 'INVALID_RULE'],
  ])('refuses %s with BAD_USER_INPUT on rrule and a reason, never a JS error', async (_what, rrule, reason) => {
    const res = await create(rrule);
    expect(res.data).toBeNull();
    expect(failure(res)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rrule', reason });
    expect(res.errors![0].message).not.toMatch(JS_ERROR);
  });

  it('accepts a weekly series of one year', async () => {
    const item = ok(await create('FREQ=WEEKLY;BYDAY=MO;UNTIL=20251229')).createOutreachItem;
    expect(item.rrule).toBe('FREQ=WEEKLY;BYDAY=MO;UNTIL=20251229T165959Z');
  });
});

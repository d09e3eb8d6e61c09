import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { Role } from '../../src/core/roles';
import { importContent } from '../../src/content/importer';
import { CalendarQDocument as CalendarQ, CampaignsQDocument as CampaignsQ, ItemsQDocument as ItemsQ, SuggestionsQDocument as SuggestionsQ } from '../gql/graphql';
import { signedInAs } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { DISTRICTS, failure, ok, ORG_A, vn } from './support';

const CONTENT = path.resolve(__dirname, '../../content');

/** A unit's area points and maxima in an edition, read straight from the shipped CSV and YAML (not through the rankings code). */
function areasFromFiles(unitCode: string, year: number): { code: string; points: number; max: number }[] {
  const methodology = YAML.parse(fs.readFileSync(path.join(CONTENT, 'data/cchc-cap-huyen-ha-tinh.methodology.yaml'), 'utf8'));
  const lines = fs
    .readFileSync(path.join(CONTENT, 'data/cchc-cap-huyen-ha-tinh.scores.csv'), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'));
  const header = lines[0].split(',');
  const row = lines.map((l) => l.split(',')).find((cells) => cells[1] === String(year) && cells[2] === unitCode)!;
  return (methodology.criteria as { code: string; max: number }[]).map((area) => ({
    code: area.code,
    max: area.max,
    points: header.reduce((sum, column, i) => (column.startsWith(`${area.code}.`) ? sum + Number(row[i]) : sum), 0),
  }));
}

describe('shipped outreach content: sample campaign, idempotent import, suggestions', () => {
  let db: TestDatabase;
  let server: TestServer;
  let headers: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase({ content: true }); // the whole shipped content, imported once per run
    server = await startTestServer(db);
    ({ headers } = await signedInAs(db, [Role.OUTREACH_PLANNER], { organisation: ORG_A }));
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  it('imports the sample campaign, marked illustrative, across the 13 district-level units and several channels', async () => {
    const [campaign] = ok(await server.query(CampaignsQ, {}, headers)).outreachCampaigns;
    expect(campaign).toMatchObject({ illustrative: true, status: 'CLOSED', organisation: { slug: ORG_A }, audiences: ['CITIZENS', 'BUSINESSES', 'OFFICIALS'] });
    expect(campaign.source).toMatch(/minh họa/);
    expect(campaign.targetUnits.map((u) => u.code).sort()).toEqual(DISTRICTS);
    const items = ok(await server.query(ItemsQ, { campaignId: campaign.id }, headers)).outreachItems;
    expect(new Set(items.map((i) => i.channel.code)).size).toBeGreaterThanOrEqual(6);
    const recurring = items.filter((i) => i.rrule);
    expect(recurring.map((i) => [i.channel.code, i.rrule, i.exceptions])).toEqual([
      ['loa-truyen-thanh-co-so', 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20191230T165959Z', [vn('2019-09-02T06:30:00')]],
    ]);
    const article = items.find((i) => i.articles.length > 0)!;
    expect(article.articles[0].slug).toBe('chi-so-cai-cach-hanh-chinh-tp-ha-tinh-lien-tuc-dung-dau-khoi-cap-huyen');
    expect(article.widget).toEqual({ indexSlug: 'cchc-cap-huyen-ha-tinh', year: 2018, view: 'TABLE', highlightUnitCodes: ['436'] });
  });

  it('expands the weekly loudspeaker slot to every Monday 06:30 of July–December 2019 but National Day', async () => {
    const slots = ok(
      await server.query(CalendarQ, { from: vn('2019-07-01T00:00:00'), to: vn('2020-01-01T00:00:00'), channelCode: 'loa-truyen-thanh-co-so' }, headers),
    ).outreachCalendar;
    expect(slots).toHaveLength(26); // 27 Mondays from 1/7 to 30/12, less 2/9
    expect(slots[0].startsAt).toBe(vn('2019-07-01T06:30:00'));
    expect(slots[slots.length - 1].startsAt).toBe(vn('2019-12-30T06:30:00'));
    expect(slots.map((s) => s.startsAt)).not.toContain(vn('2019-09-02T06:30:00'));
    expect(slots.every((s) => new Date(new Date(s.startsAt).getTime() + 7 * 3600_000).getUTCDay() === 1)).toBe(true);
  });

  it('imports again without changing anything', async () => {
    const again = await importContent(db.orm, CONTENT);
    expect(again.stats.counts['outreach items']).toEqual({ created: 0, updated: 0, unchanged: 8 });
    expect(again.stats.counts['outreach campaigns']).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(again.stats.counts['outreach channels']).toEqual({ created: 0, updated: 0, unchanged: 11 });
  });

  it("suggests a unit's weakest areas of the latest published edition, with the figures, matching the shipped files", async () => {
    for (const code of ['447', '436']) {
      const expected = areasFromFiles(code, 2018)
        .sort((a, b) => a.points / a.max - b.points / b.max)
        .slice(0, 3);
      const result = ok(await server.query(SuggestionsQ, { unitCode: code }, headers)).outreachSuggestions;
      expect(result).toMatchObject({ indexSlug: 'cchc-cap-huyen-ha-tinh', year: 2018, illustrative: true, unit: { code } });
      expect(result.areas.map((a) => a.code)).toEqual(expected.map((a) => a.code));
      result.areas.forEach((a, i) => {
        expect(a.points).toBeCloseTo(expected[i].points, 6);
        expect(a.max).toBe(expected[i].max);
        expect(a.percentOfMax).toBeCloseTo((expected[i].points / expected[i].max) * 100, 1);
        expect(a.rankedUnits).toBe(13);
      });
    }
    expect(failure(await server.query(SuggestionsQ, { unitCode: '999' }, headers))).toMatchObject({ code: 'NOT_FOUND' });
    expect(failure(await server.query(SuggestionsQ, { unitCode: '42', indexSlug: 'cchc-cap-huyen-ha-tinh' }, headers))).toMatchObject({ code: 'NOT_FOUND' });
  });
});

import type ICALModule from 'ical.js' with { 'resolution-mode': 'import' };
import { Role } from '../../src/core/roles';
import {
  CalendarQDocument as CalendarQ,
  CreateCampaignMDocument as CreateCampaignM,
  CreateFeedMDocument as CreateFeedM,
  CreateItemMDocument as CreateItemM,
  EditOccurrenceMDocument as EditOccurrenceM,
  FeedsQDocument as FeedsQ,
  RemoveOccurrenceMDocument as RemoveOccurrenceM,
  RevokeFeedMDocument as RevokeFeedM,
} from '../gql/graphql';
import { signedInAs } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { failure, importBasics, ok, ORG_A, ORG_B, vn } from './support';

// ical.js is an ES module with a CommonJS build; this file is CommonJS, so it is required and typed from the ES module.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL: typeof ICALModule = require('ical.js');

/** Occurrences of a calendar text as an independent parser (ical.js) expands them: [start ISO, summary]. */
function expandWithIcalJs(text: string, until: Date): [string, string][] {
  const component = new ICAL.Component(ICAL.parse(text));
  for (const tz of component.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  const events = component.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
  const out: [string, string][] = [];
  for (const master of events.filter((e) => !e.isRecurrenceException())) {
    for (const exception of events.filter((e) => e.isRecurrenceException() && e.uid === master.uid)) master.relateException(exception);
    if (!master.isRecurring()) {
      out.push([master.startDate.toJSDate().toISOString(), master.summary]);
      continue;
    }
    const it = master.iterator();
    for (let next = it.next(); next && next.toJSDate() < until; next = it.next()) {
      const details = master.getOccurrenceDetails(next);
      out.push([details.startDate.toJSDate().toISOString(), details.item.summary]);
    }
  }
  return out.sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]));
}

describe('iCalendar feeds', () => {
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
      await server.query(CreateCampaignM, { input: { title: 'Lịch tuyên truyền', startsOn: '2025-03-01', endsOn: '2025-05-31', unitCodes: ['436', '449'] } }, headers),
    ).createOutreachCampaign.id;
    const loa = ok(
      await server.query(
        CreateItemM,
        {
          input: {
            campaignId,
            channelCode: 'loa-truyen-thanh-co-so',
            title: 'Loa: Dịch vụ công mức độ 3, 4',
            status: 'DRAFT',
            startsAt: vn('2025-03-03T06:30:00'),
            endsAt: vn('2025-03-03T06:45:00'),
            rrule: 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20250331',
          },
        },
        headers,
      ),
    ).createOutreachItem;
    const removed = ok(
      await server.query(RemoveOccurrenceM, { itemId: loa.id, version: loa.version, occurrenceStart: vn('2025-03-10T06:30:00') }, headers),
    ).removeOutreachOccurrence;
    ok(
      await server.query(
        EditOccurrenceM,
        {
          itemId: loa.id,
          version: removed.version,
          occurrenceStart: vn('2025-03-24T06:30:00'),
          input: { startsAt: vn('2025-03-25T17:00:00'), title: 'Loa: Dịch vụ công (dời lịch)' },
        },
        headers,
      ),
    );
    await server.query(
      CreateItemM,
      {
        input: {
          campaignId,
          channelCode: 'bao-dien-tu',
          title: 'Bài: Nhận kết quả qua bưu điện',
          status: 'DRAFT',
          startsAt: vn('2025-03-12T08:00:00'),
          endsAt: vn('2025-03-12T09:00:00'),
        },
      },
      headers,
    );
    // Ideas stay out of the feed.
    await server.query(
      CreateItemM,
      { input: { campaignId, channelCode: 'cuoc-thi', title: 'Ý tưởng cuộc thi', startsAt: vn('2025-03-15T08:00:00'), endsAt: vn('2025-03-15T09:00:00') } },
      headers,
    );
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  it('serves RFC 5545 that an independent parser expands into the same occurrences as the calendar', async () => {
    const { url, feed } = ok(await server.query(CreateFeedM, { campaignId }, headers)).createOutreachFeed;
    expect(url).toMatch(/^\/outreach\/feeds\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(feed.label).toBe('Lịch tuyên truyền');
    const res = await fetch(`${server.url}${url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const text = await res.text();
    expect(text).toContain('DTSTART;TZID=Asia/Ho_Chi_Minh:20250303T063000');
    expect(text).toContain('RECURRENCE-ID;TZID=Asia/Ho_Chi_Minh:20250324T063000');
    expect(text).toContain('EXDATE;TZID=Asia/Ho_Chi_Minh:20250310T063000');
    // RFC 5545 wants DTSTAMP in UTC.
    expect(text.match(/^DTSTAMP:.*$/gm)!.every((line) => /^DTSTAMP:\d{8}T\d{6}Z\r?$/.test(line))).toBe(true);
    expect(text).not.toContain('Ý tưởng cuộc thi');

    const fromFeed = expandWithIcalJs(text, new Date('2025-06-01T00:00:00Z'));
    const calendar = ok(await server.query(CalendarQ, { from: vn('2025-03-01T00:00:00'), to: vn('2025-06-01T00:00:00'), status: 'DRAFT' }, headers)).outreachCalendar;
    const fromApi = calendar.map((o) => [o.startsAt, o.title] as [string, string]);
    expect(fromFeed.map(([start, summary]) => [start, summary.replace(/^\[[^\]]+\] /, '')])).toEqual(fromApi);
    expect(fromApi).toEqual([
      [vn('2025-03-03T06:30:00'), 'Loa: Dịch vụ công mức độ 3, 4'],
      [vn('2025-03-12T08:00:00'), 'Bài: Nhận kết quả qua bưu điện'],
      [vn('2025-03-17T06:30:00'), 'Loa: Dịch vụ công mức độ 3, 4'],
      [vn('2025-03-25T17:00:00'), 'Loa: Dịch vụ công (dời lịch)'],
      [vn('2025-03-31T06:30:00'), 'Loa: Dịch vụ công mức độ 3, 4'],
    ]);
    expect(fromFeed[0][1]).toBe('[Loa truyền thanh cơ sở] Loa: Dịch vụ công mức độ 3, 4');
  });

  it('gives an organisation feed; a revoked or guessed URL answers 404', async () => {
    const { url, feed } = ok(await server.query(CreateFeedM, { organisationSlug: ORG_A }, headers)).createOutreachFeed;
    expect((await fetch(`${server.url}${url}`)).status).toBe(200);
    expect(ok(await server.query(FeedsQ, {}, headers)).outreachFeeds.map((f) => f.label)).toContain('Ban Tuyên giáo Tỉnh ủy Hà Tĩnh');
    const revoked = ok(await server.query(RevokeFeedM, { id: feed.id }, headers)).revokeOutreachFeed;
    expect(revoked.revokedAt).not.toBeNull();
    const gone = await fetch(`${server.url}${url}`);
    expect(gone.status).toBe(404);
    expect((await fetch(`${server.url}/outreach/feeds/${'A'.repeat(43)}.ics`)).status).toBe(404);
    expect(failure(await server.query(CreateFeedM, { organisationSlug: ORG_B }, headers))).toMatchObject({ code: 'FORBIDDEN' });
    expect(failure(await server.query(CreateFeedM, { organisationSlug: ORG_A }))).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

import { Role } from '../../src/core/roles';
import {
  CalendarQDocument as CalendarQ,
  ConflictsQDocument as ConflictsQ,
  CreateCampaignMDocument as CreateCampaignM,
  CreateItemMDocument as CreateItemM,
  EditOccurrenceMDocument as EditOccurrenceM,
  ItemQDocument as ItemQ,
  RemoveOccurrenceMDocument as RemoveOccurrenceM,
  RestoreOccurrenceMDocument as RestoreOccurrenceM,
  SplitSeriesMDocument as SplitSeriesM,
} from '../gql/graphql';
import { signedInAs, testClock } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { failure, importBasics, ok, ORG_A, vn } from './support';

describe('outreach calendar: recurrence, exceptions, series split, conflicts', () => {
  let db: TestDatabase;
  let server: TestServer;
  let headers: Record<string, string>;
  let campaignId: string;
  const clock = testClock(new Date('2025-02-21T03:00:00Z'));

  beforeAll(async () => {
    db = await createTestDatabase();
    await importBasics(db);
    server = await startTestServer(db, {}, clock.now);
    ({ headers } = await signedInAs(db, [Role.OUTREACH_PLANNER], { organisation: ORG_A }));
    const created = ok(
      await server.query(
        CreateCampaignM,
        { input: { title: 'Tuyên truyền CCHC quý I/2025', startsOn: '2025-03-02', endsOn: '2025-06-30', unitCodes: ['436', '437', '439'], audiences: ['CITIZENS'] } },
        headers,
      ),
    );
    campaignId = created.createOutreachCampaign.id;
    expect(created.createOutreachCampaign.organisation.slug).toBe(ORG_A);
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  const weekly = async (title: string, rrule = 'FREQ=WEEKLY;BYDAY=MO;COUNT=6', unitCodes = ['436']) =>
    ok(
      await server.query(
        CreateItemM,
        {
          input: {
            campaignId,
            channelCode: 'loa-truyen-thanh-co-so',
            title,
            startsAt: vn('2025-03-03T06:30:00'),
            endsAt: vn('2025-03-03T06:45:00'),
            rrule,
            unitCodes,
            status: 'DRAFT',
          },
        },
        headers,
      ),
    ).createOutreachItem;

  const calendar = async (itemId: string, from = vn('2025-03-02T00:00:00'), to = vn('2025-05-02T00:00:00')) =>
    ok(await server.query(CalendarQ, { from, to }, headers)).outreachCalendar.filter((o) => o.item.id === itemId);

  it('expands a weekly Monday 06:30 slot in Vietnamese time, exceptions left out and restorable', async () => {
    const item = await weekly('Loa: chuyên mục CCHC sáng thứ Hai');
    expect(item.rrule).toBe('FREQ=WEEKLY;BYDAY=MO;COUNT=6');
    const all = await calendar(item.id);
    expect(all.map((o) => o.startsAt)).toEqual(['2025-03-03', '2025-03-10', '2025-03-17', '2025-03-24', '2025-03-31', '2025-04-07'].map((d) => vn(`${d}T06:30:00`)));
    // 06:30 on Monday in Hà Tĩnh is 23:30 on Sunday in UTC.
    expect(all[0].startsAt).toBe('2025-03-02T23:30:00.000Z');

    const removed = ok(
      await server.query(RemoveOccurrenceM, { itemId: item.id, version: item.version, occurrenceStart: vn('2025-03-17T06:30:00') }, headers),
    ).removeOutreachOccurrence;
    expect(removed.exceptions).toEqual([vn('2025-03-17T06:30:00')]);
    expect(removed.version).toBe(item.version + 1);
    expect((await calendar(item.id)).map((o) => o.startsAt)).not.toContain(vn('2025-03-17T06:30:00'));
    expect(await calendar(item.id)).toHaveLength(5);

    const restored = ok(
      await server.query(RestoreOccurrenceM, { itemId: item.id, version: removed.version, occurrenceStart: vn('2025-03-17T06:30:00') }, headers),
    ).restoreOutreachOccurrence;
    expect(restored.exceptions).toEqual([]);
    expect(await calendar(item.id)).toHaveLength(6);
  });

  it('edits one occurrence only, and a moved occurrence shows where it moved to', async () => {
    const item = await weekly('Loa: bản tin dịch vụ công');
    const edited = ok(
      await server.query(
        EditOccurrenceM,
        {
          itemId: item.id,
          version: item.version,
          occurrenceStart: vn('2025-03-10T06:30:00'),
          input: { startsAt: vn('2025-03-11T17:00:00'), title: 'Loa: bản tin dịch vụ công (dời sang thứ Ba)' },
        },
        headers,
      ),
    ).editOutreachOccurrence;
    const occurrences = await calendar(item.id);
    const moved = occurrences.find((o) => o.originalStart === vn('2025-03-10T06:30:00'))!;
    expect(moved).toMatchObject({ startsAt: vn('2025-03-11T17:00:00'), endsAt: vn('2025-03-11T17:15:00'), overridden: true, title: 'Loa: bản tin dịch vụ công (dời sang thứ Ba)' });
    expect(occurrences.filter((o) => o.overridden)).toHaveLength(1);
    expect(occurrences.find((o) => o.originalStart === vn('2025-03-17T06:30:00'))!.title).toBe('Loa: bản tin dịch vụ công');
    // A window holding only the new time still finds the moved occurrence.
    const narrow = await calendar(item.id, vn('2025-03-11T00:00:00'), vn('2025-03-12T00:00:00'));
    expect(narrow.map((o) => o.key)).toEqual([`${item.id}@${vn('2025-03-10T06:30:00')}`]);

    const stale = await server.query(EditOccurrenceM, { itemId: item.id, version: item.version, occurrenceStart: vn('2025-03-17T06:30:00'), input: { title: 'x' } }, headers);
    expect(failure(stale)).toMatchObject({ code: 'CONFLICT', reason: 'STALE_VERSION', currentVersion: edited.version });
    const unknown = await server.query(EditOccurrenceM, { itemId: item.id, version: edited.version, occurrenceStart: vn('2025-03-18T06:30:00'), input: { title: 'x' } }, headers);
    expect(failure(unknown)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'occurrenceStart', reason: 'UNKNOWN_OCCURRENCE' });
  });

  it('cancels one occurrence on its own: the series keeps its status, the occurrence shows CANCELLED', async () => {
    const item = await weekly('Loa: lịch nghỉ lễ');
    const wrong = await server.query(EditOccurrenceM, { itemId: item.id, version: item.version, occurrenceStart: vn('2025-03-10T06:30:00'), input: { status: 'DONE' } }, headers);
    expect(failure(wrong)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_TRANSITION', from: 'DRAFT', to: 'DONE' });
    ok(await server.query(EditOccurrenceM, { itemId: item.id, version: item.version, occurrenceStart: vn('2025-03-10T06:30:00'), input: { status: 'CANCELLED' } }, headers));
    const statuses = (await calendar(item.id)).map((o) => o.status);
    expect(statuses).toEqual(['DRAFT', 'CANCELLED', 'DRAFT', 'DRAFT', 'DRAFT', 'DRAFT']);
  });

  it('splits "this and following" into two series; the rest carries the change and the later exceptions', async () => {
    const item = await weekly('Loa: hỏi đáp TTHC');
    const r1 = ok(await server.query(RemoveOccurrenceM, { itemId: item.id, version: item.version, occurrenceStart: vn('2025-03-31T06:30:00') }, headers)).removeOutreachOccurrence;
    const rest = ok(
      await server.query(
        SplitSeriesM,
        { itemId: item.id, version: r1.version, occurrenceStart: vn('2025-03-24T06:30:00'), input: { title: 'Loa: hỏi đáp TTHC (khung giờ mới)' } },
        headers,
      ),
    ).splitOutreachSeries;
    expect(rest).toMatchObject({ splitFromId: item.id, startsAt: vn('2025-03-24T06:30:00'), rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=3', exceptions: [vn('2025-03-31T06:30:00')] });
    const first = ok(await server.query(ItemQ, { id: item.id }, headers)).outreachItem;
    expect(first.exceptions).toEqual([]);
    expect(first.rrule).toBe(`FREQ=WEEKLY;BYDAY=MO;UNTIL=${vn('2025-03-24T06:29:59').replace(/[-:]|\.000/g, '')}`);
    expect((await calendar(item.id)).map((o) => o.startsAt)).toEqual([vn('2025-03-03T06:30:00'), vn('2025-03-10T06:30:00'), vn('2025-03-17T06:30:00')]);
    const after = await calendar(rest.id);
    expect(after.map((o) => [o.startsAt, o.title])).toEqual([
      [vn('2025-03-24T06:30:00'), 'Loa: hỏi đáp TTHC (khung giờ mới)'],
      [vn('2025-04-07T06:30:00'), 'Loa: hỏi đáp TTHC (khung giờ mới)'],
    ]);
  });

  it('reports a conflict when a per-unit channel slot holds more than its capacity, only in the shared unit', async () => {
    const base = { campaignId, channelCode: 'hoi-nghi-doi-thoai', status: 'DRAFT' as const, startsAt: vn('2025-04-16T08:00:00'), endsAt: vn('2025-04-16T09:30:00') };
    const a = ok(await server.query(CreateItemM, { input: { ...base, title: 'Đối thoại A', unitCodes: ['437'] } }, headers)).createOutreachItem;
    const b = ok(
      await server.query(
        CreateItemM,
        { input: { ...base, title: 'Đối thoại B', unitCodes: ['437', '439'], startsAt: vn('2025-04-16T09:00:00'), endsAt: vn('2025-04-16T10:00:00') } },
        headers,
      ),
    ).createOutreachItem;
    const ideaOnly = ok(await server.query(CreateItemM, { input: { ...base, title: 'Ý tưởng đối thoại', unitCodes: ['437'], status: 'IDEA' } }, headers)).createOutreachItem;
    const conflicts = ok(await server.query(ConflictsQ, { from: vn('2025-04-16T00:00:00'), to: vn('2025-04-17T00:00:00') }, headers)).outreachConflicts;
    // A covers 08:00–09:30 (slots 08 and 09), B 09:00–10:00 (slot 09): they share 09:00–10:00 in unit 437 only; the idea takes no capacity.
    expect(conflicts).toEqual([
      {
        key: expect.any(String),
        slotStart: vn('2025-04-16T09:00:00'),
        slotEnd: vn('2025-04-16T10:00:00'),
        capacity: 1,
        occurrenceKeys: [`${a.id}@${vn('2025-04-16T08:00:00')}`, `${b.id}@${vn('2025-04-16T09:00:00')}`],
        channel: { code: 'hoi-nghi-doi-thoai' },
        unit: { code: '437' },
      },
    ]);
    const occurrences = ok(
      await server.query(CalendarQ, { from: vn('2025-04-16T00:00:00'), to: vn('2025-04-17T00:00:00'), channelCode: 'hoi-nghi-doi-thoai' }, headers),
    ).outreachCalendar;
    expect(occurrences.find((o) => o.item.id === a.id)!.conflicts).toHaveLength(1);
    expect(occurrences.find((o) => o.item.id === ideaOnly.id)!.conflicts).toHaveLength(0);
    // Filters narrow the list, not the conflicts an occurrence is part of.
    const onlyB = ok(await server.query(CalendarQ, { from: vn('2025-04-16T00:00:00'), to: vn('2025-04-17T00:00:00'), unitCode: '439' }, headers)).outreachCalendar;
    expect(onlyB.map((o) => o.item.id)).toEqual([b.id]);
    expect(onlyB[0].conflicts[0].occurrenceKeys).toContain(`${a.id}@${vn('2025-04-16T08:00:00')}`);
  });

  it('reads the calendar in a fixed number of SQL statements however many items it holds', async () => {
    const range = { from: vn('2025-05-05T00:00:00'), to: vn('2025-05-12T00:00:00') };
    const add = (day: number) =>
      server.query(
        CreateItemM,
        {
          input: {
            campaignId,
            channelCode: 'bao-dien-tu',
            title: `Bài ${day}`,
            status: 'DRAFT',
            startsAt: vn(`2025-05-0${day}T08:00:00`),
            endsAt: vn(`2025-05-0${day}T09:00:00`),
            unitCodes: ['436', '437'],
          },
        },
        headers,
      );
    ok(await add(5));
    const one = await server.query(CalendarQ, range, headers);
    for (const day of [6, 7, 8, 9]) ok(await add(day));
    const five = await server.query(CalendarQ, range, headers);
    expect(ok(five).outreachCalendar).toHaveLength(5);
    expect(five.extensions?.sqlStatements).toBeGreaterThan(0);
    expect(five.extensions?.sqlStatements).toBe(one.extensions?.sqlStatements);
  });

  it('refuses a range that expands past the cap, a range too long and a range that ends before it starts', async () => {
    const small = await startTestServer(
      db,
      { outreach: { slotMinutes: 60, maxOccurrences: 10, maxSeriesOccurrences: 500, maxSeriesYears: 5, maxRangeDays: 400, feedBaseUrl: '' } },
      clock.now,
    );
    try {
      await weekly('Loa: dài', 'FREQ=DAILY;COUNT=30', ['439']);
      const over = await small.query(CalendarQ, { from: vn('2025-03-02T00:00:00'), to: vn('2025-05-02T00:00:00') }, headers);
      expect(failure(over)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to', reason: 'TOO_MANY_OCCURRENCES', cap: 10 });
    } finally {
      await small.stop();
    }
    expect(failure(await server.query(CalendarQ, { from: vn('2025-03-02T00:00:00'), to: vn('2027-03-03T00:00:00') }, headers))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'RANGE_TOO_LONG',
    });
    expect(failure(await server.query(CalendarQ, { from: vn('2025-03-03T00:00:00'), to: vn('2025-03-02T00:00:00') }, headers))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'END_BEFORE_START',
    });
  });
});

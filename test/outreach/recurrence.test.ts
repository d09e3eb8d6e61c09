import { DomainError } from '../../src/graphql/errors';
import { allStarts, normaliseRule, occurrenceStarts, splitRule } from '../../src/outreach/recurrence';

const limits = { maxOccurrences: 100, maxYears: 5 };
const vn = (local: string) => new Date(`${local}+07:00`);
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

function codeOf(run: () => unknown): Record<string, unknown> {
  try {
    run();
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, ...e.details };
    throw e;
  }
  throw new Error('expected an error');
}

describe('recurrence in Asia/Ho_Chi_Minh time', () => {
  it('keeps a Monday 06:30 slot on Monday local time, which is Sunday 23:30 in UTC', () => {
    const start = vn('2026-03-02T06:30:00'); // a Monday
    const rule = normaliseRule('FREQ=WEEKLY;BYDAY=MO;COUNT=3', start, limits);
    expect(iso(allStarts(rule, start))).toEqual(['2026-03-01T23:30:00.000Z', '2026-03-08T23:30:00.000Z', '2026-03-15T23:30:00.000Z']);
  });

  it('reads a date-only UNTIL as that whole local day and stores it in UTC', () => {
    const start = vn('2026-03-02T06:30:00');
    const rule = normaliseRule('RRULE:freq=weekly;byday=MO;until=20260316', start, limits);
    expect(rule).toBe('FREQ=WEEKLY;BYDAY=MO;UNTIL=20260316T165959Z');
    expect(allStarts(rule, start)).toHaveLength(3);
  });

  it('expands only the occurrences inside a window', () => {
    const start = vn('2026-03-02T06:30:00');
    const rule = normaliseRule('FREQ=DAILY;COUNT=10', start, limits);
    expect(iso(occurrenceStarts(rule, start, vn('2026-03-05T00:00:00'), vn('2026-03-06T23:59:59')))).toEqual(['2026-03-04T23:30:00.000Z', '2026-03-05T23:30:00.000Z']);
  });

  it('splits a series: the first part ends before the split, the rest keeps the remaining COUNT', () => {
    const start = vn('2026-03-02T06:30:00');
    const rule = normaliseRule('FREQ=WEEKLY;BYDAY=MO;COUNT=5', start, limits);
    const splitAt = vn('2026-03-16T06:30:00');
    const { before, after } = splitRule(rule, start, splitAt);
    expect(iso(allStarts(before, start))).toEqual([vn('2026-03-02T06:30:00'), vn('2026-03-09T06:30:00')].map((d) => d.toISOString()));
    expect(allStarts(after, splitAt)).toHaveLength(3);
    expect(allStarts(after, splitAt)[0].toISOString()).toBe(splitAt.toISOString());
  });

  it('refuses unbounded, invalid, too fine and too long rules with codes', () => {
    const start = vn('2026-03-02T06:30:00');
    expect(codeOf(() => normaliseRule('FREQ=WEEKLY;BYDAY=MO', start, limits))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rrule', reason: 'UNBOUNDED_RULE' });
    expect(codeOf(() => normaliseRule('FREQ=SOMETIMES;COUNT=2', start, limits))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rrule' });
    expect(codeOf(() => normaliseRule('not a rule', start, limits))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rrule' });
    expect(codeOf(() => normaliseRule('FREQ=HOURLY;COUNT=5', start, limits))).toMatchObject({ reason: 'FREQUENCY_NOT_ALLOWED' });
    expect(codeOf(() => normaliseRule('FREQ=DAILY;COUNT=101', start, limits))).toMatchObject({ reason: 'SERIES_TOO_LONG', cap: 100 });
    expect(codeOf(() => normaliseRule('FREQ=DAILY;UNTIL=20300101', start, limits))).toMatchObject({ reason: 'SERIES_TOO_LONG' });
    expect(codeOf(() => normaliseRule('FREQ=DAILY;UNTIL=20200101', start, limits))).toMatchObject({ reason: 'EMPTY_RULE' });
    expect(codeOf(() => normaliseRule('DTSTART=20260302T063000;FREQ=DAILY;COUNT=2', start, limits))).toMatchObject({ field: 'rrule' });
  });
});

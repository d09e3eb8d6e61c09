/**
 * RFC 5545 recurrence in Asia/Ho_Chi_Minh wall-clock time, expanded with the `rrule` library.
 *
 * rrule computes in "floating" time: we hand it the local wall clock as if it were UTC and turn
 * its answers back into instants. That keeps BYDAY/BYHOUR in local terms (a 06:30 Monday
 * loudspeaker slot is 23:30 Sunday in UTC) whatever the server's own TZ is.
 */
import { DateTime } from 'luxon';
import { Frequency, RRule } from 'rrule';
import { BadInputError } from '../core/errors';
import { localDate, VIETNAM_ZONE } from '../text/vietnam-time';

export const ZONE = VIETNAM_ZONE;
export { localDate };

/** The wall clock of `instant` in Asia/Ho_Chi_Minh, as a Date whose UTC fields carry it. */
export function toFloating(instant: Date): Date {
  const t = DateTime.fromJSDate(instant, { zone: ZONE });
  return new Date(Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.millisecond));
}

/** The instant at which Asia/Ho_Chi_Minh shows the wall clock carried by `floating`'s UTC fields. */
export function fromFloating(floating: Date): Date {
  return DateTime.fromObject(
    {
      year: floating.getUTCFullYear(),
      month: floating.getUTCMonth() + 1,
      day: floating.getUTCDate(),
      hour: floating.getUTCHours(),
      minute: floating.getUTCMinutes(),
      second: floating.getUTCSeconds(),
      millisecond: floating.getUTCMilliseconds(),
    },
    { zone: ZONE },
  ).toJSDate();
}

/** ICS basic format, UTC: 20190701T000000Z */
export const icsUtc = (d: Date): string =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

const ALLOWED_FREQ = new Set([Frequency.YEARLY, Frequency.MONTHLY, Frequency.WEEKLY, Frequency.DAILY]);

function parts(rule: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of rule.split(';')) {
    const [key, value] = part.split('=');
    if (!key || value === undefined) throw new BadInputError('rrule', `"${part}" is not KEY=VALUE`);
    map.set(key.trim().toUpperCase(), value.trim().toUpperCase());
  }
  return map;
}

const join = (map: Map<string, string>) => [...map].map(([k, v]) => `${k}=${v}`).join(';');

/** UNTIL as an instant: a UTC value (…Z) as is, a local value or a date (whole day, inclusive) from Vietnamese wall time. */
function untilInstant(value: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(value);
  if (!m) throw new BadInputError('rrule', `UNTIL=${value} is not a date or date-time`);
  const [, y, mo, d, h, mi, s, z] = m;
  if (h === undefined) return fromFloating(new Date(Date.UTC(+y, +mo - 1, +d, 23, 59, 59)));
  const utc = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s));
  return z ? utc : fromFloating(utc);
}

export interface SeriesLimits {
  /** Most occurrences one series may have. */
  maxOccurrences: number;
  /** How many years past its start the last occurrence may be (a plan, not a perpetual calendar). */
  maxYears: number;
}

const WEEKDAY = /^[+-]?(?:[1-9]|[1-4]\d|5[0-3])?(?:MO|TU|WE|TH|FR|SA|SU)$/;
const INTEGER_LIST = /^[+-]?\d{1,3}(?:,[+-]?\d{1,3})*$/;

/**
 * Syntax of the parts rrule reads loosely: it accepts BYDAY=XX and only fails, with a JS TypeError,
 * when expanding. Checked here so the client gets BAD_USER_INPUT on rrule, never an internal message.
 */
function checkParts(map: Map<string, string>): void {
  const byday = map.get('BYDAY');
  if (byday !== undefined && !byday.split(',').every((d) => WEEKDAY.test(d))) {
    throw new BadInputError('rrule', `BYDAY=${byday.slice(0, 40)} is not a list of weekdays such as MO,WE or 1MO`, { reason: 'INVALID_RULE' });
  }
  for (const key of ['BYMONTH', 'BYMONTHDAY', 'BYYEARDAY', 'BYWEEKNO', 'BYSETPOS', 'BYHOUR', 'BYMINUTE', 'BYSECOND', 'COUNT', 'INTERVAL']) {
    const value = map.get(key);
    if (value !== undefined && !(key === 'COUNT' || key === 'INTERVAL' ? /^\d{1,9}$/ : INTEGER_LIST).test(value))
      throw new BadInputError('rrule', `${key}=${value.slice(0, 40)} is not a number or a list of numbers`, { reason: 'INVALID_RULE' });
  }
}

/**
 * Checks a rule and returns it normalised (upper case, no "RRULE:" prefix, UNTIL in UTC as RFC 5545
 * asks when DTSTART carries a TZID). Unbounded rules (no COUNT, no UNTIL) are refused: every
 * series must be expandable to its end.
 */
export function normaliseRule(raw: string, start: Date, limits: SeriesLimits): string {
  const text = raw.trim().replace(/^RRULE:/i, '');
  if (!text || /[\r\n]/.test(text)) throw new BadInputError('rrule', 'expected one RRULE line such as FREQ=WEEKLY;BYDAY=MO;COUNT=10');
  const map = parts(text);
  if (map.has('DTSTART') || map.has('TZID')) throw new BadInputError('rrule', 'leave DTSTART out of the rule: the item start is the series start');
  checkParts(map);
  if (map.has('UNTIL')) map.set('UNTIL', icsUtc(untilInstant(map.get('UNTIL')!)));
  const normalised = join(map);
  let options;
  try {
    options = RRule.parseString(normalised);
  } catch {
    // rrule's own message is a JS error text: the client gets ours, never that.
    throw new BadInputError('rrule', 'not a valid RRULE (expected e.g. FREQ=WEEKLY;BYDAY=MO;COUNT=10)', { reason: 'INVALID_RULE' });
  }
  if (options.freq === undefined || !ALLOWED_FREQ.has(options.freq)) {
    throw new BadInputError('rrule', 'FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY', { reason: 'FREQUENCY_NOT_ALLOWED' });
  }
  if (!options.count && !options.until) {
    throw new BadInputError('rrule', 'the rule never ends: add COUNT or UNTIL', { reason: 'UNBOUNDED_RULE' });
  }
  if (options.count !== undefined && options.count !== null && (options.count < 1 || options.count > limits.maxOccurrences)) {
    throw new BadInputError('rrule', `COUNT must be between 1 and ${limits.maxOccurrences}`, { reason: 'SERIES_TOO_LONG', cap: limits.maxOccurrences });
  }
  const horizon = DateTime.fromJSDate(start, { zone: ZONE }).plus({ years: limits.maxYears }).toJSDate();
  if (options.until && options.until > horizon) {
    throw new BadInputError('rrule', `UNTIL must be within ${limits.maxYears} years of the start`, { reason: 'SERIES_TOO_FAR', maxYears: limits.maxYears });
  }
  const floatingHorizon = toFloating(horizon);
  let beyond = false;
  let total: number;
  try {
    total = seriesRule(normalised, start).all((d, i) => {
      beyond = d > floatingHorizon;
      return !beyond && i <= limits.maxOccurrences;
    }).length;
  } catch {
    // Whatever else rrule only finds while expanding: ours, not its JS message.
    throw new BadInputError('rrule', 'not a valid RRULE (expected e.g. FREQ=WEEKLY;BYDAY=MO;COUNT=10)', { reason: 'INVALID_RULE' });
  }
  if (beyond) {
    throw new BadInputError('rrule', `the series runs past ${limits.maxYears} years from its start`, { reason: 'SERIES_TOO_FAR', maxYears: limits.maxYears });
  }
  if (total === 0) throw new BadInputError('rrule', 'the rule yields no occurrence (UNTIL before the start?)', { reason: 'EMPTY_RULE' });
  if (total > limits.maxOccurrences) {
    throw new BadInputError('rrule', `the series has more than ${limits.maxOccurrences} occurrences`, { reason: 'SERIES_TOO_LONG', cap: limits.maxOccurrences });
  }
  return normalised;
}

/** The rule with its DTSTART in floating local time. UNTIL (stored in UTC) becomes floating too. */
function seriesRule(rule: string, start: Date): RRule {
  const options = RRule.parseString(rule);
  if (options.until) options.until = toFloating(options.until);
  return new RRule({ ...options, dtstart: toFloating(start), tzid: undefined });
}

/** Original starts (instants) of a series between two instants, inclusive; the first occurrence is the start itself. */
export function occurrenceStarts(rule: string | null | undefined, start: Date, from: Date, to: Date): Date[] {
  if (!rule) return start >= from && start <= to ? [start] : [];
  return seriesRule(rule, start).between(toFloating(from), toFloating(to), true).map(fromFloating);
}

/** Every original start of a (bounded) series. */
export function allStarts(rule: string | null | undefined, start: Date): Date[] {
  if (!rule) return [start];
  return seriesRule(rule, start).all().map(fromFloating);
}

/** Whether `instant` is an original start of the series. */
export function isOccurrence(rule: string | null | undefined, start: Date, instant: Date): boolean {
  return occurrenceStarts(rule, start, instant, instant).some((d) => d.getTime() === instant.getTime());
}

/**
 * "This and following": the rule of the part before `splitAt` (ends just before it) and the rule
 * of the part from `splitAt` on (keeps UNTIL, or the remaining COUNT).
 */
export function splitRule(rule: string, start: Date, splitAt: Date): { before: string; after: string } {
  const map = parts(rule);
  const starts = allStarts(rule, start);
  const kept = starts.filter((d) => d < splitAt).length;
  const before = new Map(map);
  before.delete('COUNT');
  before.set('UNTIL', icsUtc(new Date(splitAt.getTime() - 1000)));
  const after = new Map(map);
  if (map.has('COUNT')) after.set('COUNT', String(starts.length - kept));
  return { before: join(before), after: join(after) };
}

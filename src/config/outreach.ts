import { type Env, integer } from './env';

/** Outreach calendar bounds and feed URLs (src/outreach). */
export interface OutreachConfig {
  /** Length of the time slot in which a channel's capacity is counted (OUTREACH_SLOT_MINUTES). */
  slotMinutes: number;
  /** Most occurrences one calendar, coverage or feed may expand (OUTREACH_MAX_OCCURRENCES). */
  maxOccurrences: number;
  /** Most occurrences one series may have (OUTREACH_MAX_SERIES). */
  maxSeriesOccurrences: number;
  /** How far past its start a series may reach, in years (OUTREACH_MAX_SERIES_YEARS). */
  maxSeriesYears: number;
  /** Longest calendar range in days (OUTREACH_MAX_RANGE_DAYS). */
  maxRangeDays: number;
  /** Absolute origin put in front of feed paths, e.g. https://desk.example.vn (OUTREACH_FEED_BASE_URL); empty = relative paths. */
  feedBaseUrl: string;
}

export function loadOutreachConfig(env: Env = {}): OutreachConfig {
  return {
    slotMinutes: integer(env, 'OUTREACH_SLOT_MINUTES', 60, 5, 1440),
    maxOccurrences: integer(env, 'OUTREACH_MAX_OCCURRENCES', 5000, 10, 100000),
    maxSeriesOccurrences: integer(env, 'OUTREACH_MAX_SERIES', 500, 1, 10000),
    maxSeriesYears: integer(env, 'OUTREACH_MAX_SERIES_YEARS', 5, 1, 50),
    maxRangeDays: integer(env, 'OUTREACH_MAX_RANGE_DAYS', 400, 1, 3660),
    feedBaseUrl: (env.OUTREACH_FEED_BASE_URL || '').replace(/\/+$/, ''),
  };
}

/**
 * Calendar days and wall clocks in Vietnam (Asia/Ho_Chi_Minh), computed with luxon: every time
 * zone computation of the product goes through here or through luxon with this zone.
 */
import { DateTime } from 'luxon';

export const VIETNAM_ZONE = 'Asia/Ho_Chi_Minh';

/** Local calendar date (YYYY-MM-DD) of an instant. */
export const localDate = (instant: Date): string => DateTime.fromJSDate(instant, { zone: VIETNAM_ZONE }).toISODate()!;

/** The instant a local calendar day (YYYY-MM-DD) starts; null for a day that does not exist. */
export function localMidnight(isoDate: string): Date | null {
  const t = DateTime.fromISO(isoDate, { zone: VIETNAM_ZONE });
  return t.isValid ? t.toJSDate() : null;
}

/** A day as Vietnamese readers write it: 13/06/2019. */
export const formatLocalDate = (instant: Date): string => DateTime.fromJSDate(instant, { zone: VIETNAM_ZONE }).toFormat('dd/MM/yyyy');

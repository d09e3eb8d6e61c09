/**
 * When a unit existed. Dates are calendar days (YYYY-MM-DD, Asia/Ho_Chi_Minh); `validFrom` and
 * `validTo` are inclusive and null when open. Everything that targets a unit (campaigns, items,
 * suggestions, coverage, rankings) asks these two functions.
 */
export interface Dated {
  validFrom?: string | null;
  validTo?: string | null;
}

/** The unit existed on `day`. */
export function existsOn(unit: Dated, day: string): boolean {
  return (!unit.validFrom || unit.validFrom <= day) && (!unit.validTo || unit.validTo >= day);
}

/** The unit existed on at least one day of [from, to]. */
export function existsDuring(unit: Dated, from: string, to: string): boolean {
  return (!unit.validFrom || unit.validFrom <= to) && (!unit.validTo || unit.validTo >= from);
}

/** Why a unit is not there on a day, for messages: "ended on 2025-06-30" / "starts on 2025-07-01". */
export function absence(unit: Dated, from: string): string {
  if (unit.validTo && unit.validTo < from) return `ended on ${unit.validTo}`;
  return `starts on ${unit.validFrom}`;
}

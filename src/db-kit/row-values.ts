/** Values of raw SQL rows (knex/em.execute answers), as the drivers hand them back. */

export const toDate = (v: unknown): Date | null => (v == null ? null : v instanceof Date ? v : new Date(v as string));

/** JSON columns come back parsed from pg, as text from some drivers. */
export const fromJson = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

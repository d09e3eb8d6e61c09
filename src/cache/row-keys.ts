/**
 * Row-level change keys. A response that read a table through a statement the lean read path
 * describes (`describedRead`) depends on the rows it found (`article:12`) plus `article:*`; any
 * other read depends on the whole table (`article`). A write publishes the table key always (so
 * listings and undescribed reads are evicted), the row keys when the statement names its rows by
 * id the way MikroORM's unit of work writes them (`update "article" set … where "id" = 12`), and
 * `article:*` when it does not (a raw `update article set … where publish_at <= …`): then every
 * row-described entry of that table goes too. Inserts add rows, they change none that a described
 * read found, so they publish the table key only (lookups that found nothing are not described).
 */

/** Tables whose reads can be described by rows: each found row is known by its primary key `id`. */
export const ROW_TABLES: ReadonlySet<string> = new Set(['article', 'topic', 'media_image']);

export const rowKey = (table: string, id: string | number): string => `${table}:${id}`;
export const anyRowKey = (table: string): string => `${table}:*`;

/** The table a change key is about (`article:12` → `article`). */
export const tableOfKey = (key: string): string => {
  const i = key.indexOf(':');
  return i < 0 ? key : key.slice(0, i);
};

// The final WHERE of a unit-of-work update/delete: by id (one, or a list for batches), maybe with the
// optimistic-lock version and a RETURNING list. Anchored at the end, so text inside a string literal
// of the SET clause cannot be taken for it (checked again below by counting quotes).
const BY_ID = /\swhere\s+"id"\s*(?:=\s*('?)([\w-]+)\1|in\s*\(((?:\s*'?[\w-]+'?\s*,?)+)\))(?:\s+and\s+"version"\s*=\s*\d+)?(?:\s+returning\s+[\w",\s]+)?\s*;?\s*$/i;
const SIMPLE_WRITE = /^\s*(update|delete\s+from|insert\s+into)\s+"?([a-z_][a-z0-9_]*)"?[\s(]/i;

/** The row ids a single-table update/delete names in its final WHERE, or null when it does not. */
function idsOf(sql: string): string[] | null {
  const m = BY_ID.exec(sql);
  if (!m) return null;
  // An odd number of quotes before the match would mean it sits inside a string literal.
  if ((sql.slice(0, m.index).match(/'/g)?.length ?? 0) % 2 !== 0) return null;
  if (m[2] !== undefined) return [m[2]];
  return m[3]
    .split(',')
    .map((s) => s.trim().replace(/^'|'$/g, ''))
    .filter(Boolean);
}

/**
 * What to publish for one write statement, given the tables it writes: every table, and for
 * ROW_TABLES the rows (or `table:*`).
 */
export function changeKeysOf(sql: string, tables: Set<string>): string[] {
  const keys = [...tables];
  const simple = SIMPLE_WRITE.exec(sql);
  for (const t of tables) {
    if (!ROW_TABLES.has(t)) continue;
    const alone = tables.size === 1 && simple !== null && simple[2].toLowerCase() === t;
    if (alone && /^insert/i.test(simple![1]) && !/\bon\s+conflict\b/i.test(sql)) continue; // new rows only
    const ids = alone && !/^insert/i.test(simple![1]) ? idsOf(sql) : null;
    if (ids) keys.push(...ids.map((id) => rowKey(t, id)));
    else keys.push(anyRowKey(t));
  }
  return keys;
}

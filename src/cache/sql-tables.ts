/**
 * Table names a SQL statement reads and writes, found by a light scan of its text. This is what
 * makes dependency tracking complete by construction: every statement the ORM, a DataLoader, a
 * raw `em.execute` or a lean read path sends passes through the same knex "query" event, so a
 * response records every table it touched however the data was fetched. The scan over-reports
 * (a CTE name or `extract(year from col)` yields a harmless extra name), it never under-reports
 * a quoted or bare table name after FROM/JOIN/INTO/UPDATE.
 */
const READ = /\b(?:from|join)\s+(?:only\s+)?("?)([a-z_][a-z0-9_]*)\1/gi;
const WRITE = /\b(?:insert\s+into|update|delete\s+from|truncate(?:\s+table)?|merge\s+into)\s+(?:only\s+)?("?)([a-z_][a-z0-9_]*)\1/gi;
const WRITE_HINT = /\b(?:insert|update|delete|truncate|merge)\b/i;
// `select … for update` and `on conflict … do update set` are not writes to a table named "set"/"of".
const NOT_TABLES = new Set(['set', 'of', 'nowait', 'skip', 'select', 'lateral', 'unnest', 'generate_series', 'jsonb_array_elements', 'jsonb_each', 'json_each']);

function scan(re: RegExp, sql: string, into: Set<string>): void {
  re.lastIndex = 0;
  for (let m = re.exec(sql); m; m = re.exec(sql)) {
    const name = m[2].toLowerCase();
    if (!NOT_TABLES.has(name)) into.add(name);
  }
}

export function tablesRead(sql: string, into: Set<string>): void {
  scan(READ, sql, into);
}

/** Tables a statement writes; empty for plain reads (checked cheaply first). */
export function tablesWritten(sql: string): Set<string> {
  const out = new Set<string>();
  if (!WRITE_HINT.test(sql)) return out;
  if (/^\s*(select|begin|commit|rollback|savepoint|release|set)\b/i.test(sql) && !/\b(insert\s+into|delete\s+from)\b|\bupdate\s+"?\w+"?\s+set\b/i.test(sql)) return out;
  scan(WRITE, sql, out);
  return out;
}

/**
 * What the current request read, for the response cache: every SQL statement run inside an
 * anonymous request adds the tables it reads (src/cache/sql-tables.ts), unless the lean read path
 * described it (`describedRead`): then the response depends on the rows the statement found for
 * the tables that can be described by rows (src/cache/row-keys.ts), and on the other tables it read.
 * One AsyncLocalStorage follows the request through every await, DataLoader batch and statement.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { anyRowKey, ROW_TABLES } from './row-keys';

export interface ReadRecord {
  /** Change keys the response depends on: tables, `table:id` rows and `table:*` */
  deps: Set<string>;
  /** Set inside describedRead: the tables its statement read (decided when it answers) */
  described?: Set<string>;
}

export const reads = new AsyncLocalStorage<ReadRecord>();

/**
 * Runs one lean-path read whose result says which rows of which tables it found (`rowsOf`), so the
 * response depends on those rows instead of the whole tables. Tables it read that `rowsOf` does not
 * describe, or that are not ROW_TABLES (a slug history, a join table), stay table-level.
 * Outside a recorded request it just runs.
 */
export async function describedRead<T>(run: () => Promise<T>, rowsOf: (result: T) => Record<string, (string | number)[]> | null): Promise<T> {
  const record = reads.getStore();
  if (!record || record.described) return run();
  const described = new Set<string>();
  const result = await reads.run({ deps: record.deps, described }, run);
  const rows = rowsOf(result);
  for (const table of described) {
    const ids = rows?.[table];
    if (!ids || !ROW_TABLES.has(table)) {
      record.deps.add(table);
      continue;
    }
    record.deps.add(anyRowKey(table));
    for (const id of ids) record.deps.add(`${table}:${id}`);
  }
  return result;
}

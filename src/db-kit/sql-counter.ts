/**
 * Counts SQL statements per unit of work (a GraphQL request, a test block) with
 * AsyncLocalStorage, fed by the knex "query" event. The debug flag and the tests use
 * this one counter.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface SqlScope {
  statements: number;
  log?: string[];
}

const storage = new AsyncLocalStorage<SqlScope>();

export function countQuery(sql: string): void {
  const scope = storage.getStore();
  if (!scope) return;
  scope.statements++;
  scope.log?.push(sql);
}

export function currentSqlScope(): SqlScope | undefined {
  return storage.getStore();
}

export function runWithSqlScope<T>(scope: SqlScope, fn: () => T): T {
  return storage.run(scope, fn);
}

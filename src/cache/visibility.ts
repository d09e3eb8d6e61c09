/**
 * The next instant at which time alone changes what anonymous readers see: a SCHEDULED (or
 * future-dated PUBLISHED) article reaching publishAt, or pending changes reaching
 * pendingPublishAt. A cached response that read articles never outlives it. Memoised per
 * process and forgotten whenever the article table changes; the bookkeeping query runs outside
 * the request's statement count and dependency record.
 */
import type { MikroORM, EntityManager } from '@mikro-orm/postgresql';
import { runWithSqlScope } from '../db-kit/sql-counter';

export const TIME_DEPENDENT_TABLES = new Set(['article']);

export class VisibilityClock {
  private memo: { next: number | null; at: number } | null = null;
  private generation = 0;

  constructor(
    private readonly orm: MikroORM,
    private readonly now: () => Date,
  ) {}

  changed(keys: string[]): void {
    if (keys.some((k) => TIME_DEPENDENT_TABLES.has(k))) {
      this.generation++;
      this.memo = null;
    }
  }

  /** ms since epoch of the next visibility change after now, or null when none is scheduled. */
  async next(): Promise<number | null> {
    const now = this.now().getTime();
    // A memo taken at an earlier clock reading stays valid until its instant passes.
    if (this.memo && this.memo.at <= now && (this.memo.next === null || this.memo.next > now)) return this.memo.next;
    const generation = this.generation;
    const em = this.orm.em.fork() as EntityManager;
    const at = new Date(now);
    const rows: { next: Date | string | null }[] = await runWithSqlScope({ statements: 0 }, () =>
      em.execute(
        `select least(
           (select min(publish_at) from article where state in ('PUBLISHED', 'SCHEDULED') and publish_at > ?),
           (select min(pending_publish_at) from article where pending is not null and pending_publish_at > ?)
         ) as next`,
        [at, at],
      ),
    );
    const raw = rows[0]?.next ?? null;
    const next = raw === null ? null : new Date(raw).getTime();
    if (generation === this.generation) this.memo = { next, at: now };
    return next;
  }
}

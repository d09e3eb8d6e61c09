/**
 * Publication bookkeeping that time alone cannot do: record the "article published" event of
 * every article whose publishAt has passed (also those that passed while the server was down),
 * and put scheduled pending changes live. Visibility itself never waits for this: it is
 * decided by time at query time.
 */
import { recordArticleChange, recordDuePublished } from './article.events';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { DomainError } from '../core/errors';
import { Article } from './article.entity';
import { recordSave } from './article.save';
import { loadContent } from './article.store';
import { changedFields } from './article.content';
import { RevisionAction } from './revision.entity';
import { applyPending } from './workflow.service';
import { isLive } from './workflow';
import { articlesWentLive, type NewsroomHooks } from './hooks';

export const SCHEDULER_NAME = 'Lịch đăng bài (hệ thống)';

export interface PublicationReport {
  /** Articles whose published event this call recorded (each article only ever once). */
  published: number[];
  /** Articles whose scheduled pending changes this call put live. */
  pendingApplied: number[];
  /** Scheduled pending changes that could not go live (e.g. their slug was taken meanwhile). */
  failed: { articleId: number; message: string }[];
}

/**
 * Safe to call from any number of processes at once: the unique key of the published event
 * decides which instance records an event, the row lock of a scheduled change which one puts
 * it live, and snapshots are inserted with `on conflict do nothing` (src/bodies/snapshot.service.ts).
 */
export async function recordDuePublications(orm: MikroORM, hooks: NewsroomHooks, now: Date = new Date()): Promise<PublicationReport> {
  const em = orm.em.fork() as EntityManager;
  // The bookkeeping row, the change-feed event and the went-live work (snapshots) commit
  // together, and only in the instance whose insert won: another instance sweeping at the
  // same moment waits on the unique key, then finds the rows there and does nothing.
  const rows: { article_id: number }[] = await em.transactional(async (tx) => {
    const inserted: { article_id: number }[] = await tx.execute(
      `insert into article_published_event (article_id, published_at, recorded_at)
       select id, publish_at, ? from article where state in ('PUBLISHED', 'SCHEDULED') and publish_at <= ?
       order by publish_at, id
       on conflict (article_id) do nothing
       returning article_id`,
      [now, now],
    );
    const ids = inserted.map((r) => Number(r.article_id));
    await recordDuePublished(tx as EntityManager, ids, now);
    await articlesWentLive(hooks, tx as EntityManager, ids, now);
    return inserted;
  });
  const report: PublicationReport = { published: rows.map((r) => Number(r.article_id)), pendingApplied: [], failed: [] };
  const due = await em.find(Article, { pendingPublishAt: { $lte: now }, pending: { $ne: null } }, { fields: ['id'] });
  for (const { id } of due) {
    try {
      if (await applyScheduledPending(orm, hooks, id, now)) report.pendingApplied.push(id);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      report.failed.push({ articleId: id, message: e.message });
    }
  }
  return report;
}

async function applyScheduledPending(orm: MikroORM, hooks: NewsroomHooks, id: number, now: Date): Promise<boolean> {
  return (orm.em.fork() as EntityManager).transactional(async (em) => {
    const article = await em.findOne(Article, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    // Re-checked under the lock: an editor may have published, discarded or unpublished meanwhile.
    if (!article?.pending || !article.pendingPublishAt || article.pendingPublishAt > now) return false;
    if (!isLive(article.state, article.publishAt, now)) return false;
    const snapshot = article.pending;
    const changed = changedFields(await loadContent(em, article), snapshot);
    await applyPending(hooks, em, article, now);
    recordSave(em, article, now, { action: RevisionAction.PUBLISH_PENDING, savedBy: { userId: null, name: SCHEDULER_NAME }, changed, snapshot });
    await em.flush();
    await articlesWentLive(hooks, em, [article.id], now);
    await recordArticleChange(em, article, RevisionAction.PUBLISH_PENDING, now);
    return true;
  });
}

/** Runs recordDuePublications every `intervalMs` (call it once yourself at startup); returns a function that stops it. */
export function startPublicationSweep(
  orm: MikroORM,
  hooks: NewsroomHooks,
  options: { intervalMs?: number; now?: () => Date; onReport?: (r: PublicationReport) => void; onError?: (e: unknown) => void } = {},
): () => Promise<void> {
  const now = options.now ?? (() => new Date());
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return; // a slow sweep is not stacked on itself
    running = recordDuePublications(orm, hooks, now())
      .then(
        (r) => options.onReport?.(r),
        (e) => options.onError?.(e),
      )
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, options.intervalMs ?? 30_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    if (running) await running;
  };
}

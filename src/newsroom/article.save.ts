/**
 * Plumbing shared by every save: lock the row, check the version the editor started from,
 * turn content problems into one BAD_USER_INPUT, bump the version and keep a revision.
 */
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BadInputError, ConflictError, NotFoundError } from '../core/errors';
import type { Actor } from '../accounts/account-visibility';
import type { ArticleContent, FieldProblem } from './article.content';
import { Article } from './article.entity';
import { ArticleRevision, type RevisionAction } from './revision.entity';
import { isLive } from './workflow';
import { articlesWentLive, type NewsroomHooks } from './hooks';

export function parseArticleId(id: string | number): number {
  const n = typeof id === 'number' ? id : /^\d{1,9}$/.test(id) ? Number(id) : NaN;
  if (!Number.isInteger(n) || n <= 0) throw new NotFoundError('Article', String(id));
  return n;
}

/** Loads the article FOR UPDATE (saves of one article run one after another) and checks the version. */
export async function lockForSave(em: EntityManager, id: string | number, version: number): Promise<Article> {
  const article = await em.findOne(Article, { id: parseArticleId(id) }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!article) throw new NotFoundError('Article', String(id));
  if (article.version !== version) {
    throw new ConflictError(
      `article ${article.id} is at version ${article.version}, saved by ${article.updatedBy} at ${article.updatedAt.toISOString()}; ` +
        `this save started from version ${version} and was not applied: reload, then reapply the changes`,
      { currentVersion: article.version, savedBy: article.updatedBy, savedAt: article.updatedAt.toISOString(), yourVersion: version },
    );
  }
  return article;
}

export function throwProblems(problems: FieldProblem[]): void {
  if (problems.length === 0) return;
  const [first] = problems;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : '';
  throw new BadInputError(first.field, `${first.message}${more}`, { problems });
}

export function liveNow(article: Article, now: Date): boolean {
  return isLive(article.state, article.publishAt, now);
}

export interface SaveRecord {
  action: RevisionAction;
  savedBy: Actor;
  changed: string[];
  snapshot: ArticleContent;
  restoredFrom?: number;
}

/** Bumps the version, stamps who and when, and keeps the revision of this save. */
export function recordSave(em: EntityManager, article: Article, now: Date, save: SaveRecord): ArticleRevision {
  article.version += article.id ? 1 : 0;
  article.updatedAt = now;
  article.updatedBy = save.savedBy.name;
  article.updatedByUserId = save.savedBy.userId;
  return em.create(ArticleRevision, {
    article,
    number: article.version,
    action: save.action,
    savedBy: save.savedBy.name,
    savedByUserId: save.savedBy.userId,
    savedAt: now,
    changedFields: save.changed,
    snapshot: save.snapshot,
    state: article.state,
    publishAt: article.publishAt ?? null,
    restoredFrom: save.restoredFrom ?? null,
  });
}

/** Records the "article published" event; the unique article column makes a second call a no-op. */
export async function recordPublishedEvent(hooks: NewsroomHooks, em: EntityManager, article: Article, now: Date): Promise<void> {
  await em.flush();
  await em.execute(`insert into article_published_event (article_id, published_at, recorded_at) values (?, ?, ?) on conflict (article_id) do nothing`, [
    article.id,
    article.publishAt ?? now,
    now,
  ]);
  await articlesWentLive(hooks, em, [article.id], now);
}

/**
 * Two saves taking the same slug at the same moment both pass the check; the unique index
 * stops the second, which gets the same answer as a slug that was taken before.
 */
export async function guardSlugRace<T>(save: () => Promise<T>): Promise<T> {
  try {
    return await save();
  } catch (e) {
    if (e instanceof UniqueConstraintViolationException && /slug/.test(e.message)) {
      throw new BadInputError('slug', 'the slug was taken by another article a moment ago; save again');
    }
    throw e;
  }
}

/**
 * Writing articles: create, save (with pending changes for live articles), restore a revision.
 * Every method runs in one transaction: a failed check leaves nothing half-saved.
 */
import { recordArticleChange } from './article.events';
import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError } from '../core/errors';
import type { Viewer } from '../core/viewer';
import { slugify } from '../text/vietnamese';
import { type ArticleContent, changedFields, emptyContent, normalizeContent } from './article.content';
import { Article, ArticleState } from './article.entity';
import { guardSlugRace, liveNow, lockForSave, parseArticleId, recordSave, throwProblems } from './article.save';
import { staffActor, staffName } from './article.policy';
import { checkContent, freeSlug, loadContent, writeContent } from './article.store';
import type { NewsroomHooks } from './hooks';
import { ArticleRevision, RevisionAction } from './revision.entity';

export type ContentChanges = Partial<ArticleContent>;

export class ArticleService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly now: Date,
    /** Body validation and went-live work of the assembled app (src/newsroom/hooks.ts). */
    private readonly hooks: NewsroomHooks,
  ) {}

  /** A new DRAFT. The slug comes from the title unless given; a generated one gets "-2", "-3"… when taken. */
  async create(input: ContentChanges): Promise<Article> {
    const savedBy = staffActor(this.viewer, 'create articles');
    return guardSlugRace(() =>
      this.em.transactional(async (em) => {
        const explicitSlug = input.slug != null && input.slug.trim() !== '';
        let content = normalizeContent({ ...emptyContent(), ...input, slug: explicitSlug ? input.slug! : '' });
        if (!explicitSlug && content.title) content.slug = await freeSlug(em, slugify(content.title) || 'bai-viet');
        const checked = await checkContent(this.hooks, em, content, { rawSlug: explicitSlug ? input.slug : null, slugChanged: true });
        throwProblems(checked.problems);
        content = checked.content;
        const article = em.create(Article, {
          title: content.title,
          slug: content.slug,
          state: ArticleState.DRAFT,
          createdAt: this.now,
          updatedAt: this.now,
          updatedBy: savedBy.name,
          updatedByUserId: savedBy.userId,
          version: 1,
        });
        await writeContent(em, article, content, this.now);
        recordSave(em, article, this.now, { action: RevisionAction.CREATE, savedBy, changed: changedFields(emptyContent(), content), snapshot: content });
        await recordArticleChange(em, article, RevisionAction.CREATE, this.now);
        return article;
      }),
    );
  }

  /**
   * Saves changes from `version`. On a live article they become (or amend) the pending
   * revision and the published text stays as it is until the pending one is published.
   */
  async update(id: string | number, version: number, changes: ContentChanges, restoredFrom?: number): Promise<Article> {
    const savedBy = staffActor(this.viewer, 'edit articles');
    return guardSlugRace(() =>
      this.em.transactional(async (em) => {
        const article = await lockForSave(em, id, version);
        const live = await loadContent(em, article);
        const current = article.pending ?? live;
        const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
        const rawSlug = typeof changes.slug === 'string' ? changes.slug : null;
        const merged = normalizeContent({ ...current, ...defined });
        if (rawSlug === null) merged.slug = current.slug;
        const checked = await checkContent(this.hooks, em, merged, { articleId: article.id, rawSlug, slugChanged: merged.slug !== current.slug });
        throwProblems(checked.problems);
        const next = checked.content;
        const changed = changedFields(current, next);
        if (changed.length === 0 && restoredFrom === undefined) return article;
        const action = restoredFrom !== undefined ? RevisionAction.RESTORE : liveNow(article, this.now) ? RevisionAction.PENDING : RevisionAction.UPDATE;
        if (liveNow(article, this.now)) {
          // The published version stays live; an edit that brings the text back to it drops the pending one.
          const differsFromLive = changedFields(live, next).length > 0;
          article.pending = differsFromLive ? next : null;
          if (!differsFromLive) article.pendingPublishAt = null;
        } else {
          await writeContent(em, article, next, this.now);
        }
        recordSave(em, article, this.now, { action, savedBy, changed, snapshot: next, restoredFrom });
        await recordArticleChange(em, article, action, this.now);
        return article;
      }),
    );
  }

  /** Restoring makes a new revision with the old content (pending, if the article is live). */
  async restore(id: string | number, version: number, revisionNumber: number): Promise<Article> {
    staffName(this.viewer, 'restore revisions');
    const revision = await this.em.findOne(ArticleRevision, { article: parseArticleId(id), number: revisionNumber });
    if (!revision) throw new NotFoundError('Revision', `${id}#${revisionNumber}`);
    return this.update(id, version, revision.snapshot, revisionNumber);
  }
}

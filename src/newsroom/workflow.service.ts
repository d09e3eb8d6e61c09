/**
 * State changes and pending revisions: move an article through the workflow, publish or
 * schedule the pending changes of a live article, or discard them.
 */
import { recordArticleChange } from './article.events';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BadInputError } from '../core/errors';
import type { Viewer } from '../core/viewer';
import { MediaImage } from '../media/image.entity';
import { changedFields, type ImageHolder, imageRefs, isUuid } from './article.content';
import { type Article, ArticleState } from './article.entity';
import { articlesWentLive, bodyProblems, type NewsroomHooks } from './hooks';
import { liveNow, lockForSave, recordPublishedEvent, recordSave, throwProblems } from './article.save';
import { staffActor, staffName } from './article.policy';
import { checkContent, loadContent, writeContent } from './article.store';
import { RevisionAction } from './revision.entity';
import { canTransition, effectiveState, TRANSITIONS } from './workflow';

export class WorkflowService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly now: Date,
    /** Body validation and went-live work of the assembled app (src/newsroom/hooks.ts). */
    private readonly hooks: NewsroomHooks,
  ) {}

  async transition(id: string | number, version: number, to: ArticleState, publishAt?: Date | null): Promise<Article> {
    const savedBy = staffActor(this.viewer, 'change the state of articles');
    return this.em.transactional(async (em) => {
      const article = await lockForSave(em, id, version);
      const from = effectiveState(article.state, article.publishAt, this.now);
      // Reporters move pieces between draft and review; anything touching the site (publish,
      // schedule, archive, take down, unschedule) is an editor's call.
      const desk = [ArticleState.DRAFT, ArticleState.IN_REVIEW];
      if (!desk.includes(from) || !desk.includes(to)) staffName(this.viewer, `move an article from ${from} to ${to}`, true);
      const reschedule = from === ArticleState.SCHEDULED && to === ArticleState.SCHEDULED;
      if (!reschedule && !canTransition(from, to)) {
        const allowed = TRANSITIONS[from];
        throw new BadInputError('state', `an article cannot go from ${from} to ${to} (from ${from} it can go to ${allowed.join(', ') || 'nothing'})`, {
          transition: `${from} → ${to}`,
          from,
          to,
          allowed,
        });
      }
      if (to === ArticleState.PUBLISHED || to === ArticleState.SCHEDULED) {
        // The data may have changed since the body was saved: broken directives never go out.
        throwProblems(await bodyProblems(this.hooks, em, article.body));
        await assertAltTexts(em, article);
      }
      const wasLive = liveNow(article, this.now);
      const changed = ['state'];
      const oldPublishAt = article.publishAt?.getTime() ?? null;
      if (to === ArticleState.SCHEDULED) {
        if (!publishAt) throw new BadInputError('publishAt', 'scheduling needs publishAt');
        if (publishAt.getTime() <= this.now.getTime()) {
          throw new BadInputError('publishAt', `publishAt ${publishAt.toISOString()} is not in the future (now ${this.now.toISOString()}); publish now instead`);
        }
        article.publishAt = publishAt;
      } else if (to === ArticleState.PUBLISHED) {
        if (publishAt && publishAt.getTime() > this.now.getTime()) throw new BadInputError('publishAt', 'a publishAt in the future means SCHEDULED, not PUBLISHED');
        // Republishing keeps the original date; a first publication is dated now unless back-dated.
        const keep = article.publishAt && article.publishAt.getTime() <= this.now.getTime() ? article.publishAt : null;
        article.publishAt = publishAt ?? keep ?? this.now;
      } else if (from === ArticleState.SCHEDULED) {
        article.publishAt = null; // unscheduled: the old time must not make it live later
      }
      if ((article.publishAt?.getTime() ?? null) !== oldPublishAt) changed.push('publishAt');
      article.state = to;
      if (wasLive && !liveNow(article, this.now) && article.pending) {
        // Off the site there is only one working copy: fold the pending changes into it.
        const live = await loadContent(em, article);
        changed.push(...changedFields(live, article.pending));
        await applyPending(this.hooks, em, article, this.now);
      }
      const snapshot = await loadContent(em, article);
      recordSave(em, article, this.now, { action: RevisionAction.TRANSITION, savedBy, changed, snapshot: article.pending ?? snapshot });
      if (liveNow(article, this.now)) await recordPublishedEvent(this.hooks, em, article, this.now);
      await recordArticleChange(em, article, RevisionAction.TRANSITION, this.now);
      return article;
    });
  }

  /** Publishes the pending changes now, or at `publishAt` when that is in the future. */
  async publishPending(id: string | number, version: number, publishAt?: Date | null): Promise<Article> {
    const savedBy = staffActor(this.viewer, 'publish changes', true);
    return this.em.transactional(async (em) => {
      const article = await lockForSave(em, id, version);
      if (!article.pending) throw new BadInputError('pending', `article ${article.id} has no pending changes to publish`);
      await assertAltTexts(em, article.pending);
      if (publishAt && publishAt.getTime() > this.now.getTime()) {
        article.pendingPublishAt = publishAt;
        recordSave(em, article, this.now, { action: RevisionAction.PENDING, savedBy, changed: ['pendingPublishAt'], snapshot: article.pending });
        await recordArticleChange(em, article, RevisionAction.PENDING, this.now);
        return article;
      }
      const live = await loadContent(em, article);
      const changed = changedFields(live, article.pending);
      const snapshot = article.pending;
      await applyPending(this.hooks, em, article, this.now);
      recordSave(em, article, this.now, { action: RevisionAction.PUBLISH_PENDING, savedBy, changed, snapshot });
      await em.flush();
      await articlesWentLive(this.hooks, em, [article.id], this.now);
      await recordArticleChange(em, article, RevisionAction.PUBLISH_PENDING, this.now);
      return article;
    });
  }

  async discardPending(id: string | number, version: number): Promise<Article> {
    const savedBy = staffActor(this.viewer, 'discard changes', true);
    return this.em.transactional(async (em) => {
      const article = await lockForSave(em, id, version);
      if (!article.pending) throw new BadInputError('pending', `article ${article.id} has no pending changes to discard`);
      const live = await loadContent(em, article);
      const changed = changedFields(article.pending, live);
      article.pending = null;
      article.pendingPublishAt = null;
      recordSave(em, article, this.now, { action: RevisionAction.DISCARD_PENDING, savedBy, changed, snapshot: live });
      await recordArticleChange(em, article, RevisionAction.DISCARD_PENDING, this.now);
      return article;
    });
  }
}

/** Writes the pending content into the live columns, re-checking what may have changed since it was saved. */
export async function applyPending(hooks: NewsroomHooks, em: EntityManager, article: Article, now: Date): Promise<void> {
  const pending = article.pending!;
  const live = await loadContent(em, article);
  const checked = await checkContent(hooks, em, pending, { articleId: article.id, slugChanged: pending.slug !== live.slug });
  throwProblems(checked.problems);
  await writeContent(em, article, checked.content, now);
  article.pending = null;
  article.pendingPublishAt = null;
}

/**
 * Readers who cannot see a picture get its alt text, so nothing goes out without one: each
 * image reference needs its own alt or its media image's. Refused with the refs that lack it.
 */
export async function assertAltTexts(em: EntityManager, content: ImageHolder): Promise<void> {
  const refs = imageRefs(content);
  const ids = [...new Set(refs.flatMap(({ image }) => (!image.alt && image.imageId && isUuid(image.imageId) ? [image.imageId] : [])))];
  const withAlt = ids.length ? await em.find(MediaImage, { id: { $in: ids }, alt: { $ne: null } }, { fields: ['id'] }) : [];
  const missing = refs.filter(({ image }) => !image.alt && !withAlt.some((m) => m.id === image.imageId)).map(({ field, image }) => image.ref ?? field);
  const names = [...new Set(missing)];
  if (names.length) {
    throw new BadInputError('images', `alt text is missing for image ${names.join(', ')}: give the reference or its media image an alt text before publishing`, { refs: names });
  }
}

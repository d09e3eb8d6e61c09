/**
 * Change-feed events of articles, recorded in the transaction of the save. The payload holds
 * public facts only: the slug is there only while the article is live (a draft's slug is not
 * public), never its text.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChangeEventType } from '../outbox/change-event';
import { recordChange } from '../outbox/record';
import { Article, ArticleState } from './article.entity';
import { RevisionAction } from './revision.entity';
import { effectiveState, isLive } from './workflow';

function typeOf(action: RevisionAction, state: ArticleState): ChangeEventType {
  if (action === RevisionAction.PUBLISH_PENDING) return 'article.revisionPublished';
  if (action !== RevisionAction.TRANSITION) return 'article.saved';
  if (state === ArticleState.PUBLISHED) return 'article.published';
  if (state === ArticleState.SCHEDULED) return 'article.scheduled';
  return 'article.transitioned';
}

export async function recordArticleChange(em: EntityManager, article: Article, action: RevisionAction, now: Date, type?: ChangeEventType): Promise<void> {
  await em.flush(); // a new article needs its id
  const state = effectiveState(article.state, article.publishAt, now);
  const live = isLive(article.state, article.publishAt, now);
  await recordChange(em, {
    type: type ?? typeOf(action, state),
    keys: [`article:${article.id}`],
    payload: {
      articleId: article.id,
      slug: live ? article.slug : null,
      title: live ? article.title : null,
      state,
      live,
      action,
      publishAt: state === ArticleState.SCHEDULED ? (article.publishAt?.toISOString() ?? null) : null,
    },
  });
}

/** Articles whose publishAt came due (the publication sweep): one "published" event each. */
export async function recordDuePublished(em: EntityManager, articleIds: number[], now: Date): Promise<void> {
  if (articleIds.length === 0) return;
  const articles = await em.find(Article, { id: { $in: articleIds } }, { orderBy: { id: 'asc' } });
  for (const article of articles) await recordArticleChange(em, article, RevisionAction.TRANSITION, now, 'article.published');
}

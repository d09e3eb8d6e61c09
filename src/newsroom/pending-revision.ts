/**
 * The pending revision of a live article as staff see it: its content and which content fields
 * differ from the live version. Reads the live links through the request's loaders, so a staff
 * list showing pending changes stays batched.
 */
import type { ArticleContent } from './article.content';
import { changedFields } from './article.content';
import type { ArticleData } from './article.rows';
import { contentOf } from './article.store';
import type { createNewsroomLoaders } from './newsroom.loaders';

export interface PendingRevisionView {
  title: string;
  sapo: string;
  body: string;
  slug: string;
  changedFields: string[];
  publishAt: Date | null;
  content: ArticleContent;
}

type LinkLoaders = Pick<ReturnType<typeof createNewsroomLoaders>, 'topicsByArticle' | 'tagsByArticle' | 'authorsByArticle' | 'unitsByArticle'>;

export async function pendingRevisionOf(article: ArticleData, loaders: LinkLoaders): Promise<PendingRevisionView | null> {
  const pending = article.pending;
  if (!pending) return null;
  const [topics, tags, authors, units] = await Promise.all([
    loaders.topicsByArticle.load(article.id),
    loaders.tagsByArticle.load(article.id),
    loaders.authorsByArticle.load(article.id),
    loaders.unitsByArticle.load(article.id),
  ]);
  const live = contentOf(article, { topics, tags, authors, units });
  return {
    title: pending.title,
    sapo: pending.sapo,
    body: pending.body,
    slug: pending.slug,
    changedFields: changedFields(live, pending),
    publishAt: article.pendingPublishAt ?? null,
    content: pending,
  };
}

/**
 * An article as a reader's page (live articles only; a former slug redirects to the current
 * one) and as an editor's preview (the pending revision of a live article, else the draft),
 * both with live data, pictures and widgets exactly as the `html` field delivers them.
 */
import { htmlAssets, type HtmlAssetsScope } from '../bodies/html-assets';
import { bodyView, type BodyViewScope } from '../bodies/body.view';
import { BodyVersion } from '../bodies/body.enums';
import { renderHtml } from '../bodies/render';
import type { Viewer } from '../core/viewer';
import { MediaInputError } from '../media/media.errors';
import { Article } from '../newsroom/article.entity';
import { ArticleQueries } from '../newsroom/article.query';
import { articleMain, ARTICLE_POLICY, pageHtml } from './pages';
import type { PagePolicy } from './security';

/** What a page needs of a request: who reads it, the session, the clock, the loaders bodies and pictures use. A request context satisfies it as it is. */
export type PageScope = BodyViewScope & HtmlAssetsScope & { viewer: Viewer };

export type RenderedPage = { html: string; policy: PagePolicy } | { redirect: string };

async function bodyHtml(ctx: PageScope, article: Article): Promise<string> {
  const view = await bodyView(ctx, article, BodyVersion.LIVE);
  return renderHtml(view.parsed.tokens, view.shown, await htmlAssets(ctx, view));
}

export async function renderArticle(ctx: PageScope, slug: string): Promise<RenderedPage> {
  // NOT_FOUND (a 404) unless a live article has or had this slug; the viewer is always anonymous.
  const article = await new ArticleQueries(ctx.em, ctx.viewer, ctx.now()).bySlug(slug);
  if (article.slug !== slug) return { redirect: article.slug };
  const main = articleMain({
    title: article.title,
    sapo: article.sapo,
    publishedAt: article.publishAt ?? null,
    source: article.source ?? null,
    bodyHtml: await bodyHtml(ctx, article),
  });
  return {
    html: pageHtml({ title: article.seoTitle || article.title, description: article.seoDescription || article.sapo, bodyClass: 'rd-article', main }),
    policy: ARTICLE_POLICY,
  };
}

export const PREVIEW_BANNER = 'Bản xem trước — chưa xuất bản, không chia sẻ đường dẫn này';

export async function renderPreview(ctx: PageScope, articleId: number): Promise<{ html: string; policy: PagePolicy }> {
  const stored = await ctx.em.findOne(Article, { id: articleId });
  if (!stored) throw new MediaInputError(404, 'NOT_FOUND', 'the article of this preview no longer exists');
  // The pending revision of a live article, else the article as saved (a draft, or the live text).
  const shown = stored.pending
    ? Object.assign(Object.create(Article.prototype) as Article, stored, {
        title: stored.pending.title,
        sapo: stored.pending.sapo,
        body: stored.pending.body,
        images: stored.pending.images,
        version: -stored.version,
      })
    : stored;
  const main = articleMain({ title: shown.title, sapo: shown.sapo, publishedAt: null, source: shown.source ?? null, bodyHtml: await bodyHtml(ctx, shown) });
  return { html: pageHtml({ title: `[Xem trước] ${shown.title}`, bodyClass: 'rd-article rd-preview', banner: PREVIEW_BANNER, noindex: true, main }), policy: ARTICLE_POLICY };
}

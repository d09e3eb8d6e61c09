/** Where readers find an article on ReformDesk's own pages (src/web): one place, so links and routes agree. */
export const ARTICLE_PATH_PREFIX = '/articles';

export const articlePath = (slug: string) => `${ARTICLE_PATH_PREFIX}/${encodeURIComponent(slug)}`;

/** `/articles/<slug>` or `/<slug>` (with an optional #fragment): a link to one of our articles, by a slug it has or had. */
const INTERNAL = /^\/(?:articles\/)?([a-z0-9]+(?:-[a-z0-9]+)*)\/?(#[^\s]*)?$/;

export function internalArticleLink(href: string): { slug: string; fragment: string } | null {
  const m = INTERNAL.exec(href);
  return m ? { slug: m[1], fragment: m[2] ?? '' } : null;
}

/**
 * What an article's HTML needs besides the body's data: its pictures (library variants,
 * sizes, placeholders, captions) and the current slugs of the articles it links to. Pictures
 * come through the request's `imageById` loader (shared with `images { image }`, so no extra
 * statement when the page asks both); links cost one statement, only when the body has any.
 */
import type { MediaConfig } from '../config';
import type { ImageRef } from '../newsroom/article.content';
import { loadThumbhash } from '../media/media.analyze';
import { defaultVariantUrl, srcSet } from '../media/media.urls';
import { ArticleSlug } from '../newsroom/article-links.entity';
import { internalArticleLink } from '../newsroom/article.urls';
import { isLive } from '../newsroom/workflow';
import type { Token } from './markdown';
import type { BodyView } from './body.view';
import type { HtmlImageSource } from '../media/image-source';
import type { MediaLoaders } from '../media/image.loaders';
import type { EntityManager } from '@mikro-orm/postgresql';
export type { HtmlImageSource } from '../media/image-source';

export interface HtmlImage {
  src: string;
  srcset: string | null;
  width: number | null;
  height: number | null;
  alt: string;
  caption: string | null;
  credit: string | null;
  /** ThumbHash (base64) and its rendering as a tiny PNG data URL, shown until the picture loads */
  thumbhash: string | null;
  placeholderUrl: string | null;
  color: string | null;
}

export interface HtmlAssets {
  /** By the body's image reference (`![alt](image:REF)`) */
  images: Map<string, HtmlImage>;
  /** A slug the body links to (current or former) → the article's current slug, for live articles */
  links: Map<string, string>;
}

function linkHrefs(tokens: Token[]): string[] {
  const hrefs: string[] = [];
  for (const t of tokens) {
    for (const c of t.children ?? []) if (c.type === 'link_open') hrefs.push(String(c.attrGet('href') ?? ''));
  }
  return hrefs;
}

type ThumbHashToDataUrl = (hash: Uint8Array) => string;

// Decoding a ThumbHash and encoding its PNG costs ~0.1 ms a picture; a page with six pictures paid
// it on every request before the HTML cache key was even known. The value depends on the hash only.
const placeholderUrls = new Map<string, string>();
function placeholderUrl(placeholder: string, toDataUrl: ThumbHashToDataUrl): string {
  let url = placeholderUrls.get(placeholder);
  if (url === undefined) {
    url = toDataUrl(Buffer.from(placeholder, 'base64'));
    if (placeholderUrls.size >= 5000) placeholderUrls.clear();
    placeholderUrls.set(placeholder, url);
  }
  return url;
}

/** One picture of the body as the HTML shows it; null when there is nothing to show (no library image, no URL). */
export function htmlImage(r: ImageRef, image: HtmlImageSource | null, media: MediaConfig, toDataUrl: ThumbHashToDataUrl): HtmlImage | null {
  if (!image && !r.url) return null;
  return {
    src: image ? defaultVariantUrl(media, image.id) : r.url!,
    srcset: image ? srcSet(media, image, 'webp', null) : null,
    width: image?.width ?? null,
    height: image?.height ?? null,
    alt: r.alt || image?.alt || '',
    caption: r.caption ?? image?.caption ?? null,
    credit: r.credit ?? image?.credit ?? null,
    thumbhash: image?.placeholder ?? null,
    placeholderUrl: image ? placeholderUrl(image.placeholder, toDataUrl) : null,
    color: image?.dominantColor ?? null,
  };
}

/** The slugs of other articles the body links to (`/articles/<slug>`), each once. */
export function linkedSlugs(tokens: Token[]): string[] {
  return [
    ...new Set(
      linkHrefs(tokens)
        .map((h) => internalArticleLink(h)?.slug)
        .filter((s): s is string => !!s),
    ),
  ];
}

/** What the assets need of a request: the session for the link lookup, its clock, the image loader. A GraphQL request context satisfies it as it is. */
export interface HtmlAssetsScope {
  em: EntityManager;
  now: () => Date;
  loaders: Pick<MediaLoaders, 'imageById'>;
}

async function images(ctx: HtmlAssetsScope, view: BodyView): Promise<Map<string, HtmlImage>> {
  const out = new Map<string, HtmlImage>();
  const { thumbHashToDataURL } = await loadThumbhash();
  await Promise.all(
    [...view.images].map(async ([ref, r]) => {
      // Fetched with the article row on the public read path (no statement, no entity); else one batched statement.
      const image = !r.imageId ? null : view.libraryImages ? (view.libraryImages.get(r.imageId) ?? null) : await ctx.loaders.imageById.load(r.imageId);
      const shown = htmlImage(r, image, view.mediaConfig, thumbHashToDataURL);
      if (shown) out.set(ref, shown);
    }),
  );
  return out;
}

async function links(ctx: HtmlAssetsScope, tokens: Token[]): Promise<Map<string, string>> {
  const slugs = linkedSlugs(tokens);
  if (!slugs.length) return new Map();
  const rows = await ctx.em.find(ArticleSlug, { slug: { $in: slugs } }, { populate: ['article'] });
  const now = ctx.now();
  return new Map(rows.filter((r) => isLive(r.article.state, r.article.publishAt, now)).map((r) => [r.slug, r.article.slug]));
}

export async function htmlAssets(ctx: HtmlAssetsScope, view: BodyView): Promise<HtmlAssets> {
  const [imgs, lnks] = await Promise.all([images(ctx, view), links(ctx, view.parsed.tokens)]);
  return { images: imgs, links: lnks };
}

/**
 * One article's body for one request: parsed (cached per body text), resolved live through the
 * request's loaders, compared with its as-published snapshot, with related-reading lists filled.
 * Memoised per request so `body`, `html` and `related` share the work.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../core/clock';
import type { Article } from '../newsroom/article.entity';
import type { ImageRef } from '../newsroom/article.content';
import type { MediaConfig } from '../config';
import { isLive } from '../newsroom/workflow';
import { preloadedLatestSnapshot, preloadedLibraryImages } from '../newsroom/article.rows';
import type { HtmlImageSource } from '../media/image-source';
import { parseCached, renderKey } from './body.cache';
import { resolveDirectives } from './body.resolve';
import { BodyVersion } from './body.enums';
import type { RelatedDirective } from './directives';
import { relatedArticles, type RelatedCandidate } from './related.service';
import type { ResolvedBody } from './resolved';
import { preloadBodyData, type BodyLoaders, type BodySnapshotValues } from './body.loaders';

/**
 * What a body view needs from the request, and nothing of its transport: the request's entity
 * manager and loaders (so it reads inside a mutation's transaction), its clock and the media
 * settings. A GraphQL request context satisfies it as it is.
 */
export interface BodyViewScope {
  em: EntityManager;
  loaders: BodyLoaders;
  now: Clock;
  config: { media: MediaConfig };
}

export interface BodyView {
  parsed: ReturnType<typeof parseCached>;
  live: ResolvedBody;
  snapshot: BodySnapshotValues | null;
  /** The values to show for the version asked */
  shown: ResolvedBody;
  related: Map<string, RelatedCandidate[]>;
  /** The article's image references, for ![alt](image:REF) in the body */
  images: Map<string, ImageRef>;
  /** The library images of those references when they came with the article row (by id); else the imageById loader */
  libraryImages: Map<string, HtmlImageSource> | null;
  /** For the default variant URL of media images (built from the id, no statement) */
  mediaConfig: MediaConfig;
  /** What a rendering of `shown` depends on (body text and values), for renderCached */
  renderKey: string;
}

function fromSnapshot(snapshot: BodySnapshotValues, live: ResolvedBody): ResolvedBody {
  return { widgets: new Map(snapshot.widgets.map((w) => [w.id, w])), facts: new Map(snapshot.facts.map((f) => [f.id, f])), related: live.related };
}

export function pinnedSlugs(directives: { kind: string }[]): string[] {
  return directives.filter((d): d is RelatedDirective => d.kind === 'related').flatMap((d) => d.slugs);
}

/** The snapshot of this body text: the one fetched with the article row when it is that one, else through the loader. */
function snapshotOf(ctx: BodyViewScope, article: Article, hash: string): Promise<BodySnapshotValues | null> {
  const latest = preloadedLatestSnapshot<BodySnapshotValues>(article);
  if (latest === null) return Promise.resolve(null); // no snapshot at all
  if (latest && latest.bodyHash === hash) return Promise.resolve(latest);
  return ctx.loaders.snapshotOf.load(`${article.id}:${hash}`);
}

async function build(ctx: BodyViewScope, article: Article, version: BodyVersion): Promise<BodyView> {
  const parsed = parseCached(article.body);
  const now = ctx.now();
  const [live, snapshot] = await Promise.all([
    // Editions and the results the directives show in one statement, then resolved from the primed loaders.
    preloadBodyData(parsed.directives, ctx.loaders).then(() => resolveDirectives(parsed.directives, ctx.loaders)),
    isLive(article.state, article.publishAt, now) ? snapshotOf(ctx, article, parsed.hash) : Promise.resolve(null),
  ]);
  const related = new Map<string, RelatedCandidate[]>();
  for (const d of parsed.directives) {
    if (d.kind !== 'related') continue;
    const items = await relatedFor(ctx, article.id, d.slugs, d.count);
    related.set(d.id, items);
    live.related.set(
      d.id,
      items.map((i) => ({ slug: i.article.slug, title: i.article.title })),
    );
  }
  const shown = version === BodyVersion.AS_PUBLISHED && snapshot ? fromSnapshot(snapshot, live) : live;
  const images = new Map((article.images ?? []).filter((i) => i.ref).map((i) => [i.ref!, i] as const));
  const libraryImages = preloadedLibraryImages(article) ?? null;
  return {
    parsed,
    live,
    snapshot,
    shown,
    related,
    images,
    libraryImages,
    mediaConfig: ctx.config.media,
    renderKey: renderKey(parsed.hash, shown, [article.images ?? [], ctx.config.media.baseUrl]),
  };
}

const views = new WeakMap<object, Map<string, Promise<BodyView>>>();

export function bodyView(ctx: BodyViewScope, article: Article, version: BodyVersion = BodyVersion.LIVE): Promise<BodyView> {
  let perRequest = views.get(ctx.loaders);
  if (!perRequest) views.set(ctx.loaders, (perRequest = new Map<string, Promise<BodyView>>()));
  const key = `${article.id}:${article.version}:${version}`;
  let view = perRequest.get(key);
  if (!view) perRequest.set(key, (view = build(ctx, article, version)));
  return view;
}

const relatedLists = new WeakMap<object, Map<string, Promise<RelatedCandidate[]>>>();

/**
 * Related reading for one article and set of pins, fetched once per request at the longest
 * length (20) and cut to size, so the body's "Đọc thêm" block and `related(first)` share one statement.
 */
export async function relatedFor(ctx: BodyViewScope, articleId: number, pins: string[], first: number): Promise<RelatedCandidate[]> {
  let perRequest = relatedLists.get(ctx.loaders);
  if (!perRequest) relatedLists.set(ctx.loaders, (perRequest = new Map<string, Promise<RelatedCandidate[]>>()));
  const key = `${articleId}|${pins.join(',')}`;
  let list = perRequest.get(key);
  if (!list) perRequest.set(key, (list = relatedArticles(ctx.em, articleId, 20, pins, ctx.now())));
  return (await list).slice(0, Math.max(first, 0));
}

/**
 * Articles' pictures through the media library: an image reference shows its media image
 * (batched by the request's imageById loader), and an article names its Open Graph image.
 */
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../graphql/context';
import { parseCached } from '../bodies/body.cache';
import { bodyView } from '../bodies/body.view';
import type { RankingDirective } from '../bodies/directives';
import { MediaImage } from '../media/image.entity';
import { defaultVariantUrl, socialCardUrl } from '../media/media.urls';
import { rankingWidgetUrl } from '../widgets/widget.urls';
import type { ImageRef } from './article.content';
import { Article } from './article.entity';
import type { ArticleData } from './article.rows';
import { ImageView } from './article.types';

export function mediaImageOf(ctx: RequestContext, ref: ImageRef | null | undefined): Promise<MediaImage | null> {
  return ref?.imageId ? ctx.loaders.imageById.load(ref.imageId) : Promise.resolve(null);
}

@Resolver(() => ImageView)
export class ImageRefResolver {
  @FieldResolver(() => MediaImage, { nullable: true, description: 'The media library image, with variants and placeholder; null for an outside picture' })
  image(@Root() ref: ImageRef, @Ctx() ctx: RequestContext): Promise<MediaImage | null> {
    return mediaImageOf(ctx, ref);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The outside picture, else the default variant of the media image; null when neither exists' })
  url(@Root() ref: ImageRef, @Ctx() ctx: RequestContext): string | null {
    if (ref.url) return ref.url;
    // Built from the id alone (checked on save; images are never deleted): a list showing covers costs no statement.
    return ref.imageId ? defaultVariantUrl(ctx.config.media, ref.imageId) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "Alternative text: the reference's own, else the media image's" })
  alt(@Root() ref: ImageRef, @Ctx() ctx: RequestContext): string | null | Promise<string | null> {
    // Synchronous when the reference has its own text (the common case): no promise per image on a list.
    if (ref.alt) return ref.alt;
    return mediaImageOf(ctx, ref).then((image) => image?.alt ?? null);
  }
}

@Resolver(() => Article)
export class ArticleImageResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'Open Graph image: a 1200×630 variant of the cover image, else the social PNG of the first ranking in the body, else the outside cover URL',
  })
  async ogImage(@Root() a: ArticleData, @Ctx() ctx: RequestContext): Promise<string | null> {
    const cover = await mediaImageOf(ctx, a.coverImage);
    if (cover) return socialCardUrl(ctx.config.media, cover);
    const ranking = parseCached(a.body).directives.find((d): d is RankingDirective => d.kind === 'ranking');
    if (ranking) {
      // "latest" is pinned to the edition the article shows, so a shared card does not change under it.
      const year = ranking.edition !== 'latest' ? ranking.edition : ((await bodyView(ctx, a)).shown.widgets.get(ranking.id)?.year ?? 'latest');
      return rankingWidgetUrl(ranking, year);
    }
    return a.coverImage?.url ?? null;
  }
}

/**
 * Articles' pictures through the media library: an image reference shows its media image
 * (batched by the request's imageById loader). The article's Open Graph image, which may come
 * from a ranking in the body, is the widgets' (src/widgets/og-image.resolver.ts).
 */
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../graphql/context';
import { MediaImage } from '../media/image.entity';
import type { MediaLoaders } from '../media/image.loaders';
import { defaultVariantUrl } from '../media/media.urls';
import type { ImageRef } from './article.content';
import { ImageView } from './article.types';

/** The media image of a reference, through the request's batching loader; null for an outside picture. */
export function mediaImageOf(loaders: Pick<MediaLoaders, 'imageById'>, ref: ImageRef | null | undefined): Promise<MediaImage | null> {
  return ref?.imageId ? loaders.imageById.load(ref.imageId) : Promise.resolve(null);
}

@Resolver(() => ImageView)
export class ImageRefResolver {
  @FieldResolver(() => MediaImage, { nullable: true, description: 'The media library image, with variants and placeholder; null for an outside picture' })
  image(@Root() ref: ImageRef, @Ctx() ctx: RequestContext): Promise<MediaImage | null> {
    return mediaImageOf(ctx.loaders, ref);
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
    return mediaImageOf(ctx.loaders, ref).then((image) => image?.alt ?? null);
  }
}

import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { allowedBy } from '../graphql/authorization';
import { MEDIA_OPERATIONS } from './media.policy';
import { visibleEmail } from '../accounts/account-visibility';
import type { RequestContext } from '../graphql/context';
import { BadInputError } from '../core/errors';
import { MediaImage } from './image.entity';
import { ImageService } from './image.service';
import { FocalPoint, ImageList, ImageVariantFormat, UpdateImageInput } from './image.types';
import { loadThumbhash } from './media.analyze';
import { storageFor } from './media.delivery';
import { srcSet, variantUrl } from './media.urls';

const Allowed = allowedBy(MEDIA_OPERATIONS);

const service = (ctx: RequestContext) => new ImageService(ctx.em, ctx.config.media, storageFor(ctx.config.media), ctx.now);

function checkRatio(ctx: RequestContext, ratio: string | null | undefined): string | null {
  if (ratio === null || ratio === undefined) return null;
  if (!ctx.config.media.ratios.includes(ratio)) throw new BadInputError('ratio', `ratio must be one of ${ctx.config.media.ratios.join(', ')}`);
  return ratio;
}

@Resolver(() => MediaImage)
export class ImageResolver {
  @Allowed('Query.image')
  @Query(() => MediaImage, { description: 'One image by id; NOT_FOUND when unknown.' })
  image(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<MediaImage> {
    return service(ctx).byId(id);
  }

  @Allowed('Query.images')
  @Query(() => ImageList, { description: 'The media library, newest first (staff only).' })
  images(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 24 }) first: number,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset: number,
    @Arg('search', () => String, { nullable: true, description: 'Matches alt text, caption, credit or file name' }) search?: string | null,
  ): Promise<ImageList> {
    return service(ctx).list(ctx.viewer, { first, offset, search });
  }

  @FieldResolver(() => String, { nullable: true, description: 'Email of the uploader: only to that account itself and to admins, null for everyone else' })
  uploadedByEmail(@Root() image: MediaImage, @Ctx() ctx: RequestContext): Promise<string | null> {
    return visibleEmail(ctx, image.uploadedByUserId);
  }

  @Allowed('Mutation.updateImage')
  @Mutation(() => MediaImage, { description: 'Edits alt text, caption, credit and/or focal point (EDITOR, REPORTER or ADMIN).' })
  updateImage(@Arg('id', () => ID) id: string, @Arg('input', () => UpdateImageInput) input: UpdateImageInput, @Ctx() ctx: RequestContext): Promise<MediaImage> {
    return service(ctx).edit(ctx.viewer, id, input);
  }

  @FieldResolver(() => FocalPoint)
  focalPoint(@Root() image: MediaImage): FocalPoint {
    return { x: image.focalX, y: image.focalY };
  }

  @FieldResolver(() => String, { description: 'URL of a variant; the width snaps up to the nearest offered width, and a ratio crops around the focal point.' })
  url(
    @Root() image: MediaImage,
    @Ctx() ctx: RequestContext,
    @Arg('width', () => Int) width: number,
    @Arg('format', () => ImageVariantFormat, { defaultValue: ImageVariantFormat.WEBP }) format: ImageVariantFormat,
    @Arg('ratio', () => String, { nullable: true, description: 'Aspect ratio "W:H" from the offered list, e.g. "16:9"' }) ratio?: string | null,
  ): string {
    if (width < 1) throw new BadInputError('width', 'width must be positive');
    return variantUrl(ctx.config.media, image, width, format, checkRatio(ctx, ratio));
  }

  @FieldResolver(() => String, { description: 'A srcset attribute value with real pixel widths, never enlarged.' })
  srcSet(
    @Root() image: MediaImage,
    @Ctx() ctx: RequestContext,
    @Arg('format', () => ImageVariantFormat, { defaultValue: ImageVariantFormat.WEBP }) format: ImageVariantFormat,
    @Arg('ratio', () => String, { nullable: true }) ratio?: string | null,
  ): string {
    return srcSet(ctx.config.media, image, format, checkRatio(ctx, ratio));
  }

  @FieldResolver(() => String, { description: 'The ThumbHash rendered as a tiny PNG data URL, usable as a CSS background at once' })
  async placeholderDataUrl(@Root() image: MediaImage): Promise<string> {
    const { thumbHashToDataURL } = await loadThumbhash();
    return thumbHashToDataURL(Buffer.from(image.placeholder, 'base64'));
  }
}

import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ImageFormatName } from './media.formats';

export enum ImageFormat {
  JPEG = 'jpeg',
  PNG = 'png',
  WEBP = 'webp',
  AVIF = 'avif',
  GIF = 'gif',
}

registerEnumType(ImageFormat, { name: 'ImageFormat', description: 'Format of an uploaded original (detected from its bytes).' });

/**
 * An uploaded picture. The original stays in media storage under `storageKey` and is never
 * served itself: readers get variants (resized, oriented, metadata stripped).
 */
@ObjectType('Image', { description: 'A picture of the media library (ảnh), served through responsive variants.' })
@Entity({ tableName: 'media_image' })
export class MediaImage {
  /** A random UUID: variant URLs are cached forever, so an id must never be reused. */
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ length: 200 })
  storageKey!: string;

  @Field(() => ImageFormat, { description: 'Format of the uploaded original' })
  @Enum({ items: () => ImageFormat, nativeEnumName: undefined })
  format!: ImageFormat;

  @Field(() => Int, { description: 'Width in pixels, after the EXIF orientation is applied' })
  @Property()
  width!: number;

  @Field(() => Int, { description: 'Height in pixels, after the EXIF orientation is applied' })
  @Property()
  height!: number;

  @Field(() => Int, { description: 'Size of the stored original in bytes (camera metadata removed)' })
  @Property()
  bytes!: number;

  @Property({ length: 64 })
  @Index()
  sha256!: string;

  @Field(() => String, { nullable: true, description: 'File name as uploaded (information only)' })
  @Property({ length: 255, nullable: true })
  fileName?: string | null;

  @Field(() => String, { nullable: true, description: 'Alternative text for readers who cannot see the picture (required before publishing an article that uses it)' })
  @Property({ type: 'text', nullable: true })
  alt?: string | null;

  @Field(() => String, { nullable: true, description: 'Caption shown under the picture (chú thích)' })
  @Property({ type: 'text', nullable: true })
  caption?: string | null;

  @Field(() => String, { nullable: true, description: 'Who made the picture (ảnh: …)' })
  @Property({ length: 300, nullable: true })
  credit?: string | null;

  /** Focal point as fractions of width and height (0 = left/top, 1 = right/bottom). */
  @Property({ type: 'double' })
  focalX: number = 0.5;

  @Property({ type: 'double' })
  focalY: number = 0.5;

  /** Bumped when the focal point changes: cropped variant URLs carry it, so caches refresh. */
  @Field(() => Int, { description: 'Bumped on every focal point change; part of cropped variant URLs' })
  @Property()
  revision: number = 1;

  @Field(() => String, { description: 'ThumbHash of the picture (base64), for a blurred placeholder while it loads' })
  @Property({ length: 64 })
  placeholder!: string;

  @Field(() => String, { description: 'Dominant colour as #rrggbb, for a plain placeholder' })
  @Property({ length: 7 })
  dominantColor!: string;

  @Field(() => Boolean, { description: 'A generated sample picture (ảnh minh hoạ), not a real photograph' })
  @Property({ default: false })
  isSample: boolean = false;

  @Field(() => String, { nullable: true, description: 'Public display name of who uploaded it (see uploadedByEmail)' })
  @Property({ length: 200, nullable: true })
  uploadedBy?: string | null;

  /** The uploading account; null for generated samples (account-visibility.ts). */
  @Property({ type: 'integer', nullable: true })
  uploadedByUserId?: number | null;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  @Index()
  createdAt!: Date;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  updatedAt!: Date;
}

export const formatOf = (name: ImageFormatName): ImageFormat => name as ImageFormat;

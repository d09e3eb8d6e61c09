/** GraphQL shapes around Image that are not stored as such: focal point, edit input, list page. */
import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MediaImage } from './image.entity';

export enum ImageVariantFormat {
  WEBP = 'webp',
  AVIF = 'avif',
  JPEG = 'jpeg',
}

registerEnumType(ImageVariantFormat, { name: 'ImageVariantFormat', description: 'Formats variants are produced in.' });

@ObjectType('FocalPoint', { description: 'The point crops keep in view, as fractions of width and height (0,0 = top left).' })
export class FocalPoint {
  @Field(() => Float)
  x!: number;

  @Field(() => Float)
  y!: number;
}

@InputType('FocalPointInput')
export class FocalPointInput {
  @Field(() => Float, { description: '0 = left edge, 1 = right edge' })
  x!: number;

  @Field(() => Float, { description: '0 = top edge, 1 = bottom edge' })
  y!: number;
}

@InputType('UpdateImageInput', { description: 'Omitted fields stay as they are; null clears a text.' })
export class UpdateImageInput {
  @Field(() => String, { nullable: true })
  alt?: string | null;

  @Field(() => String, { nullable: true })
  caption?: string | null;

  @Field(() => String, { nullable: true })
  credit?: string | null;

  @Field(() => FocalPointInput, { nullable: true })
  focalPoint?: FocalPointInput | null;
}

@ObjectType('ImageList')
export class ImageList {
  @Field(() => [MediaImage])
  items!: MediaImage[];

  @Field(() => Int, { description: 'How many images match, across all pages' })
  totalCount!: number;
}

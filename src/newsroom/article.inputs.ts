/**
 * Mutation inputs. One input type serves create and update: on update an omitted field stays
 * as it is and null clears it. Validation lives in the service (article.content.ts), not here.
 */
import { Field, InputType } from 'type-graphql';

/** The image reference shape serves as input too (ImageInput) and output (ImageRef). */
import { ImageInput } from './article.types';

@InputType('AuthorInput', { description: 'An author by display name (created on first use) and role line.' })
export class AuthorInput {
  @Field(() => String)
  name!: string;
  @Field(() => String, { nullable: true })
  role?: string | null;
}

@InputType('ArticleInput')
export class ArticleInput {
  @Field(() => String, { nullable: true, description: 'Required when creating' })
  title?: string;
  @Field(() => String, { nullable: true })
  sapo?: string;
  @Field(() => String, { nullable: true })
  body?: string;
  @Field(() => String, { nullable: true, description: 'Generated from the title when omitted at creation' })
  slug?: string;
  @Field(() => [String], { nullable: true, description: 'Topic slugs (or names) from the curated list' })
  topics?: string[];
  @Field(() => [String], { nullable: true, description: 'Free tags; new ones are created' })
  tags?: string[];
  @Field(() => [AuthorInput], { nullable: true })
  authors?: AuthorInput[];
  @Field(() => [String], { nullable: true, description: 'GSO codes of the units the article is about' })
  units?: string[];
  @Field(() => String, { nullable: true })
  source?: string | null;
  @Field(() => String, { nullable: true })
  byline?: string | null;
  @Field(() => String, { nullable: true })
  dateline?: string | null;
  @Field(() => ImageInput, { nullable: true })
  coverImage?: ImageInput | null;
  @Field(() => [ImageInput], { nullable: true })
  images?: ImageInput[];
  @Field(() => String, { nullable: true })
  seoTitle?: string | null;
  @Field(() => String, { nullable: true })
  seoDescription?: string | null;
  @Field(() => String, { nullable: true })
  externalUrl?: string | null;
  @Field(() => Boolean, { nullable: true })
  externalStub?: boolean;
}

/** GraphQL-only shapes of the newsroom: images, connections, pending revisions, revision diffs. */
import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Article } from './article.entity';

// simpleResolvers: plain values read by graphql-js's default resolver, no type-graphql wrapper per field (issue 11: front page).
@ObjectType('ImageRef', { description: 'An image reference of an article: a media library image (imageId) or an outside picture (url).', simpleResolvers: true })
export class ImageView {
  @Field(() => String, { nullable: true, description: 'Key used in the body as ![alt](image:REF)' })
  ref?: string | null;
  @Field(() => String, { nullable: true, description: 'The outside picture, else the default variant of the media image; null when neither exists' })
  url?: string | null;
  @Field(() => ID, { nullable: true, description: 'The media library image shown (see Image)' })
  imageId?: string | null;
  @Field(() => String, { nullable: true })
  caption?: string | null;
  @Field(() => String, { nullable: true })
  credit?: string | null;
  @Field(() => String, { nullable: true, description: "Alternative text: the reference's own, else the media image's" })
  alt?: string | null;
}

/** The same fields as input; a separate class because ImageRef has resolved fields (image) an input cannot have. */
@InputType('ImageInput')
export class ImageInput {
  @Field(() => String, { nullable: true, description: 'Key used in the body as ![alt](image:REF)' })
  ref?: string | null;
  @Field(() => String, { nullable: true, description: 'An outside picture (http(s) URL or site path); leave out for a media image' })
  url?: string | null;
  @Field(() => ID, { nullable: true, description: 'A media library image (Image.id)' })
  imageId?: string | null;
  @Field(() => String, { nullable: true })
  caption?: string | null;
  @Field(() => String, { nullable: true })
  credit?: string | null;
  @Field(() => String, { nullable: true, description: 'Alternative text; may be left out when the media image has one' })
  alt?: string | null;
}

@ObjectType('PageInfo', { simpleResolvers: true })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;
  @Field(() => Boolean)
  hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true })
  startCursor!: string | null;
  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType('ArticleEdge', { simpleResolvers: true })
export class ArticleEdge {
  @Field(() => String)
  cursor!: string;
  @Field(() => Article)
  node!: Article;
}

@ObjectType('ArticleConnection', { simpleResolvers: true })
export class ArticleConnection {
  @Field(() => [ArticleEdge])
  edges!: ArticleEdge[];
  @Field(() => PageInfo)
  pageInfo!: PageInfo;
  @Field(() => Int, { description: 'Articles matching the filters, all pages together' })
  totalCount!: number;
}

@ObjectType('PendingRevision', { description: 'Changes to a live article waiting to be published (staff only).' })
export class PendingRevision {
  @Field(() => String)
  title!: string;
  @Field(() => String)
  sapo!: string;
  @Field(() => String)
  body!: string;
  @Field(() => String)
  slug!: string;
  @Field(() => [String], { description: 'Content fields that differ from the live version' })
  changedFields!: string[];
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the changes go live; null while they wait for an editor' })
  publishAt!: Date | null;
  @Field(() => GraphQLJSON, { description: 'The full pending content' })
  content!: unknown;
}

@ObjectType('FieldChange')
export class FieldChange {
  @Field(() => String)
  field!: string;
  @Field(() => GraphQLJSON, { nullable: true })
  before!: unknown;
  @Field(() => GraphQLJSON, { nullable: true })
  after!: unknown;
}

@ObjectType('ArticleRevisionDiff')
export class ArticleRevisionDiff {
  @Field(() => Int)
  from!: number;
  @Field(() => Int)
  to!: number;
  @Field(() => [FieldChange])
  changes!: FieldChange[];
}

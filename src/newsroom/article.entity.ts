/**
 * An article. Columns hold the live content (or the working copy before first publication);
 * changes to a live article wait in `pending` until published or scheduled.
 * Topics, tags, authors and units live in the pivot tables of article-links.entity.ts.
 */
import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ArticleContent, ImageRef } from './article.content';

export enum ArticleState {
  DRAFT = 'DRAFT',
  IN_REVIEW = 'IN_REVIEW',
  SCHEDULED = 'SCHEDULED',
  PUBLISHED = 'PUBLISHED',
  ARCHIVED = 'ARCHIVED',
}

registerEnumType(ArticleState, {
  name: 'ArticleState',
  description: 'Editorial state. A SCHEDULED article reads as PUBLISHED once its publishAt has passed.',
  valuesConfig: {
    DRAFT: { description: 'Bản nháp' },
    IN_REVIEW: { description: 'Chờ duyệt' },
    SCHEDULED: { description: 'Hẹn giờ đăng' },
    PUBLISHED: { description: 'Đã đăng' },
    ARCHIVED: { description: 'Lưu trữ (gỡ khỏi trang)' },
  },
});

/** The folded text that search matches; the index below must use exactly this expression. */
export const SEARCH_EXPRESSION = `f_unaccent(lower(title || ' ' || sapo || ' ' || body))`;

// simpleResolvers: the plain fields (title, slug…) are read by graphql-js's default resolver, no type-graphql wrapper per field
// (issue 11: front page); guarded and computed fields keep their field resolvers (ArticleResolver).
@ObjectType('Article', { description: 'A newsroom article (bài viết).', simpleResolvers: true })
@Entity({ tableName: 'article' })
@Index({ name: 'article_search_trgm', expression: `create index "article_search_trgm" on "article" using gin ((${SEARCH_EXPRESSION}) gin_trgm_ops)` })
@Index({ name: 'article_state_publish_at_index', properties: ['state', 'publishAt'] })
export class Article {
  [OptionalProps]?: 'sapo' | 'body' | 'state' | 'images' | 'externalStub' | 'version';

  @Field(() => ID)
  @PrimaryKey({ autoincrement: true })
  id!: number;

  /** Path of the content file this article comes from (content/articles/…), null for articles made in the API. */
  @Property({ length: 200, nullable: true })
  @Unique()
  importKey?: string | null;

  @Field(() => String)
  @Property({ length: 250 })
  title!: string;

  @Field(() => String, { description: 'Lead paragraph (sa pô)' })
  @Property({ type: 'text', default: '' })
  sapo: string = '';

  /** Exposed as `markdown` (the source); `body` gives the typed blocks (src/bodies). */
  @Property({ type: 'text', default: '' })
  body: string = '';

  @Field(() => String, { description: 'Current slug; article(slug) also resolves earlier slugs to this one' })
  @Property({ length: 120 })
  @Unique()
  slug!: string;

  /** Stored state; read through effectiveState() because SCHEDULED turns PUBLISHED by time. */
  @Enum({ items: () => ArticleState })
  state: ArticleState = ArticleState.DRAFT;

  @Property({ type: 'datetime', nullable: true })
  publishAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Source, e.g. "Baohatinh.vn"' })
  @Property({ length: 200, nullable: true })
  source?: string | null;

  @Field(() => String, { nullable: true, description: 'Byline as printed, when it differs from the authors' })
  @Property({ length: 200, nullable: true })
  byline?: string | null;

  @Field(() => String, { nullable: true, description: 'Dateline, e.g. "Hà Tĩnh"' })
  @Property({ length: 200, nullable: true })
  dateline?: string | null;

  @Property({ type: 'json', nullable: true })
  coverImage?: ImageRef | null;

  @Property({ type: 'json' })
  images: ImageRef[] = [];

  @Property({ length: 200, nullable: true })
  seoTitle?: string | null;

  @Property({ length: 400, nullable: true })
  seoDescription?: string | null;

  @Field(() => String, { nullable: true, description: 'Where the full text lives when this is a stub of an external article' })
  @Property({ type: 'text', nullable: true })
  externalUrl?: string | null;

  @Field(() => Boolean, { description: 'True when this article only points to an article published elsewhere' })
  @Property({ default: false })
  externalStub: boolean = false;

  /** Changes to a live article, waiting to be published (full content, not a delta). */
  @Property({ type: 'json', nullable: true })
  pending?: ArticleContent | null;

  /** When the pending changes go live; null while they wait for an editor. */
  @Property({ type: 'datetime', nullable: true })
  @Index()
  pendingPublishAt?: Date | null;

  @Field(() => Int, { description: 'Bumped by every save; send it back with the next save' })
  @Property({ default: 1 })
  version: number = 1;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  updatedAt!: Date;

  @Property({ length: 200 })
  updatedBy!: string;

  /** The account behind updatedBy; null for the importer and the scheduler (account-visibility.ts). */
  @Property({ type: 'integer', nullable: true })
  updatedByUserId?: number | null;
}

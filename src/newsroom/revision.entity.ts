import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';
import { Article, ArticleState } from './article.entity';
import type { ArticleContent } from './article.content';

export enum RevisionAction {
  CREATE = 'CREATE',
  UPDATE = 'UPDATE',
  PENDING = 'PENDING',
  PUBLISH_PENDING = 'PUBLISH_PENDING',
  DISCARD_PENDING = 'DISCARD_PENDING',
  TRANSITION = 'TRANSITION',
  RESTORE = 'RESTORE',
  IMPORT = 'IMPORT',
}

registerEnumType(RevisionAction, {
  name: 'RevisionAction',
  description: 'What a save did: edit the live copy, prepare pending changes for a live article, publish them, change state, restore, import.',
});

/**
 * One row per save: who, when, which fields, and the full content as the editor saw it after
 * the save (the pending copy for a live article), so any two revisions can be compared.
 */
@ObjectType('ArticleRevision', { description: 'One save of an article (staff only).' })
@Entity({ tableName: 'article_revision' })
@Unique({ properties: ['article', 'number'] })
export class ArticleRevision {
  @PrimaryKey({ autoincrement: true })
  id!: number;
  @ManyToOne(() => Article, { deleteRule: 'cascade' })
  article!: Article;
  /** The article version this save produced. */
  @Field(() => Int, { description: 'The article version this save produced' })
  @Property()
  number!: number;
  @Field(() => RevisionAction)
  @Enum({ items: () => RevisionAction })
  action!: RevisionAction;
  @Field(() => String, { description: 'Public display name of who saved (see savedByEmail)' })
  @Property({ length: 200 })
  savedBy!: string;
  /** The account that saved; null for the importer and the scheduler (account-visibility.ts). */
  @Property({ type: 'integer', nullable: true })
  savedByUserId?: number | null;
  @Field(() => GraphQLDateTime)
  @Property({ type: 'datetime' })
  savedAt!: Date;
  @Field(() => [String])
  @Property({ type: 'json' })
  changedFields!: string[];
  @Field(() => GraphQLJSON, { description: 'The full content after this save' })
  @Property({ type: 'json' })
  snapshot!: ArticleContent;
  /** State and schedule after the save (not part of the content, but worth seeing in history). */
  @Field(() => ArticleState, { description: 'Stored state after the save (SCHEDULED stays SCHEDULED here after its time)' })
  @Property({ length: 20 })
  state!: string;
  @Field(() => GraphQLDateTime, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  publishAt?: Date | null;
  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  restoredFrom?: number | null;
}

/**
 * "Article published" events for later consumers (webhooks, cache purge, live updates).
 * The unique article column makes the event fire exactly once per article, whichever
 * process or restart records it first.
 */
@Entity({ tableName: 'article_published_event' })
export class ArticlePublishedEvent {
  @PrimaryKey({ autoincrement: true })
  id!: number;
  @ManyToOne(() => Article, { deleteRule: 'cascade' })
  @Unique()
  article!: Article;
  /** When the article went live (its publishAt), which can be earlier than recordedAt after downtime. */
  @Property({ type: 'datetime' })
  publishedAt!: Date;
  @Property({ type: 'datetime' })
  @Index()
  recordedAt!: Date;
}

/**
 * Topics (Chủ đề: a curated list with descriptions), free tags and authors. Each doubles as its
 * GraphQL type because the public shape equals the stored one.
 */
import { Entity, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';

// simpleResolvers: plain values read by graphql-js's default resolver, no type-graphql wrapper per field (issue 11: front page).
@ObjectType('Topic', { description: 'A curated topic (Chủ đề), e.g. "Cải cách hành chính".', simpleResolvers: true })
@Entity({ tableName: 'topic' })
export class Topic {
  [OptionalProps]?: 'position';

  @Field(() => ID)
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Field(() => String, { description: 'URL slug, e.g. "cai-cach-hanh-chinh"' })
  @Property({ length: 120 })
  @Unique()
  slug!: string;

  @Field(() => String)
  @Property({ length: 200 })
  name!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  description?: string | null;

  /** Editorial order of the curated list (menus list topics in this order). */
  @Property({ default: 0 })
  position: number = 0;
}

@ObjectType('Tag', { description: 'A free tag, created on first use.' })
@Entity({ tableName: 'tag' })
export class Tag {
  @Field(() => ID)
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Field(() => String)
  @Property({ length: 120 })
  @Unique()
  slug!: string;

  @Field(() => String)
  @Property({ length: 120 })
  name!: string;
}

@ObjectType('Author', { description: 'A person credited on articles.' })
@Entity({ tableName: 'author' })
export class Author {
  @Field(() => ID)
  @PrimaryKey({ autoincrement: true })
  id!: number;

  /** Authors are identified by the slug of their display name until accounts exist. */
  @Field(() => String)
  @Property({ length: 120 })
  @Unique()
  slug!: string;

  @Field(() => String)
  @Property({ length: 200 })
  displayName!: string;

  @Field(() => String, { nullable: true, description: 'Role line, e.g. "Phóng viên Báo Hà Tĩnh"' })
  @Property({ length: 200, nullable: true })
  role?: string | null;
}

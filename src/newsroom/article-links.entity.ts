/**
 * Pivot tables between articles and their topics, tags, authors and units. Explicit entities
 * (not ManyToMany collections) so one batched query per relation can serve a whole page, and
 * so the editorial order (position) is kept.
 */
import { Entity, Index, ManyToOne, PrimaryKey, PrimaryKeyProp, Property, Unique } from '@mikro-orm/core';
import { Unit } from '../units/unit.entity';
import { Article } from './article.entity';
import { Author, Tag, Topic } from './taxonomy.entity';

@Entity({ tableName: 'article_topic' })
export class ArticleTopic {
  [PrimaryKeyProp]?: ['article', 'topic'];
  @ManyToOne(() => Article, { primary: true, deleteRule: 'cascade' })
  article!: Article;
  @ManyToOne(() => Topic, { primary: true, deleteRule: 'restrict' })
  @Index()
  topic!: Topic;
  @Property()
  position!: number;
}

@Entity({ tableName: 'article_tag' })
export class ArticleTag {
  [PrimaryKeyProp]?: ['article', 'tag'];
  @ManyToOne(() => Article, { primary: true, deleteRule: 'cascade' })
  article!: Article;
  @ManyToOne(() => Tag, { primary: true, deleteRule: 'restrict' })
  @Index()
  tag!: Tag;
  @Property()
  position!: number;
}

@Entity({ tableName: 'article_author' })
export class ArticleAuthor {
  [PrimaryKeyProp]?: ['article', 'author'];
  @ManyToOne(() => Article, { primary: true, deleteRule: 'cascade' })
  article!: Article;
  @ManyToOne(() => Author, { primary: true, deleteRule: 'restrict' })
  @Index()
  author!: Author;
  @Property()
  position!: number;
}

@Entity({ tableName: 'article_unit' })
export class ArticleUnit {
  [PrimaryKeyProp]?: ['article', 'unit'];
  @ManyToOne(() => Article, { primary: true, deleteRule: 'cascade' })
  article!: Article;
  @ManyToOne(() => Unit, { primary: true, deleteRule: 'restrict' })
  @Index()
  unit!: Unit;
  @Property()
  position!: number;
}

/** Every slug an article has had, current one included: old links keep resolving, and no other article can take them. */
@Entity({ tableName: 'article_slug' })
export class ArticleSlug {
  @PrimaryKey({ autoincrement: true })
  id!: number;
  @Property({ length: 120 })
  @Unique()
  slug!: string;
  @ManyToOne(() => Article, { deleteRule: 'cascade' })
  @Index()
  article!: Article;
  @Property({ type: 'datetime' })
  createdAt!: Date;
}

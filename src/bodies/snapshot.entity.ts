import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Article } from '../newsroom/article.entity';
import type { FactValue, RankingWidgetValue } from './resolved';

/**
 * What an article's widgets and facts said when it went live, with the data revisions they
 * came from. One per published body text: a later published change takes a new one.
 */
@Entity({ tableName: 'body_snapshot' })
@Unique({ properties: ['article', 'bodyHash'] })
export class BodySnapshot {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Article, { deleteRule: 'cascade' })
  @Index()
  article!: Article;

  @Property({ length: 64 })
  bodyHash!: string;

  @Property({ type: 'datetime' })
  takenAt!: Date;

  @Property({ type: 'json' })
  widgets: RankingWidgetValue[] = [];

  @Property({ type: 'json' })
  facts: FactValue[] = [];
}

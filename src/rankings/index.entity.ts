import { Entity, Enum, ManyToOne, type Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Unit } from '../units/unit.entity';
import { IndexLevel } from './ranking.enums';

@ObjectType('RankingIndex', { description: 'An index that ranks units of one level every year (PAR INDEX, Chỉ số CCHC cấp huyện…).' })
@Entity({ tableName: 'ranking_index' })
export class RankingIndex {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Field(() => String, { description: 'Stable identifier used by the API, e.g. "par-index-cap-tinh"' })
  @Property({ length: 120 })
  @Unique()
  slug!: string;

  @Field(() => String)
  @Property({ length: 300 })
  name!: string;

  @Field(() => String, { nullable: true })
  @Property({ length: 300, nullable: true })
  publisher?: string | null;

  @Field(() => IndexLevel)
  @Enum({ items: () => IndexLevel, nativeEnumName: undefined })
  level!: IndexLevel;

  /** Ranked units must lie under this unit (e.g. province 42 for Hà Tĩnh's district index); null = nationwide. */
  @ManyToOne(() => Unit, { nullable: true, deleteRule: 'restrict' })
  scope?: Unit | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'Where the data comes from (publications, decisions)' })
  @Property({ type: 'text', nullable: true })
  sources?: string | null;

  @Field(() => Boolean, { description: 'True when the data is not official (made up to demonstrate the features)' })
  @Property({ default: false })
  illustrative: Opt<boolean> = false;

  @Field(() => Int, { description: 'N of the "within the top N" streak' })
  @Property({ default: 3 })
  topN: Opt<number> = 3;
}

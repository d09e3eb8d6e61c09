import { Entity, Enum, Index, ManyToOne, type Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateScalar } from '../graphql/scalars';
import { RankingIndex } from './index.entity';
import { ComponentKind, EditionStatus } from './ranking.enums';

@ObjectType('Edition', { description: 'One year of an index, with its own methodology (criteria tree) and source.' })
@Entity({ tableName: 'ranking_edition' })
@Unique({ properties: ['index', 'year'] })
export class Edition {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => RankingIndex, { deleteRule: 'cascade' })
  index!: RankingIndex;

  @Field(() => Int, { description: 'The year assessed (published the year after)' })
  @Property()
  year!: number;

  @Field(() => String)
  @Property({ length: 300 })
  title!: string;

  @Field(() => String, { nullable: true, description: 'The published source, e.g. "Quyết định 1150/QĐ-BNV ngày 29/5/2023"' })
  @Property({ type: 'text', nullable: true })
  sourceDocument?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  sourceUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'The methodology decision, e.g. "876/QĐ-BNV"' })
  @Property({ length: 200, nullable: true })
  methodology?: string | null;

  @Field(() => EditionStatus)
  @Enum({ items: () => EditionStatus, nativeEnumName: undefined })
  status: Opt<EditionStatus> = EditionStatus.DRAFT;

  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  publishedOn?: string | null;

  @Field(() => Boolean, { description: 'True when the data is not official' })
  @Property({ default: false })
  illustrative: Opt<boolean> = false;

  @Field(() => Int, { nullable: true, description: 'How many units the publication ranks (63 provinces); when the data holds fewer, ranks are REPORTED' })
  @Property({ type: 'integer', nullable: true })
  rankedUnits?: number | null;

  @Field(() => Float, { description: 'Sum of the maxima of the top-level areas' })
  @Property({ type: 'double' })
  maxTotal: Opt<number> = 0;

  @Field(() => Int, { description: "Data revision: bumped on every change of this edition's data or computed ranking" })
  @Property({ default: 0 })
  revision: Opt<number> = 0;
}

@ObjectType('CriterionNode', { description: 'An area (lĩnh vực), criterion (tiêu chí) or sub-criterion (tiêu chí thành phần) of an edition.' })
@Entity({ tableName: 'ranking_criterion' })
@Unique({ properties: ['edition', 'code'] })
export class CriterionNode {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Edition, { deleteRule: 'cascade' })
  @Index()
  edition!: Edition;

  @Field(() => String, { description: 'Code unique within the edition, e.g. "LV1", "LV1.2", "LV1.2.a"' })
  @Property({ length: 40 })
  code!: string;

  @Field(() => String, { nullable: true, description: 'Code of the parent node; null for an area' })
  @Property({ length: 40, nullable: true })
  parentCode?: string | null;

  @Field(() => String)
  @Property({ type: 'text' })
  title!: string;

  @Field(() => Float)
  @Property({ type: 'double' })
  maxPoints!: number;

  @Field(() => ComponentKind, { nullable: true })
  @Enum({ items: () => ComponentKind, nativeEnumName: undefined, nullable: true })
  component?: ComponentKind | null;

  @Field(() => Int, { description: '0 = area, 1 = criterion, 2 = sub-criterion' })
  @Property()
  depth!: number;

  @Field(() => Int, { description: 'Order within the edition (depth-first)' })
  @Property()
  position!: number;
}

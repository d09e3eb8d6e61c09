import { Entity, Index, ManyToOne, type Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Unit } from '../units/unit.entity';
import { Edition } from './edition.entity';

/**
 * One unit's row of an edition as published: points per node of the criteria tree, and the
 * reported total and rank when the publication gives them. Stored as one row per unit and
 * edition with the points in jsonb (node code → points) because a sheet is read and written
 * whole; 700 units × 40 nodes stays 700 rows instead of 28,000.
 */
@Entity({ tableName: 'ranking_score_sheet' })
@Unique({ properties: ['edition', 'unit'] })
export class ScoreSheet {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Edition, { deleteRule: 'cascade' })
  edition!: Edition;

  @ManyToOne(() => Unit, { deleteRule: 'restrict' })
  @Index()
  unit!: Unit;

  @Property({ type: 'json' })
  points: Opt<Record<string, number>> = {};

  @Property({ type: 'double', nullable: true })
  reportedTotal?: number | null;

  @Property({ type: 'integer', nullable: true })
  reportedRank?: number | null;
}

/** A change of one published value: who, when, old and new. Fields are node codes or REPORTED_TOTAL / REPORTED_RANK. */
@ObjectType('ScoreRevision', { description: 'A recorded change of a score, reported total or reported rank.' })
@Entity({ tableName: 'ranking_score_revision' })
@Index({ properties: ['edition', 'unit'] })
export class ScoreRevision {
  @Field(() => Int)
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Edition, { deleteRule: 'cascade' })
  edition!: Edition;

  @ManyToOne(() => Unit, { deleteRule: 'restrict' })
  unit!: Unit;

  @Field(() => String, { description: 'Criterion code, or REPORTED_TOTAL / REPORTED_RANK' })
  @Property({ length: 40 })
  field!: string;

  @Field(() => Float, { nullable: true })
  @Property({ type: 'double', nullable: true })
  oldValue?: number | null;

  @Field(() => Float, { nullable: true })
  @Property({ type: 'double', nullable: true })
  newValue?: number | null;

  @Field(() => String, { description: 'Public display name of who changed it, or "content import" (see changedByEmail)' })
  @Property({ length: 200 })
  changedBy!: string;

  /** The account that changed it; null for the content importer (account-visibility.ts). */
  @Property({ type: 'integer', nullable: true })
  changedByUserId?: number | null;

  @Field(() => Date)
  @Property({ type: 'datetime' })
  changedAt!: Date;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  @Field(() => String, { description: 'The file or mutation the change came through' })
  @Property({ length: 300 })
  via!: string;

  @Field(() => Int, { description: 'The edition revision this change produced' })
  @Property()
  dataRevision!: number;
}

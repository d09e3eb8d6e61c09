import { Collection, Entity, Enum, Index, ManyToMany, ManyToOne, OneToMany, type Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { User } from '../accounts/user.entity';
import { Article } from '../newsroom/article.entity';
import { RankingIndex } from '../rankings/index.entity';
import { Unit } from '../units/unit.entity';
import { Campaign } from './campaign.entity';
import { Channel } from './channel.entity';
import { OutreachStatus, RankingWidgetView } from './outreach.enums';

/** A linked ranking widget: an index, a year (null = latest published edition) and how to show it. */
export interface RankingWidgetSpec {
  indexSlug: string;
  year: number | null;
  view: RankingWidgetView;
  areaCode: string | null;
  highlightUnitCodes: string[];
}

/**
 * One piece of outreach in one channel. Times are instants (timestamptz, UTC); a recurrence
 * (RRULE) is interpreted in Asia/Ho_Chi_Minh wall-clock time, so "every Monday 06:30" stays
 * 06:30 local. Occurrences are identified by their original start.
 */
@ObjectType('OutreachItem', { description: 'Một hoạt động tuyên truyền: one scheduled piece of work in one channel, possibly recurring' })
@Entity({ tableName: 'outreach_item' })
@Index({ properties: ['boundsStart', 'boundsEnd'] })
export class OutreachItem {
  @Field(() => ID)
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Property({ length: 200, nullable: true })
  @Unique()
  importKey?: string | null;

  @ManyToOne(() => Campaign, { deleteRule: 'cascade' })
  @Index()
  campaign!: Campaign;

  @ManyToOne(() => Channel, { deleteRule: 'restrict' })
  @Index()
  channel!: Channel;

  @Field(() => String)
  @Property({ length: 250 })
  title!: string;

  @Field(() => String)
  @Property({ type: 'text', default: '' })
  brief: Opt<string> = '';

  @ManyToMany(() => Article, undefined, { pivotTable: 'outreach_item_article' })
  articles = new Collection<Article>(this);

  @Property({ type: 'json', nullable: true })
  widget?: RankingWidgetSpec | null;

  @ManyToMany(() => Unit, undefined, { pivotTable: 'outreach_item_unit' })
  targetUnits = new Collection<Unit>(this);

  @Field(() => Date, { description: 'Start of the first occurrence' })
  @Property({ type: 'timestamptz' })
  startsAt!: Date;

  @Field(() => Date, { description: 'End of the first occurrence' })
  @Property({ type: 'timestamptz' })
  endsAt!: Date;

  @Field(() => String, { nullable: true, description: 'RFC 5545 RRULE (without DTSTART), in Asia/Ho_Chi_Minh time; COUNT or UNTIL required' })
  @Property({ type: 'text', nullable: true })
  rrule?: string | null;

  /** Original starts (ISO, UTC) of occurrences removed from the series (EXDATE). */
  @Property({ type: 'json' })
  exdates: Opt<string[]> = [];

  @OneToMany(() => OccurrenceOverride, (o) => o.item, { orphanRemoval: true })
  overrides = new Collection<OccurrenceOverride>(this);

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  assignee?: User | null;

  @Field(() => OutreachStatus)
  @Enum({ items: () => OutreachStatus, nativeEnumName: undefined })
  status: Opt<OutreachStatus> = OutreachStatus.IDEA;

  @Field(() => Int, { nullable: true, description: 'Outcome: people reached (required on DONE)' })
  @Property({ nullable: true })
  outcomeReach?: number | null;

  @Field(() => String, { nullable: true, description: 'Outcome: notes (required on DONE)' })
  @Property({ type: 'text', nullable: true })
  outcomeNotes?: string | null;

  /** "After edition <year> of <index> is published": SCHEDULED waits for it. */
  @ManyToOne(() => RankingIndex, { nullable: true, deleteRule: 'set null' })
  dependsOnIndex?: RankingIndex | null;

  @Property({ nullable: true })
  dependsOnYear?: number | null;

  /** The series this one was split from ("this and following"). */
  @ManyToOne(() => OutreachItem, { nullable: true, deleteRule: 'set null' })
  splitFrom?: OutreachItem | null;

  /** Span of every occurrence including moved ones, kept up to date so the calendar reads only overlapping rows. */
  @Property({ type: 'timestamptz' })
  boundsStart!: Date;

  @Property({ type: 'timestamptz' })
  boundsEnd!: Date;

  @Field(() => Int, { description: 'Bumped by every change of the item or its occurrences; send it back with the next change' })
  @Property({ type: 'integer', default: 1 })
  version: Opt<number> = 1;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** "Edit this occurrence": replaces the times, texts or status of one occurrence of a series. */
@Entity({ tableName: 'outreach_occurrence_override' })
@Unique({ properties: ['item', 'originalStart'] })
export class OccurrenceOverride {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => OutreachItem, { deleteRule: 'cascade' })
  item!: OutreachItem;

  @Property({ type: 'timestamptz' })
  originalStart!: Date;

  @Property({ type: 'timestamptz' })
  startsAt!: Date;

  @Property({ type: 'timestamptz' })
  endsAt!: Date;

  @Property({ length: 250, nullable: true })
  title?: string | null;

  @Property({ type: 'text', nullable: true })
  brief?: string | null;

  @Enum({ items: () => OutreachStatus, nativeEnumName: undefined, nullable: true })
  status?: OutreachStatus | null;

  @Property({ nullable: true })
  outcomeReach?: number | null;

  @Property({ type: 'text', nullable: true })
  outcomeNotes?: string | null;
}

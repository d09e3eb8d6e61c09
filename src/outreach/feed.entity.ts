import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Organisation } from '../accounts/organisation.entity';
import { User } from '../accounts/user.entity';
import { Campaign } from './campaign.entity';

/**
 * A secret iCalendar feed URL. Only the SHA-256 of its token is stored, so a database leak
 * does not leak working URLs; revoking sets revokedAt and the URL answers 404 from then on.
 */
@ObjectType('OutreachFeed', { description: 'An iCalendar subscription URL of a campaign or of an organisation' })
@Entity({ tableName: 'outreach_feed' })
export class OutreachFeed {
  @Field(() => ID)
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Property({ length: 64 })
  @Unique()
  tokenHash!: string;

  @ManyToOne(() => Organisation, { deleteRule: 'cascade' })
  @Index()
  organisation!: Organisation;

  /** Null for the feed of the whole organisation. */
  @ManyToOne(() => Campaign, { nullable: true, deleteRule: 'cascade' })
  campaign?: Campaign | null;

  @Field(() => String)
  @Property({ length: 200 })
  label!: string;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  createdBy?: User | null;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;
}

import { Collection, Entity, Enum, Index, ManyToMany, ManyToOne, type Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Organisation } from '../accounts/organisation.entity';
import { DateScalar } from '../graphql/scalars';
import { Unit } from '../units/unit.entity';
import { Audience, CampaignStatus } from './outreach.enums';

@ObjectType('OutreachCampaign', { description: 'Chiến dịch tuyên truyền: a goal, a period, target units and audiences, owned by one organisation' })
@Entity({ tableName: 'outreach_campaign' })
export class Campaign {
  @Field(() => ID)
  @PrimaryKey({ autoincrement: true })
  id!: number;

  /** Content file key ("content/outreach/<file>#<key>") for imported campaigns; null for campaigns made in the API. */
  @Property({ length: 200, nullable: true })
  @Unique()
  importKey?: string | null;

  @ManyToOne(() => Organisation, { deleteRule: 'restrict' })
  @Index()
  organisation!: Organisation;

  @Field(() => String)
  @Property({ length: 250 })
  title!: string;

  @Field(() => String)
  @Property({ type: 'text', default: '' })
  goal: Opt<string> = '';

  @Field(() => DateScalar, { description: 'First day (Asia/Ho_Chi_Minh)' })
  @Property({ type: 'date' })
  startsOn!: string;

  @Field(() => DateScalar, { description: 'Last day, inclusive (Asia/Ho_Chi_Minh)' })
  @Property({ type: 'date' })
  endsOn!: string;

  @Field(() => [String])
  @Property({ type: 'json' })
  topics: Opt<string[]> = [];

  @Field(() => [Audience])
  @Enum({ items: () => Audience, array: true })
  audiences: Opt<Audience[]> = [];

  @ManyToMany(() => Unit, undefined, { pivotTable: 'outreach_campaign_unit' })
  targetUnits = new Collection<Unit>(this);

  /** Channel codes the campaign's items may use; empty = every active channel. */
  @Field(() => [String], { description: 'Channel codes allowed in this campaign; empty = every active channel' })
  @Property({ type: 'json' })
  channelCodes: Opt<string[]> = [];

  @Field(() => CampaignStatus)
  @Enum({ items: () => CampaignStatus, nativeEnumName: undefined })
  status: Opt<CampaignStatus> = CampaignStatus.PLANNING;

  @Field(() => Boolean, { description: 'True for sample content that only illustrates the features' })
  @Property({ default: false })
  illustrative: Opt<boolean> = false;

  @Field(() => String, { nullable: true, description: 'Where the plan comes from (a decision, an article)' })
  @Property({ type: 'text', nullable: true })
  source?: string | null;

  @Field(() => Int, { description: 'Bumped by every change; send it back with the next change' })
  @Property({ type: 'integer', default: 1 })
  version: Opt<number> = 1;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'timestamptz' })
  updatedAt!: Date;
}

import { Field, ID, InputType, Int } from 'type-graphql';
import { Audience, CampaignStatus, OutreachStatus, RankingWidgetView } from './outreach.enums';

@InputType()
export class CampaignInput {
  @Field(() => String, { nullable: true, description: 'Admins name the organisation; planners get their own' }) organisationSlug?: string | null;
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) goal?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) startsOn?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, inclusive' }) endsOn?: string | null;
  @Field(() => [String], { nullable: true }) topics?: string[] | null;
  @Field(() => [Audience], { nullable: true }) audiences?: Audience[] | null;
  @Field(() => [String], { nullable: true, description: 'Target unit codes' }) unitCodes?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Allowed channel codes; empty = all active channels' }) channelCodes?: string[] | null;
  @Field(() => CampaignStatus, { nullable: true }) status?: CampaignStatus | null;
  @Field(() => Boolean, { nullable: true }) illustrative?: boolean | null;
  @Field(() => String, { nullable: true }) source?: string | null;
}

@InputType()
export class RankingWidgetInput {
  @Field(() => String) indexSlug!: string;
  @Field(() => Int, { nullable: true, description: 'Omit for the latest published edition' }) year?: number | null;
  @Field(() => RankingWidgetView, { nullable: true }) view?: RankingWidgetView | null;
  @Field(() => String, { nullable: true }) areaCode?: string | null;
  @Field(() => [String], { nullable: true }) highlightUnitCodes?: string[] | null;
}

@InputType()
export class DependencyInput {
  @Field(() => String) indexSlug!: string;
  @Field(() => Int) year!: number;
}

@InputType()
export class OutreachItemInput {
  @Field(() => ID, { nullable: true }) campaignId?: string | null;
  @Field(() => String, { nullable: true }) channelCode?: string | null;
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) brief?: string | null;
  @Field(() => Date, { nullable: true }) startsAt?: Date | null;
  @Field(() => Date, { nullable: true }) endsAt?: Date | null;
  @Field(() => String, { nullable: true, description: 'RRULE in Asia/Ho_Chi_Minh time, e.g. FREQ=WEEKLY;BYDAY=MO;COUNT=12; "" removes it' }) rrule?: string | null;
  @Field(() => [String], { nullable: true, description: 'Unit codes; empty on create = the campaign target units' }) unitCodes?: string[] | null;
  @Field(() => [Int], { nullable: true }) articleIds?: number[] | null;
  @Field(() => RankingWidgetInput, { nullable: true }) widget?: RankingWidgetInput | null;
  @Field(() => Boolean, { nullable: true }) removeWidget?: boolean | null;
  @Field(() => Int, { nullable: true }) assigneeId?: number | null;
  @Field(() => DependencyInput, { nullable: true }) dependsOn?: DependencyInput | null;
  @Field(() => Boolean, { nullable: true }) removeDependency?: boolean | null;
  @Field(() => OutreachStatus, { nullable: true, description: 'On create only: IDEA (default) or DRAFT' }) status?: OutreachStatus | null;
}

@InputType()
export class OutcomeInput {
  @Field(() => Int) reach!: number;
  @Field(() => String) notes!: string;
}

@InputType()
export class OccurrenceInput {
  @Field(() => Date, { nullable: true }) startsAt?: Date | null;
  @Field(() => Date, { nullable: true }) endsAt?: Date | null;
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) brief?: string | null;
  @Field(() => OutreachStatus, { nullable: true }) status?: OutreachStatus | null;
  @Field(() => OutcomeInput, { nullable: true }) outcome?: OutcomeInput | null;
}

@InputType()
export class ChannelInput {
  @Field(() => String) code!: string;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => Int, { nullable: true }) capacityPerSlot?: number | null;
  @Field(() => Boolean, { nullable: true }) capacityPerUnit?: boolean | null;
  @Field(() => Boolean, { nullable: true }) active?: boolean | null;
  @Field(() => Int, { nullable: true }) position?: number | null;
}

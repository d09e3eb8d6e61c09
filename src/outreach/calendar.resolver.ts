import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { allowedBy } from '../graphql/authorization';
import { OUTREACH_OPERATIONS } from './outreach.policy';
import type { RequestContext } from '../graphql/context';
import { CalendarService } from './calendar.service';
import { CampaignResolver, ChannelResolver, FeedResolver } from './campaign.resolver';
import { ItemResolver } from './item.resolver';
import { OutreachStatus } from './outreach.enums';
import { CoverageType, OutreachConflictType, OutreachOccurrenceType, SuggestionsType } from './outreach.types';
import { SuggestionService } from './suggestion.service';
import { DateScalar } from '../graphql/scalars';

const Allowed = allowedBy(OUTREACH_OPERATIONS);

@Resolver()
export class CalendarResolver {
  @Allowed('Query.outreachCalendar')
  @Query(() => [OutreachOccurrenceType], {
    description: 'Occurrences overlapping [from, to), recurrences expanded (bounded: BAD_USER_INPUT past the cap), each with its capacity conflicts',
  })
  async outreachCalendar(
    @Arg('from', () => Date) from: Date,
    @Arg('to', () => Date) to: Date,
    @Ctx() ctx: RequestContext,
    @Arg('campaignId', () => ID, { nullable: true }) campaignId?: string,
    @Arg('channelCode', () => String, { nullable: true }) channelCode?: string,
    @Arg('unitCode', () => String, { nullable: true }) unitCode?: string,
    @Arg('status', () => OutreachStatus, { nullable: true }) status?: OutreachStatus,
    @Arg('organisationSlug', () => String, { nullable: true }) organisationSlug?: string,
  ): Promise<OutreachOccurrenceType[]> {
    const result = await new CalendarService(ctx.em, ctx.viewer, ctx.config.outreach).calendar(from, to, {
      campaignId: campaignId == null ? null : Number(campaignId),
      channelCode,
      unitCode,
      status,
      organisationSlug,
    });
    return result.occurrences;
  }

  @Allowed('Query.outreachConflicts')
  @Query(() => [OutreachConflictType], { description: 'Channel slots over capacity in [from, to)' })
  async outreachConflicts(
    @Arg('from', () => Date) from: Date,
    @Arg('to', () => Date) to: Date,
    @Ctx() ctx: RequestContext,
    @Arg('organisationSlug', () => String, { nullable: true }) organisationSlug?: string,
  ): Promise<OutreachConflictType[]> {
    return (await new CalendarService(ctx.em, ctx.viewer, ctx.config.outreach).calendar(from, to, { organisationSlug })).conflicts;
  }

  @Allowed('Query.outreachCoverage')
  @Query(() => CoverageType, { description: 'Counts per unit × channel, distinct channels per unit, and units quiet in the last `quietDays` days before `to`' })
  outreachCoverage(
    @Arg('from', () => Date) from: Date,
    @Arg('to', () => Date) to: Date,
    @Ctx() ctx: RequestContext,
    @Arg('quietDays', () => Int, { defaultValue: 30 }) quietDays: number,
    @Arg('campaignId', () => ID, { nullable: true }) campaignId?: string,
    @Arg('organisationSlug', () => String, { nullable: true }) organisationSlug?: string,
  ): Promise<CoverageType> {
    return new CalendarService(ctx.em, ctx.viewer, ctx.config.outreach).coverage(from, to, quietDays, {
      campaignId: campaignId == null ? null : Number(campaignId),
      organisationSlug,
    });
  }

  @Allowed('Query.outreachSuggestions')
  @Query(() => SuggestionsType, {
    description: "What to talk about first in a unit: its weakest areas in the latest published edition of an index (lowest share of the area's maximum)",
  })
  outreachSuggestions(
    @Arg('unitCode', () => String) unitCode: string,
    @Ctx() ctx: RequestContext,
    @Arg('indexSlug', () => String, { nullable: true }) indexSlug?: string,
    @Arg('limit', () => Int, { defaultValue: 3 }) limit?: number,
    @Arg('on', () => DateScalar, { nullable: true, description: 'The day the outreach is for: the unit must exist then (UNIT_NOT_VALID otherwise)' }) on?: string,
  ): Promise<SuggestionsType> {
    return new SuggestionService(ctx.em, ctx.viewer).forUnit(unitCode, indexSlug, limit, on);
  }
}

/** Every outreach resolver, for src/app/schema.ts. */
export const OUTREACH_RESOLVERS = [CampaignResolver, ChannelResolver, FeedResolver, ItemResolver, CalendarResolver] as const;

import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { allowedBy } from '../graphql/authorization';
import { OUTREACH_OPERATIONS } from './outreach.policy';
import { Organisation } from '../accounts/organisation.entity';
import type { RequestContext } from '../graphql/context';
import { Unit } from '../units/unit.entity';
import { Campaign } from './campaign.entity';
import { CampaignService } from './campaign.service';
import { Channel } from './channel.entity';
import { OutreachFeed } from './feed.entity';
import { FeedService } from './feed.service';
import { CampaignInput, ChannelInput } from './outreach.inputs';
import { FeedCreatedType } from './outreach.types';

const Allowed = allowedBy(OUTREACH_OPERATIONS);

@Resolver(() => Campaign)
export class CampaignResolver {
  @Allowed('Query.outreachCampaigns')
  @Query(() => [Campaign], { description: 'Campaigns of your organisation (admins: all, or the named one)' })
  outreachCampaigns(@Ctx() ctx: RequestContext, @Arg('organisationSlug', () => String, { nullable: true }) organisationSlug?: string): Promise<Campaign[]> {
    return new CampaignService(ctx.em, ctx.viewer, ctx.now).list({ organisationSlug });
  }

  @Allowed('Query.outreachCampaign')
  @Query(() => Campaign)
  outreachCampaign(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Campaign> {
    return new CampaignService(ctx.em, ctx.viewer, ctx.now).get(Number(id));
  }

  @Allowed('Mutation.createOutreachCampaign')
  @Mutation(() => Campaign)
  createOutreachCampaign(@Arg('input', () => CampaignInput) input: CampaignInput, @Ctx() ctx: RequestContext): Promise<Campaign> {
    return new CampaignService(ctx.em, ctx.viewer, ctx.now).create(input);
  }

  @Allowed('Mutation.updateOutreachCampaign')
  @Mutation(() => Campaign, { description: 'CONFLICT when `version` is not the current one' })
  updateOutreachCampaign(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('input', () => CampaignInput) input: CampaignInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Campaign> {
    return new CampaignService(ctx.em, ctx.viewer, ctx.now).update(Number(id), version, input);
  }

  @FieldResolver(() => Organisation)
  organisation(@Root() campaign: Campaign): Organisation {
    return campaign.organisation;
  }

  @FieldResolver(() => [Unit])
  targetUnits(@Root() campaign: Campaign): Unit[] {
    return campaign.targetUnits.getItems();
  }
}

@Resolver()
export class ChannelResolver {
  @Allowed('Query.outreachChannels')
  @Query(() => [Channel], { description: 'The channel list (inactive ones included, flagged)' })
  outreachChannels(@Ctx() ctx: RequestContext): Promise<Channel[]> {
    return new CampaignService(ctx.em, ctx.viewer, ctx.now).channels();
  }

  @Allowed('Mutation.saveOutreachChannel')
  @Mutation(() => Channel, { description: 'Adds a channel or changes one (name, capacity, active)' })
  saveOutreachChannel(@Arg('input', () => ChannelInput) input: ChannelInput, @Ctx() ctx: RequestContext): Promise<Channel> {
    return new CampaignService(ctx.em, ctx.viewer, ctx.now).saveChannel(input);
  }
}

@Resolver(() => OutreachFeed)
export class FeedResolver {
  @Allowed('Query.outreachFeeds')
  @Query(() => [OutreachFeed], { description: 'Feeds of your organisation (their URLs are shown only when created)' })
  outreachFeeds(@Ctx() ctx: RequestContext): Promise<OutreachFeed[]> {
    return new FeedService(ctx.em, ctx.viewer, ctx.config.outreach, ctx.now).list();
  }

  @Allowed('Mutation.createOutreachFeed')
  @Mutation(() => FeedCreatedType, { description: 'An iCalendar feed URL of a campaign, or of a whole organisation' })
  createOutreachFeed(
    @Ctx() ctx: RequestContext,
    @Arg('campaignId', () => ID, { nullable: true }) campaignId?: string,
    @Arg('organisationSlug', () => String, { nullable: true }) organisationSlug?: string,
    @Arg('label', () => String, { nullable: true }) label?: string,
  ): Promise<FeedCreatedType> {
    return new FeedService(ctx.em, ctx.viewer, ctx.config.outreach, ctx.now).create({ campaignId: campaignId == null ? null : Number(campaignId), organisationSlug, label });
  }

  @Allowed('Mutation.revokeOutreachFeed')
  @Mutation(() => OutreachFeed, { description: 'The URL stops working at once' })
  revokeOutreachFeed(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<OutreachFeed> {
    return new FeedService(ctx.em, ctx.viewer, ctx.config.outreach, ctx.now).revoke(Number(id));
  }

  @FieldResolver(() => Campaign, { nullable: true })
  campaign(@Root() feed: OutreachFeed): Campaign | null {
    return feed.campaign ?? null;
  }
}

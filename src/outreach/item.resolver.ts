import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { allowedBy } from '../graphql/authorization';
import { OUTREACH_OPERATIONS } from './outreach.policy';
import { User } from '../accounts/user.entity';
import type { RequestContext } from '../graphql/context';
import { Article } from '../newsroom/article.entity';
import { canReadArticle } from '../newsroom/article.query';
import { Unit } from '../units/unit.entity';
import { Campaign } from './campaign.entity';
import { Channel } from './channel.entity';
import { OutreachItem } from './item.entity';
import { type ItemFields, ItemService } from './item.service';
import { OccurrenceService } from './occurrence.service';
import { OutreachStatus } from './outreach.enums';
import { OccurrenceInput, OutcomeInput, OutreachItemInput } from './outreach.inputs';
import { DependencyType, RankingWidgetType } from './outreach.types';

const Allowed = allowedBy(OUTREACH_OPERATIONS);

/** GraphQL IDs are strings; the service takes numbers. */
const fields = (input: OutreachItemInput): ItemFields => ({ ...input, campaignId: input.campaignId == null ? input.campaignId : Number(input.campaignId) });

@Resolver(() => OutreachItem)
export class ItemResolver {
  private items = (ctx: RequestContext) => new ItemService(ctx.em, ctx.viewer, ctx.config.outreach, ctx.now);
  private occurrences = (ctx: RequestContext) => new OccurrenceService(ctx.em, ctx.viewer, ctx.config.outreach, ctx.now);

  @Allowed('Query.outreachItem')
  @Query(() => OutreachItem)
  outreachItem(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<OutreachItem> {
    return this.items(ctx).get(Number(id));
  }

  @Allowed('Query.outreachItems')
  @Query(() => [OutreachItem], { description: 'Items of a campaign (series, not expanded)' })
  outreachItems(@Arg('campaignId', () => ID) campaignId: string, @Ctx() ctx: RequestContext): Promise<OutreachItem[]> {
    return this.items(ctx).list(Number(campaignId));
  }

  @Allowed('Mutation.createOutreachItem')
  @Mutation(() => OutreachItem)
  createOutreachItem(@Arg('input', () => OutreachItemInput) input: OutreachItemInput, @Ctx() ctx: RequestContext): Promise<OutreachItem> {
    return this.items(ctx).create(fields(input));
  }

  @Allowed('Mutation.updateOutreachItem')
  @Mutation(() => OutreachItem, { description: 'Edits the whole series; CONFLICT when `version` is stale' })
  updateOutreachItem(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('input', () => OutreachItemInput) input: OutreachItemInput,
    @Ctx() ctx: RequestContext,
  ): Promise<OutreachItem> {
    return this.items(ctx).update(Number(id), version, fields(input));
  }

  @Allowed('Mutation.setOutreachItemStatus')
  @Mutation(() => OutreachItem, { description: 'IDEA → DRAFT → PENDING_APPROVAL → APPROVED → SCHEDULED → DONE (outcome required), or CANCELLED' })
  setOutreachItemStatus(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('status', () => OutreachStatus) status: OutreachStatus,
    @Ctx() ctx: RequestContext,
    @Arg('outcome', () => OutcomeInput, { nullable: true }) outcome?: OutcomeInput,
  ): Promise<OutreachItem> {
    return this.items(ctx).setStatus(Number(id), version, status, outcome);
  }

  @Allowed('Mutation.editOutreachOccurrence')
  @Mutation(() => OutreachItem, { description: 'Edit this occurrence only (identified by its original start)' })
  editOutreachOccurrence(
    @Arg('itemId', () => ID) itemId: string,
    @Arg('version', () => Int) version: number,
    @Arg('occurrenceStart', () => Date) occurrenceStart: Date,
    @Arg('input', () => OccurrenceInput) input: OccurrenceInput,
    @Ctx() ctx: RequestContext,
  ): Promise<OutreachItem> {
    return this.occurrences(ctx).edit(Number(itemId), version, occurrenceStart, input);
  }

  @Allowed('Mutation.removeOutreachOccurrence')
  @Mutation(() => OutreachItem, { description: 'Removes one occurrence from the series (EXDATE)' })
  removeOutreachOccurrence(
    @Arg('itemId', () => ID) itemId: string,
    @Arg('version', () => Int) version: number,
    @Arg('occurrenceStart', () => Date) occurrenceStart: Date,
    @Ctx() ctx: RequestContext,
  ): Promise<OutreachItem> {
    return this.occurrences(ctx).remove(Number(itemId), version, occurrenceStart);
  }

  @Allowed('Mutation.restoreOutreachOccurrence')
  @Mutation(() => OutreachItem, { description: 'Puts back a removed occurrence' })
  restoreOutreachOccurrence(
    @Arg('itemId', () => ID) itemId: string,
    @Arg('version', () => Int) version: number,
    @Arg('occurrenceStart', () => Date) occurrenceStart: Date,
    @Ctx() ctx: RequestContext,
  ): Promise<OutreachItem> {
    return this.occurrences(ctx).restore(Number(itemId), version, occurrenceStart);
  }

  @Allowed('Mutation.splitOutreachSeries')
  @Mutation(() => OutreachItem, { description: 'This and following: ends the series before this occurrence and returns the new item carrying the rest, with the changes applied' })
  splitOutreachSeries(
    @Arg('itemId', () => ID) itemId: string,
    @Arg('version', () => Int) version: number,
    @Arg('occurrenceStart', () => Date) occurrenceStart: Date,
    @Arg('input', () => OutreachItemInput) input: OutreachItemInput,
    @Ctx() ctx: RequestContext,
  ): Promise<OutreachItem> {
    return this.occurrences(ctx).split(Number(itemId), version, occurrenceStart, fields(input));
  }

  @FieldResolver(() => Campaign)
  campaign(@Root() item: OutreachItem): Campaign {
    return item.campaign;
  }

  @FieldResolver(() => Channel)
  channel(@Root() item: OutreachItem): Channel {
    return item.channel;
  }

  @FieldResolver(() => [Unit])
  targetUnits(@Root() item: OutreachItem): Unit[] {
    return item.targetUnits.getItems();
  }

  @FieldResolver(() => [Article], { description: 'Linked articles the viewer could read through article(…); drafts stay hidden from planners' })
  articles(@Root() item: OutreachItem, @Ctx() ctx: RequestContext): Article[] {
    const now = ctx.now();
    return item.articles.getItems().filter((a) => canReadArticle(ctx.viewer, a, now));
  }

  @FieldResolver(() => RankingWidgetType, { nullable: true })
  widget(@Root() item: OutreachItem): RankingWidgetType | null {
    return item.widget ?? null;
  }

  @FieldResolver(() => User, { nullable: true })
  assignee(@Root() item: OutreachItem): User | null {
    return item.assignee ?? null;
  }

  @FieldResolver(() => [Date], { description: 'Original starts of removed occurrences (EXDATE)' })
  exceptions(@Root() item: OutreachItem): Date[] {
    return item.exdates.map((d) => new Date(d));
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The series this one was split from' })
  splitFromId(@Root() item: OutreachItem): string | null {
    return item.splitFrom ? String(item.splitFrom.id) : null;
  }

  @FieldResolver(() => DependencyType, { nullable: true })
  async dependsOn(@Root() item: OutreachItem, @Ctx() ctx: RequestContext): Promise<DependencyType | null> {
    if (!item.dependsOnIndex) return null;
    return { indexSlug: item.dependsOnIndex.slug, year: item.dependsOnYear!, met: await ctx.loaders.editionPublished.load(`${item.dependsOnIndex.id}:${item.dependsOnYear}`) };
  }
}

/** Topics and tags with their public article counts (counted over live articles only, for every viewer). */
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { allowedBy } from '../graphql/authorization';
import { NEWSROOM_OPERATIONS } from './article.policy';
import type { RequestContext } from '../graphql/context';
import { Tag, Topic } from './taxonomy.entity';
import { TaxonomyService } from './taxonomy.service';

const Allowed = allowedBy(NEWSROOM_OPERATIONS);

@Resolver(() => Topic)
export class TopicResolver {
  @Allowed('Query.topics')
  @Query(() => [Topic], { description: 'The curated topics (Chủ đề), in editorial order.' })
  topics(@Ctx() ctx: RequestContext): Promise<Topic[]> {
    return new TaxonomyService(ctx.em, ctx.viewer, ctx.now()).topics();
  }

  @Allowed('Query.topic')
  @Query(() => Topic, { description: 'One topic by slug; NOT_FOUND when unknown.' })
  topic(@Arg('slug', () => String) slug: string, @Ctx() ctx: RequestContext): Promise<Topic> {
    return new TaxonomyService(ctx.em, ctx.viewer, ctx.now()).topic(slug);
  }

  @FieldResolver(() => Int, { description: 'Live articles under this topic' })
  async articleCount(@Root() topic: Pick<Topic, 'id'>, @Ctx() ctx: RequestContext): Promise<number> {
    return (await ctx.loaders.publicTopicCounts.load(ctx.now().toISOString())).get(topic.id) ?? 0;
  }
}

@Resolver(() => Tag)
export class TagResolver {
  @Allowed('Query.tags')
  @Query(() => [Tag], { description: 'Tags, most used first. Anonymous viewers only see tags of live articles.' })
  tags(@Ctx() ctx: RequestContext, @Arg('first', () => Int, { nullable: true }) first?: number): Promise<Tag[]> {
    return new TaxonomyService(ctx.em, ctx.viewer, ctx.now()).tags(first);
  }

  @FieldResolver(() => Int, { description: 'Live articles with this tag' })
  async articleCount(@Root() tag: Pick<Tag, 'id'>, @Ctx() ctx: RequestContext): Promise<number> {
    return (await ctx.loaders.publicTagCounts.load(ctx.now().toISOString())).get(tag.id) ?? 0;
  }
}

/**
 * GraphQL subscriptions over the change feed (graphql-ws on /graphql, src/live/ws-server.ts).
 * Each subscription filters the events of this process's LiveFeed and resolves what it pushes
 * through the same read services as queries, as an anonymous reader for the public ones
 * (the socket server gives those an anonymous context), so a draft never leaks.
 */
import { allowedBy } from '../graphql/authorization';
import { LIVE_OPERATIONS } from './live.policy';
import { Arg, Ctx, Int, Resolver, Root, Subscription } from 'type-graphql';
import type { RequestContext } from '../graphql/context';
import { DomainError } from '../graphql/errors';
import { ANONYMOUS } from '../graphql/viewer';
import { Article } from '../newsroom/article.entity';
import { ArticleQueries } from '../newsroom/article.query';
import { RankingQueryService } from '../rankings/ranking.query';
import { RankingTable } from '../rankings/ranking.types';
import type { ChangeEvent } from '../outbox/change-event';
import { eventIterator } from './live-feed';
import { changesArticle, changesRankingTable, staffMaySee } from './live.scope';
import { NewsroomEvent } from './live.types';

const Allowed = allowedBy(LIVE_OPERATIONS);

function liveOf(ctx: RequestContext) {
  if (!ctx.live) throw new DomainError('BAD_USER_INPUT', 'subscriptions are served over websockets (graphql-ws) on /graphql');
  return ctx.live;
}

@Resolver()
export class LiveResolver {
  @Subscription(() => RankingTable, {
    description: 'The new ranking table each time its data changes (a correction, an import, a published edition). Omitted year = latest published edition.',
    subscribe: ({ args, context }) => {
      const ctx = context as RequestContext;
      const { index, year } = args as { index: string; year?: number | null };
      return eventIterator(liveOf(ctx).feed, (e) => changesRankingTable(e, index, year));
    },
  })
  rankingTableChanged(
    @Root() event: ChangeEvent,
    @Arg('index', () => String) index: string,
    @Ctx() ctx: RequestContext,
    @Arg('year', () => Int, { nullable: true }) year?: number,
    @Arg('area', () => String, { nullable: true }) area?: string,
  ): Promise<RankingTable> {
    const key = `table|${event.id}|${index}|${year ?? ''}|${area ?? ''}`;
    return liveOf(ctx).shared.once(key, () => new RankingQueryService(ctx.em.fork(), ANONYMOUS).table(index, { year, area, withAreas: true }));
  }

  @Subscription(() => Article, {
    nullable: true,
    description: 'The public article each time it changes; null when it stops being public (unpublished, archived). Drafts never come through.',
    subscribe: async ({ args, context }) => {
      const ctx = context as RequestContext;
      const { slug } = args as { slug: string };
      // The article's id, so a change of slug or a take-down (whose events name no slug) still reach the page.
      const current = await new ArticleQueries(ctx.em.fork(), ANONYMOUS, ctx.now()).bySlug(slug).catch(() => null);
      return eventIterator(liveOf(ctx).feed, (e) => changesArticle(e, slug, current?.id ?? null));
    },
  })
  async articleChanged(@Root() event: ChangeEvent, @Arg('slug', () => String) slug: string, @Ctx() ctx: RequestContext): Promise<Article | null> {
    const target = event.payload.live === true && typeof event.payload.slug === 'string' ? event.payload.slug : slug;
    return liveOf(ctx).shared.once(`article|${event.id}|${target}`, () =>
      new ArticleQueries(ctx.em.fork(), ANONYMOUS, ctx.now()).bySlug(target).catch((e) => {
        if (e instanceof DomainError && e.code === 'NOT_FOUND') return null;
        throw e;
      }),
    );
  }

  @Allowed('Subscription.newsroomEvents')
  @Subscription(() => NewsroomEvent, {
    description: 'Workflow, data and outreach events for staff: what each account sees depends on its roles and organisation',
    subscribe: ({ context }) => {
      const ctx = context as RequestContext;
      return eventIterator(liveOf(ctx).feed, (e) => staffMaySee(ctx.viewer, e));
    },
  })
  newsroomEvents(@Root() event: ChangeEvent, @Ctx() ctx: RequestContext): NewsroomEvent {
    liveOf(ctx); // over HTTP there is no event (Apollo runs the field once): the same answer as the public subscriptions
    const p = event.payload;
    const num = (v: unknown) => (typeof v === 'number' ? v : null);
    const str = (v: unknown) => (typeof v === 'string' ? v : null);
    return {
      id: event.id,
      type: event.type,
      occurredAt: event.occurredAt,
      keys: event.keys,
      articleId: num(p.articleId),
      state: str(p.state),
      slug: str(p.slug),
      index: str(p.index),
      year: num(p.year),
      revision: event.revision,
      organisationId: event.organisationId,
    };
  }
}

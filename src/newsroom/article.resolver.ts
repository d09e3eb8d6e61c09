/** Thin GraphQL adapter over the newsroom services: queries, mutations, and batched Article fields. */
import { GraphQLDateTime } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { allowedBy } from '../graphql/authorization';
import type { RequestContext } from '../graphql/context';
import { visibleEmail } from '../accounts/account-visibility';
import { Unit } from '../units/unit.entity';
import { ArticleInput } from './article.inputs';
import { Article, ArticleState } from './article.entity';
import { preloadedTopics, type ArticleData } from './article.rows';
import { ArticleQueries, encodeCursor } from './article.query';
import { ArticleService } from './article.service';
import { ArticleConnection, ArticleRevisionDiff, ImageView, PendingRevision } from './article.types';
import { pendingRevisionOf } from './pending-revision';
import { seesUnpublished, NEWSROOM_OPERATIONS } from './article.policy';
import { ArticleRevision } from './revision.entity';
import { RevisionService } from './revision.service';
import { Author, Tag, Topic } from './taxonomy.entity';
import { effectiveState, publishedAtOf } from './workflow';
import { WorkflowService } from './workflow.service';

const Allowed = allowedBy(NEWSROOM_OPERATIONS);

const queries = (ctx: RequestContext) => new ArticleQueries(ctx.em, ctx.viewer, ctx.now());
const writer = (ctx: RequestContext) => new ArticleService(ctx.em, ctx.viewer, ctx.now(), ctx.newsroom);
const workflow = (ctx: RequestContext) => new WorkflowService(ctx.em, ctx.viewer, ctx.now(), ctx.newsroom);

@Resolver(() => Article)
export class ArticleResolver {
  @Allowed('Query.article')
  @Query(() => Article, { description: 'An article by its current or a former slug (then `slug` gives the current one to redirect to). NOT_FOUND when not visible.' })
  article(@Arg('slug', () => String) slug: string, @Ctx() ctx: RequestContext): Promise<Article> {
    return queries(ctx).bySlug(slug);
  }

  @Allowed('Query.articleById')
  @Query(() => Article, { description: 'An article by id. NOT_FOUND when not visible.' })
  articleById(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Article> {
    return queries(ctx).byId(id);
  }

  @Allowed('Query.articles')
  @Query(() => ArticleConnection, { description: 'Articles, newest first (most relevant first when searching). Anonymous viewers see live articles only. first ≤ 100.' })
  async articles(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('search', () => String, { nullable: true, description: 'Words to find in title, lead and body, with or without diacritics' }) search?: string,
    @Arg('topic', () => String, { nullable: true, description: 'Topic slug' }) topic?: string,
    @Arg('tag', () => String, { nullable: true, description: 'Tag slug or name' }) tag?: string,
    @Arg('unit', () => String, { nullable: true, description: 'GSO unit code; a province also matches its districts' }) unit?: string,
    @Arg('author', () => String, { nullable: true, description: 'Author slug' }) author?: string,
    @Arg('state', () => ArticleState, { nullable: true }) state?: ArticleState,
    @Arg('publishedFrom', () => GraphQLDateTime, { nullable: true }) publishedFrom?: Date,
    @Arg('publishedTo', () => GraphQLDateTime, { nullable: true, description: 'Exclusive' }) publishedTo?: Date,
  ): Promise<ArticleConnection> {
    const page = await queries(ctx).list({ search, topic, tag, unit, author, state, publishedFrom, publishedTo }, first, after);
    const edges = page.nodes.map((node, i) => ({ node, cursor: encodeCursor(page.offset + i) }));
    return {
      edges,
      totalCount: page.totalCount,
      pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: page.offset > 0, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }

  @Allowed('Query.compareArticleRevisions')
  @Query(() => ArticleRevisionDiff, { description: 'What changed between two revisions of an article (staff only).' })
  compareArticleRevisions(
    @Arg('id', () => ID) id: string,
    @Arg('from', () => Int) from: number,
    @Arg('to', () => Int) to: number,
    @Ctx() ctx: RequestContext,
  ): Promise<ArticleRevisionDiff> {
    return new RevisionService(ctx.em, ctx.viewer).compare(id, from, to);
  }

  @Allowed('Mutation.createArticle')
  @Mutation(() => Article, { description: 'Creates a DRAFT.' })
  createArticle(@Arg('input', () => ArticleInput) input: ArticleInput, @Ctx() ctx: RequestContext): Promise<Article> {
    return writer(ctx).create(input);
  }

  @Allowed('Mutation.updateArticle')
  @Mutation(() => Article, { description: 'Saves changes made from `version`; CONFLICT when someone saved since. On a live article the changes become the pending revision.' })
  updateArticle(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('input', () => ArticleInput) input: ArticleInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Article> {
    return writer(ctx).update(id, version, input);
  }

  @Allowed('Mutation.transitionArticle')
  @Mutation(() => Article, { description: 'Moves an article through the workflow; SCHEDULED needs a future publishAt.' })
  transitionArticle(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('to', () => ArticleState) to: ArticleState,
    @Ctx() ctx: RequestContext,
    @Arg('publishAt', () => GraphQLDateTime, { nullable: true }) publishAt?: Date,
  ): Promise<Article> {
    return workflow(ctx).transition(id, version, to, publishAt);
  }

  @Allowed('Mutation.publishPendingRevision')
  @Mutation(() => Article, { description: 'Publishes the pending revision of a live article now, or at a future publishAt.' })
  publishPendingRevision(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Ctx() ctx: RequestContext,
    @Arg('publishAt', () => GraphQLDateTime, { nullable: true }) publishAt?: Date,
  ): Promise<Article> {
    return workflow(ctx).publishPending(id, version, publishAt);
  }

  @Allowed('Mutation.discardPendingRevision')
  @Mutation(() => Article)
  discardPendingRevision(@Arg('id', () => ID) id: string, @Arg('version', () => Int) version: number, @Ctx() ctx: RequestContext): Promise<Article> {
    return workflow(ctx).discardPending(id, version);
  }

  @Allowed('Mutation.restoreArticleRevision')
  @Mutation(() => Article, { description: 'Saves the content of an earlier revision as a new revision.' })
  restoreArticleRevision(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('revision', () => Int) revision: number,
    @Ctx() ctx: RequestContext,
  ): Promise<Article> {
    return writer(ctx).restore(id, version, revision);
  }

  @FieldResolver(() => ArticleState, { description: 'A SCHEDULED article reads PUBLISHED from its publishAt on' })
  state(@Root() a: ArticleData, @Ctx() ctx: RequestContext): ArticleState {
    return effectiveState(a.state, a.publishAt, ctx.now());
  }

  @FieldResolver(() => GraphQLDateTime, { nullable: true, description: 'When the article went live; null until then' })
  publishedAt(@Root() a: ArticleData, @Ctx() ctx: RequestContext): Date | null {
    return publishedAtOf(a.state, a.publishAt, ctx.now());
  }

  @FieldResolver(() => GraphQLDateTime, { nullable: true, description: 'Scheduled or actual publication time (newsroom staff only; null for others)' })
  publishAt(@Root() a: ArticleData, @Ctx() ctx: RequestContext): Date | null {
    return seesUnpublished(ctx.viewer) ? (a.publishAt ?? null) : this.publishedAt(a, ctx);
  }

  @FieldResolver(() => GraphQLDateTime)
  updatedAt(@Root() a: ArticleData): Date {
    return a.updatedAt;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Who saved the current version (staff only)' })
  lastSavedBy(@Root() a: ArticleData, @Ctx() ctx: RequestContext): string | null {
    return seesUnpublished(ctx.viewer) ? a.updatedBy : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Email of who saved the current version: only to that account itself and to admins' })
  async lastSavedByEmail(@Root() a: Article, @Ctx() ctx: RequestContext): Promise<string | null> {
    return seesUnpublished(ctx.viewer) ? visibleEmail(ctx, a.updatedByUserId) : null;
  }

  @FieldResolver(() => String, { description: 'SEO title, the title when not set' })
  seoTitle(@Root() a: ArticleData): string {
    return a.seoTitle ?? a.title;
  }

  @FieldResolver(() => String, { description: 'SEO description, the lead when not set' })
  seoDescription(@Root() a: ArticleData): string {
    return a.seoDescription ?? a.sapo;
  }

  @FieldResolver(() => ImageView, { nullable: true })
  coverImage(@Root() a: ArticleData): ImageView | null {
    return a.coverImage ?? null;
  }

  @FieldResolver(() => [ImageView], { description: 'Inline images, referenced in the body as ![alt](image:REF)' })
  images(@Root() a: ArticleData): ImageView[] {
    return a.images ?? [];
  }

  @FieldResolver(() => [Topic])
  topics(@Root() a: ArticleData, @Ctx() ctx: RequestContext): Topic[] | Promise<Topic[]> {
    return preloadedTopics(a) ?? ctx.loaders.topicsByArticle.load(a.id);
  }

  @FieldResolver(() => [Tag])
  tags(@Root() a: ArticleData, @Ctx() ctx: RequestContext): Promise<Tag[]> {
    return ctx.loaders.tagsByArticle.load(a.id);
  }

  @FieldResolver(() => [Author])
  authors(@Root() a: ArticleData, @Ctx() ctx: RequestContext): Promise<Author[]> {
    return ctx.loaders.authorsByArticle.load(a.id);
  }

  @FieldResolver(() => [Unit], { description: 'The administrative units the article is about' })
  units(@Root() a: ArticleData, @Ctx() ctx: RequestContext): Promise<Unit[]> {
    return ctx.loaders.unitsByArticle.load(a.id);
  }

  @FieldResolver(() => PendingRevision, { nullable: true, description: 'Changes waiting to go live (newsroom staff only; null for others)' })
  pendingRevision(@Root() a: ArticleData, @Ctx() ctx: RequestContext): PendingRevision | null | Promise<PendingRevision | null> {
    // Synchronous null for readers: no promise per article on a public list.
    if (!seesUnpublished(ctx.viewer) || !a.pending) return null;
    return pendingRevisionOf(a, ctx.loaders);
  }

  @Allowed('Article.revisions')
  @FieldResolver(() => [ArticleRevision], { description: 'Every save, newest first (staff only)' })
  revisions(@Root() a: ArticleData, @Ctx() ctx: RequestContext): Promise<ArticleRevision[]> {
    return new RevisionService(ctx.em, ctx.viewer).list(a.id);
  }
}

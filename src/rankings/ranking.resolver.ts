import { wrap } from '@mikro-orm/core';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { allowedBy } from '../graphql/authorization';
import { RANKING_OPERATIONS } from './ranking.policy';
import type { RequestContext } from '../graphql/context';
import { visibleEmail } from '../accounts/account-visibility';
import { DateScalar } from '../graphql/scalars';
import { Unit } from '../units/unit.entity';
import { CriterionNode, Edition } from './edition.entity';
import { EditionService } from './edition.service';
import { RankingIndex } from './index.entity';
import { RankingQueryService } from './ranking.query';
import { CorrectScoreInput, CreateEditionInput, RankingFacts, RankingTable, ScoreCorrection, ScoreImportReport, ScoreSheetView, UnitHistory } from './ranking.types';
import { ScoreRevision } from './score.entity';
import { selects } from './selection';

const Allowed = allowedBy(RANKING_OPERATIONS);

@Resolver()
export class RankingResolver {
  @Allowed('Query.indices')
  @Query(() => [RankingIndex], { description: 'Every index, with whether its data is illustrative' })
  indices(@Ctx() ctx: RequestContext): Promise<RankingIndex[]> {
    return new RankingQueryService(ctx.em, ctx.viewer).indices();
  }

  @Allowed('Query.rankingIndex')
  @Query(() => RankingIndex, { description: 'One index by slug; NOT_FOUND when unknown' })
  rankingIndex(@Arg('slug', () => String) slug: string, @Ctx() ctx: RequestContext): Promise<RankingIndex> {
    return new RankingQueryService(ctx.em, ctx.viewer).index(slug);
  }

  @Allowed('Query.editions')
  @Query(() => [Edition], { description: "An index's editions, oldest first (drafts for staff only)" })
  editions(@Arg('index', () => String) index: string, @Ctx() ctx: RequestContext): Promise<Edition[]> {
    return new RankingQueryService(ctx.em, ctx.viewer).editions(index);
  }

  @Allowed('Query.edition')
  @Query(() => Edition, { description: 'One edition; an omitted year means the latest published edition' })
  edition(@Arg('index', () => String) index: string, @Ctx() ctx: RequestContext, @Arg('year', () => Int, { nullable: true }) year?: number): Promise<Edition> {
    return new RankingQueryService(ctx.em, ctx.viewer).edition(index, year);
  }

  @Allowed('Query.rankingTable')
  @Query(() => RankingTable, {
    description:
      'A ranking table. Omitted year = latest published edition; `area` ranks one area; `first: N` keeps ranks ≤ N (ties at the cut included) plus the highlighted units',
  })
  rankingTable(
    @Arg('index', () => String) index: string,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('year', () => Int, { nullable: true }) year?: number,
    @Arg('area', () => String, { nullable: true }) area?: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('highlight', () => [String], { nullable: true, description: 'Unit codes always included and flagged' }) highlight?: string[],
  ): Promise<RankingTable> {
    const withAreas = selects(info, ['rows', 'areas']);
    return new RankingQueryService(ctx.em, ctx.viewer).table(index, { year, area, first, highlight, withAreas });
  }

  @Allowed('Query.unitHistory')
  @Query(() => UnitHistory, { description: "A unit's rows across the editions of an index" })
  unitHistory(@Arg('index', () => String) index: string, @Arg('code', () => String) code: string, @Ctx() ctx: RequestContext): Promise<UnitHistory> {
    return new RankingQueryService(ctx.em, ctx.viewer).history(index, code);
  }

  @Allowed('Query.rankingFacts')
  @Query(() => RankingFacts, { description: "A unit's rank and streak facts in an edition (omitted year = its latest published)" })
  rankingFacts(
    @Arg('index', () => String) index: string,
    @Arg('code', () => String) code: string,
    @Ctx() ctx: RequestContext,
    @Arg('year', () => Int, { nullable: true }) year?: number,
  ): Promise<RankingFacts> {
    return new RankingQueryService(ctx.em, ctx.viewer).facts(index, code, year);
  }

  @Allowed('Query.scoreSheet')
  @Query(() => ScoreSheetView, { description: "A unit's scores per node of an edition's criteria tree" })
  scoreSheet(
    @Arg('index', () => String) index: string,
    @Arg('year', () => Int) year: number,
    @Arg('code', () => String) code: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ScoreSheetView> {
    return new RankingQueryService(ctx.em, ctx.viewer).sheet(index, year, code);
  }

  @Allowed('Query.scoreRevisions')
  @Query(() => [ScoreRevision], { description: 'Corrections recorded for an index, oldest first' })
  scoreRevisions(
    @Arg('index', () => String) index: string,
    @Ctx() ctx: RequestContext,
    @Arg('year', () => Int, { nullable: true }) year?: number,
    @Arg('unit', () => String, { nullable: true }) unit?: string,
  ): Promise<ScoreRevision[]> {
    return new RankingQueryService(ctx.em, ctx.viewer).revisions(index, year, unit);
  }

  @Allowed('Mutation.createEdition')
  @Mutation(() => Edition, { description: 'Creates a DRAFT edition with its criteria tree (data managers)' })
  createEdition(@Arg('input', () => CreateEditionInput) input: CreateEditionInput, @Ctx() ctx: RequestContext): Promise<Edition> {
    return new EditionService(ctx.em, ctx.viewer, ctx.now).createEdition(input);
  }

  @Allowed('Mutation.publishEdition')
  @Mutation(() => Edition, { description: 'Publishes a draft edition and recomputes the rankings (data managers)' })
  publishEdition(
    @Arg('index', () => String) index: string,
    @Arg('year', () => Int) year: number,
    @Ctx() ctx: RequestContext,
    @Arg('publishedOn', () => DateScalar, { nullable: true }) publishedOn?: string,
  ): Promise<Edition> {
    return new EditionService(ctx.em, ctx.viewer, ctx.now).publishEdition(index, year, publishedOn);
  }

  @Allowed('Mutation.importScores')
  @Mutation(() => ScoreImportReport, { description: 'Imports a scores CSV (the content/data format); all-or-nothing, problems returned with row and column' })
  importScores(
    @Arg('csv', () => String) csv: string,
    @Ctx() ctx: RequestContext,
    @Arg('reason', () => String, { nullable: true }) reason?: string,
    @Arg('force', () => Boolean, { defaultValue: false, description: 'Overwrite values corrected through correctScore (refused and listed otherwise); needs a reason' })
    force?: boolean,
  ): Promise<ScoreImportReport> {
    return new EditionService(ctx.em, ctx.viewer, ctx.now).importScores(csv, reason ?? null, force ?? false);
  }

  @Allowed('Mutation.correctScore')
  @Mutation(() => ScoreCorrection, { description: 'Corrects one value, recording who, when, old and new (data managers)' })
  correctScore(@Arg('input', () => CorrectScoreInput) input: CorrectScoreInput, @Ctx() ctx: RequestContext): Promise<ScoreCorrection> {
    return new EditionService(ctx.em, ctx.viewer, ctx.now).correctScore(input);
  }
}

@Resolver(() => RankingIndex)
export class RankingIndexResolver {
  @FieldResolver(() => [Edition], { description: 'Oldest first (drafts for staff only)' })
  editions(@Root() index: RankingIndex, @Ctx() ctx: RequestContext): Promise<Edition[]> {
    return ctx.loaders.editionsByIndex.load(index.id);
  }

  @FieldResolver(() => Unit, { nullable: true, description: 'The unit whose sub-units the index ranks; null = nationwide' })
  scope(@Root() index: RankingIndex, @Ctx() ctx: RequestContext): Promise<Unit | null> | null {
    return index.scope ? ctx.loaders.unitById.load(index.scope.id) : null;
  }
}

@Resolver(() => Edition)
export class EditionResolver {
  @FieldResolver(() => [CriterionNode], { description: 'The criteria tree, depth-first (areas have depth 0)' })
  criteria(@Root() edition: Edition, @Ctx() ctx: RequestContext): Promise<CriterionNode[]> {
    return ctx.loaders.criteriaByEdition.load(edition.id);
  }

  @FieldResolver(() => RankingIndex)
  index(@Root() edition: Edition, @Ctx() ctx: RequestContext): Promise<RankingIndex> | RankingIndex {
    // Ranking tables load the index with the edition: no second statement then.
    return wrap(edition.index).isInitialized() ? edition.index : ctx.loaders.indexById.load(edition.index.id);
  }
}

@Resolver(() => ScoreRevision)
export class ScoreRevisionResolver {
  @FieldResolver(() => Int)
  year(@Root() revision: ScoreRevision): number {
    return revision.edition.year;
  }

  @FieldResolver(() => Unit)
  unit(@Root() revision: ScoreRevision, @Ctx() ctx: RequestContext): Promise<Unit | null> {
    return ctx.loaders.unitById.load(revision.unit.id);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Email of that account: only to the account itself and to admins, null for everyone else' })
  changedByEmail(@Root() revision: ScoreRevision, @Ctx() ctx: RequestContext): Promise<string | null> {
    return visibleEmail(ctx, revision.changedByUserId);
  }
}

export const RANKING_RESOLVERS = [RankingResolver, RankingIndexResolver, EditionResolver, ScoreRevisionResolver] as const;

import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { allowedBy } from '../graphql/authorization';
import { BODY_OPERATIONS } from './body.policy';
import type { RequestContext } from '../graphql/context';
import { seesUnpublished } from '../newsroom/article.policy';
import { Article } from '../newsroom/article.entity';
import type { ArticleData } from '../newsroom/article.rows';
import { toBlocks } from './blocks';
import { extendRenderKey, renderCached } from './body.cache';
import { MediaImage } from '../media/image.entity';
import { BodyBlockUnion, BodyProblem, BodyVersion, ImageBlock, InlineFact, RelatedItem, StaleArticleType, WidgetRow } from './body.types';
import { Unit } from '../units/unit.entity';
import { toGraphQLBlock } from './body.mapping';
import { bodyView, pinnedSlugs, relatedFor } from './body.view';
import { validateBody } from './body.validate';
import { htmlAssets } from './html-assets';
import { renderHtml } from './render';
import { staleArticles } from './snapshot.service';

const Allowed = allowedBy(BODY_OPERATIONS);

@Resolver(() => Article)
export class BodyResolver {
  @FieldResolver(() => String, { description: 'The body source: Markdown with data directives (see README)' })
  markdown(@Root() article: ArticleData): string {
    return article.body;
  }

  @FieldResolver(() => [BodyBlockUnion], { description: 'The body as typed blocks; widgets and facts resolved LIVE (default) or AS_PUBLISHED' })
  async body(@Root() article: ArticleData, @Ctx() ctx: RequestContext, @Arg('version', () => BodyVersion, { defaultValue: BodyVersion.LIVE }) version: BodyVersion) {
    const view = await bodyView(ctx, article, version);
    const blocks = renderCached('blocks', view.renderKey, () => toBlocks(view.parsed.tokens, view.shown));
    return blocks.map((block) => toGraphQLBlock(block, view));
  }

  @FieldResolver(() => String, {
    description:
      'Safe HTML as delivered: pictures as <figure> with srcset/sizes, width/height, ThumbHash placeholder, alt, caption and credit; links to articles by their current slug; widgets as placeholders with data attributes and a plain table (hydrated by /widgets/reformdesk-widgets.js); facts as text in span.rd-fact',
  })
  async html(
    @Root() article: ArticleData,
    @Ctx() ctx: RequestContext,
    @Arg('version', () => BodyVersion, { defaultValue: BodyVersion.LIVE }) version: BodyVersion,
  ): Promise<string> {
    const view = await bodyView(ctx, article, version);
    const assets = await htmlAssets(ctx, view);
    // Pictures and link targets are part of what the HTML shows, so part of its key (view.renderKey has the body and its values).
    const key = extendRenderKey(view.renderKey, [[...assets.images], [...assets.links]]);
    return renderCached('html', key, () => renderHtml(view.parsed.tokens, view.shown, assets));
  }

  @FieldResolver(() => [RelatedItem], { description: 'Đọc thêm: pinned first, then by shared topics, units, tags and recency; live articles only' })
  async related(@Root() article: ArticleData, @Ctx() ctx: RequestContext, @Arg('first', () => Int, { defaultValue: 5 }) first: number): Promise<RelatedItem[]> {
    const view = await bodyView(ctx, article);
    return relatedFor(ctx, article.id, pinnedSlugs(view.parsed.directives), first);
  }

  @FieldResolver(() => [BodyProblem], { description: 'Problems of the body directives against the data now (newsroom staff; empty for others)' })
  bodyProblems(@Root() article: ArticleData, @Ctx() ctx: RequestContext): BodyProblem[] | Promise<BodyProblem[]> {
    if (!seesUnpublished(ctx.viewer)) return [];
    return validateBody(ctx.em, article.body);
  }

  @Allowed('Query.staleArticles')
  @Query(() => [StaleArticleType], { description: 'Published articles whose facts or widgets no longer hold, with old and new values and the corrections since' })
  staleArticles(@Ctx() ctx: RequestContext) {
    return staleArticles(ctx.em, ctx.now());
  }
}

@Resolver(() => ImageBlock)
export class ImageBlockResolver {
  @FieldResolver(() => MediaImage, { nullable: true, description: 'The media library image of the reference (variants, srcSet, placeholder)' })
  image(@Root() block: ImageBlock, @Ctx() ctx: RequestContext): Promise<MediaImage | null> {
    // Through the request's loader: every picture of the page (body and ImageRef.image) in one statement.
    return block.imageId ? ctx.loaders.imageById.load(block.imageId) : Promise.resolve(null);
  }
}

/**
 * The unit a fact or widget row is about, as recorded: its name is the one it had in the fact's
 * year, and `validTo` / `successors` let a frontend say that it no longer exists. Loaded only when
 * asked, through the request's loader (one statement for the page).
 */
const UNIT_AS_RECORDED = "The unit as recorded (validFrom, validTo, successors): the name is the one of the fact's year; validTo says when it ended";

@Resolver(() => InlineFact)
export class InlineFactResolver {
  @FieldResolver(() => Unit, { nullable: true, description: UNIT_AS_RECORDED })
  unit(@Root() fact: InlineFact, @Ctx() ctx: RequestContext): Promise<Unit | null> {
    return ctx.loaders.unitByCode.load(fact.unitCode);
  }
}

@Resolver(() => WidgetRow)
export class WidgetRowResolver {
  @FieldResolver(() => Unit, { nullable: true, description: UNIT_AS_RECORDED })
  unit(@Root() row: WidgetRow, @Ctx() ctx: RequestContext): Promise<Unit | null> {
    return ctx.loaders.unitByCode.load(row.unitCode);
  }
}

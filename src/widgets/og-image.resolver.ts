/**
 * An article's Open Graph image: a 1200×630 variant of its cover, else the social PNG of the
 * first ranking widget in its body (so it lives with the widgets, above the bodies that parse
 * and resolve that ranking and the newsroom that owns the article).
 */
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../graphql/context';
import { socialCardUrl } from '../media/media.urls';
import { mediaImageOf } from '../newsroom/article.images';
import { Article } from '../newsroom/article.entity';
import type { ArticleData } from '../newsroom/article.rows';
import { rankingWidgetUrl } from './widget.urls';
import { parseCached } from '../bodies/body.cache';
import { bodyView } from '../bodies/body.view';
import type { RankingDirective } from '../bodies/directives';

@Resolver(() => Article)
export class ArticleImageResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'Open Graph image: a 1200×630 variant of the cover image, else the social PNG of the first ranking in the body, else the outside cover URL',
  })
  async ogImage(@Root() a: ArticleData, @Ctx() ctx: RequestContext): Promise<string | null> {
    const cover = await mediaImageOf(ctx.loaders, a.coverImage);
    if (cover) return socialCardUrl(ctx.config.media, cover);
    const ranking = parseCached(a.body).directives.find((d): d is RankingDirective => d.kind === 'ranking');
    if (ranking) {
      // "latest" is pinned to the edition the article shows, so a shared card does not change under it.
      const year = ranking.edition !== 'latest' ? ranking.edition : ((await bodyView(ctx, a)).shown.widgets.get(ranking.id)?.year ?? 'latest');
      return rankingWidgetUrl(ranking, year);
    }
    return a.coverImage?.url ?? null;
  }
}

import { Arg, Ctx, Field, ID, Mutation, ObjectType, Resolver } from 'type-graphql';
import { allowedBy } from '../graphql/authorization';
import { NEWSROOM_OPERATIONS } from '../newsroom/article.policy';
import type { RequestContext } from '../graphql/context';
import { ArticleQueries } from '../newsroom/article.query';
import { PREVIEW_PATH, PREVIEW_TTL_MS, previewToken } from './preview-token';

const Allowed = allowedBy(NEWSROOM_OPERATIONS);

@ObjectType({ description: "A short-lived link showing an article's draft or pending revision as readers would see it" })
export class PreviewLink {
  @Field(() => String, { description: 'Path of the preview page (/preview/<signed token>); works without signing in until expiresAt' })
  url!: string;
  @Field(() => Date)
  expiresAt!: Date;
}

@Resolver()
export class PreviewResolver {
  @Allowed('Mutation.createPreviewLink')
  @Mutation(() => PreviewLink, { description: 'A preview link (30 minutes) for an article those who may edit it can share with colleagues; NOT_FOUND for unknown ids' })
  async createPreviewLink(@Arg('articleId', () => ID) articleId: string, @Ctx() ctx: RequestContext): Promise<PreviewLink> {
    const article = await new ArticleQueries(ctx.em, ctx.viewer, ctx.now()).byId(articleId);
    const expiresAt = new Date(ctx.now().getTime() + PREVIEW_TTL_MS);
    return { url: `${PREVIEW_PATH}/${previewToken(ctx.config, article.id, expiresAt)}`, expiresAt };
  }
}

import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { visibleEmail } from '../accounts/account-visibility';
import type { RequestContext } from '../graphql/context';
import { ArticleRevision } from './revision.entity';

/** Revisions are read by newsroom staff only (revision.service.ts); the saver's email follows the account rule. */
@Resolver(() => ArticleRevision)
export class ArticleRevisionResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Email of that account: only to the account itself and to admins, null for everyone else' })
  savedByEmail(@Root() revision: ArticleRevision, @Ctx() ctx: RequestContext): Promise<string | null> {
    return visibleEmail(ctx, revision.savedByUserId);
  }
}

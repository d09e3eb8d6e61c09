import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { allowedBy } from '../graphql/authorization';
import { ACCOUNTS_OPERATIONS } from './accounts.policy';
import type { RequestContext } from '../graphql/context';
import { UnauthenticatedError } from '../core/errors';
import { isStaff, StaffViewer } from '../core/viewer';
import { CreatedApiTokenPayload } from './accounts.types';
import { ApiTokenService } from './api-token.service';
import { TokenScope } from '../core/roles';
import { ApiToken } from './session.entity';

const Allowed = allowedBy(ACCOUNTS_OPERATIONS);

function staff(ctx: RequestContext): StaffViewer {
  if (!isStaff(ctx.viewer)) throw new UnauthenticatedError();
  return ctx.viewer;
}

@Resolver()
export class ApiTokenResolver {
  @Allowed('Mutation.createApiToken')
  @Mutation(() => CreatedApiTokenPayload, {
    description: 'A token for machine clients acting as you; READ scope unless WRITE is asked. Optional expiry: expiresAt or expiresInDays (at most 3650 days).',
  })
  createApiToken(
    @Arg('name', () => String) name: string,
    @Ctx() ctx: RequestContext,
    @Arg('scope', () => TokenScope, { defaultValue: TokenScope.READ }) scope: TokenScope,
    @Arg('expiresAt', () => Date, { nullable: true }) expiresAt?: Date | null,
    @Arg('expiresInDays', () => Int, { nullable: true }) expiresInDays?: number | null,
  ): Promise<CreatedApiTokenPayload> {
    return new ApiTokenService(ctx.em, ctx.now).create(staff(ctx), name, scope, { expiresAt, expiresInDays });
  }

  @Allowed('Query.myApiTokens')
  @Query(() => [ApiToken])
  myApiTokens(@Ctx() ctx: RequestContext): Promise<ApiToken[]> {
    return new ApiTokenService(ctx.em, ctx.now).mine(staff(ctx));
  }

  @Allowed('Mutation.revokeApiToken')
  @Mutation(() => ApiToken)
  revokeApiToken(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ApiToken> {
    return new ApiTokenService(ctx.em, ctx.now).revoke(staff(ctx), Number(id));
  }
}

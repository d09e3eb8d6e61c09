import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { allowedBy } from '../graphql/authorization';
import { ACCOUNTS_OPERATIONS } from './accounts.policy';
import type { RequestContext } from '../graphql/context';
import { UnauthenticatedError } from '../core/errors';
import { isStaff } from '../core/viewer';
import { maySeeEmail } from './account-visibility';
import { AuthService } from './auth.service';
import { LoginPayload } from './accounts.types';
import { Organisation } from './organisation.entity';
import { User } from './user.entity';
import { UserService } from './user.service';

const Allowed = allowedBy(ACCOUNTS_OPERATIONS);

@Resolver(() => User)
export class AccountsResolver {
  @Allowed('Mutation.login')
  @Mutation(() => LoginPayload, { description: 'Sign in; failed attempts are rate-limited per account and per address.' })
  async login(@Arg('email', () => String) email: string, @Arg('password', () => String) password: string, @Ctx() ctx: RequestContext) {
    const result = await new AuthService(ctx.em, ctx.now).login(email, password, ctx.address, (locked) =>
      ctx.log?.warn(
        { alert: 'accountLocked', email: locked.email, failures: locked.failures, lockedForSeconds: locked.lockedForSeconds, address: locked.address },
        'login: account locked after repeated failures',
      ),
    );
    ctx.signedInUserId = result.user.id;
    return result;
  }

  @Allowed('Mutation.logout')
  @Mutation(() => Boolean, { description: 'Ends the session of the bearer token used for this request.' })
  logout(@Ctx() ctx: RequestContext): Promise<boolean> {
    if (!ctx.token || ctx.viewer.kind !== 'staff' || ctx.viewer.via !== 'session') throw new UnauthenticatedError('logout needs a session token');
    return new AuthService(ctx.em, ctx.now).logout(ctx.token);
  }

  @Allowed('Mutation.revokeMySessions')
  @Mutation(() => Int, { description: 'Ends every session of the signed-in account (this one included); returns how many.' })
  revokeMySessions(@Ctx() ctx: RequestContext): Promise<number> {
    return new AuthService(ctx.em, ctx.now).revokeAllSessions(signedInUserId(ctx));
  }

  @Allowed('Mutation.changePassword')
  @Mutation(() => User)
  changePassword(@Arg('currentPassword', () => String) currentPassword: string, @Arg('newPassword', () => String) newPassword: string, @Ctx() ctx: RequestContext): Promise<User> {
    return new UserService(ctx.em, ctx.now).changePassword(signedInUserId(ctx), currentPassword, newPassword);
  }

  @Allowed('Query.me')
  @Query(() => User, { nullable: true, description: 'The signed-in account, or null for anonymous readers.' })
  async me(@Ctx() ctx: RequestContext): Promise<User | null> {
    if (!isStaff(ctx.viewer) || !ctx.viewer.userId) return null;
    return ctx.em.findOne(User, { id: ctx.viewer.userId });
  }

  @FieldResolver(() => String, { nullable: true, description: 'Visible to the account itself and to admins only' })
  email(@Root() user: User, @Ctx() ctx: RequestContext): string | null {
    return maySeeEmail(ctx.viewer, user.id, ctx.signedInUserId) ? user.email : null;
  }

  @FieldResolver(() => Organisation, { nullable: true })
  organisation(@Root() user: User, @Ctx() ctx: RequestContext): Promise<Organisation | null> | null {
    return user.organisation ? ctx.loaders.organisationById.load(user.organisation.id) : null;
  }
}

export function signedInUserId(ctx: RequestContext): number {
  if (!isStaff(ctx.viewer) || !ctx.viewer.userId) throw new UnauthenticatedError('this needs a signed-in account');
  return ctx.viewer.userId;
}

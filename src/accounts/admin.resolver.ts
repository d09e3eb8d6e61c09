import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { allowedBy } from '../graphql/authorization';
import { ACCOUNTS_OPERATIONS } from './accounts.policy';
import type { RequestContext } from '../graphql/context';
import { AuditEntry } from './audit.entity';
import { AuditService } from './audit.service';
import { CreatedUserPayload } from './accounts.types';
import { Organisation, OrganisationKind } from './organisation.entity';
import { OrganisationService } from './organisation.service';
import { Role } from '../core/roles';
import { LoginThrottleService } from './throttle.service';
import { normaliseEmail } from './auth.service';
import { User } from './user.entity';
import { UserService } from './user.service';

const Allowed = allowedBy(ACCOUNTS_OPERATIONS);

/** Account administration: ADMIN only. */
@Resolver()
export class AdminResolver {
  @Allowed('Query.users')
  @Query(() => [User])
  users(@Ctx() ctx: RequestContext): Promise<User[]> {
    return new UserService(ctx.em, ctx.now).list();
  }

  @Allowed('Query.organisations')
  @Query(() => [Organisation])
  organisations(@Ctx() ctx: RequestContext): Promise<Organisation[]> {
    return new OrganisationService(ctx.em).list();
  }

  @Allowed('Mutation.createUser')
  @Mutation(() => CreatedUserPayload, { description: 'Creates an account; without a password a one-time password is returned once.' })
  createUser(
    @Arg('email', () => String) email: string,
    @Arg('roles', () => [Role]) roles: Role[],
    @Ctx() ctx: RequestContext,
    @Arg('displayName', () => String, { nullable: true }) displayName?: string,
    @Arg('organisation', () => String, { nullable: true, description: 'Organisation slug' }) organisation?: string,
  ): Promise<CreatedUserPayload> {
    return new UserService(ctx.em, ctx.now).create({ email, roles, displayName, organisationSlug: organisation });
  }

  @Allowed('Mutation.setUserRoles')
  @Mutation(() => User)
  setUserRoles(@Arg('id', () => ID) id: string, @Arg('roles', () => [Role]) roles: Role[], @Ctx() ctx: RequestContext): Promise<User> {
    return new UserService(ctx.em, ctx.now).setRoles(Number(id), roles);
  }

  @Allowed('Mutation.setUserDisabled')
  @Mutation(() => User, { description: 'Disabling an account also ends all its sessions.' })
  setUserDisabled(@Arg('id', () => ID) id: string, @Arg('disabled', () => Boolean) disabled: boolean, @Ctx() ctx: RequestContext): Promise<User> {
    return new UserService(ctx.em, ctx.now).setDisabled(Number(id), disabled);
  }

  @Allowed('Mutation.unlockAccount')
  @Mutation(() => Boolean, { description: 'Lifts every login lock of an account (account-wide and per address) before it ends.' })
  async unlockAccount(@Arg('email', () => String) email: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    await new LoginThrottleService(ctx.em, ctx.now).unlockAccount(normaliseEmail(email));
    return true;
  }

  @Allowed('Mutation.createOrganisation')
  @Mutation(() => Organisation)
  createOrganisation(@Arg('name', () => String) name: string, @Arg('kind', () => OrganisationKind) kind: OrganisationKind, @Ctx() ctx: RequestContext): Promise<Organisation> {
    return new OrganisationService(ctx.em).create(name, kind);
  }

  @Allowed('Query.auditLog')
  @Query(() => [AuditEntry], { description: 'The append-only audit log, newest first. 0 ≤ first ≤ 200.' })
  auditLog(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('beforeId', () => ID, { nullable: true }) beforeId?: string,
    @Arg('action', () => String, { nullable: true }) action?: string,
    @Arg('actorId', () => ID, { nullable: true }) actorId?: string,
  ): Promise<AuditEntry[]> {
    return new AuditService(ctx.em).list({ first, beforeId: beforeId ? Number(beforeId) : null, action, actorId: actorId ? Number(actorId) : null });
  }
}

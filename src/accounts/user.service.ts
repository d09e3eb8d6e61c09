/** Accounts and organisations: creation, roles, passwords. Admin rules live here. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { BadInputError, ConflictError, NotFoundError } from '../core/errors';
import { normaliseEmail } from './auth.service';
import { Organisation } from './organisation.entity';
import { type Role } from '../core/roles';
import { generatePassword, hashPassword, PASSWORD_MIN_LENGTH, verifyPassword } from './secrets';
import { User } from './user.entity';
import { AuthService } from './auth.service';

export interface CreateUserInput {
  email: string;
  displayName?: string | null;
  roles: Role[];
  organisationSlug?: string | null;
  /** When absent a one-time password is generated and must be changed at first sign-in. */
  password?: string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function assertPasswordStrength(password: string, field = 'password'): void {
  if ([...password].length < PASSWORD_MIN_LENGTH) throw new BadInputError(field, `the password needs at least ${PASSWORD_MIN_LENGTH} characters`);
  if ([...password].length > 200) throw new BadInputError(field, 'the password is longer than 200 characters');
}

export class UserService {
  constructor(
    private readonly em: EntityManager,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(input: CreateUserInput): Promise<{ user: User; oneTimePassword: string | null }> {
    const email = normaliseEmail(input.email);
    if (!EMAIL.test(email) || email.length > 254) throw new BadInputError('email', `"${input.email}" is not an email address`);
    if (input.roles.length === 0) throw new BadInputError('roles', 'give the account at least one role');
    if (await this.em.count(User, { email })) throw new ConflictError(`an account with email ${email} already exists`, { field: 'email' });
    const organisation = input.organisationSlug ? await this.organisation(input.organisationSlug) : null;
    if (input.password) assertPasswordStrength(input.password);
    const oneTimePassword = input.password ? null : generatePassword();
    const user = this.em.create(User, {
      email,
      displayName: (input.displayName ?? email.split('@')[0]).normalize('NFC').trim().slice(0, 120),
      passwordHash: await hashPassword(input.password ?? oneTimePassword!),
      roles: [...new Set(input.roles)],
      organisation,
      mustChangePassword: !input.password,
      disabled: false,
      createdAt: this.now(),
    });
    await this.em.flush();
    return { user, oneTimePassword };
  }

  async byId(id: number): Promise<User> {
    const user = await this.em.findOne(User, { id });
    if (!user) throw new NotFoundError('User', String(id));
    return user;
  }

  async setRoles(id: number, roles: Role[]): Promise<User> {
    if (roles.length === 0) throw new BadInputError('roles', 'give the account at least one role (or disable it)');
    const user = await this.byId(id);
    user.roles = [...new Set(roles)];
    await this.em.flush();
    return user;
  }

  /** Disabling also ends every session of the account. */
  async setDisabled(id: number, disabled: boolean): Promise<User> {
    const user = await this.byId(id);
    user.disabled = disabled;
    await this.em.flush();
    if (disabled) await new AuthService(this.em, this.now).revokeAllSessions(id);
    return user;
  }

  async changePassword(id: number, current: string, next: string): Promise<User> {
    assertPasswordStrength(next, 'newPassword');
    const user = await this.em.findOneOrFail(User, { id }, { populate: ['passwordHash'] });
    if (!(await verifyPassword(user.passwordHash, current))) throw new BadInputError('currentPassword', 'the current password is wrong');
    user.passwordHash = await hashPassword(next);
    user.mustChangePassword = false;
    await this.em.flush();
    return user;
  }

  async organisation(slug: string): Promise<Organisation> {
    const org = await this.em.findOne(Organisation, { slug });
    if (!org) throw new NotFoundError('Organisation', slug);
    return org;
  }

  list(): Promise<User[]> {
    return this.em.find(User, {}, { orderBy: { email: 'asc' }, populate: ['organisation'] });
  }
}

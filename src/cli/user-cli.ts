/**
 * `npm run user:create -- --email … --role ADMIN [--role EDITOR] [--name …] [--org slug] [--password-stdin]`
 * Prints a one-time password (to be changed at first sign-in) unless one is read from stdin.
 */
import type { MikroORM, EntityManager } from '@mikro-orm/postgresql';
import { ALL_ROLES, type Role } from '../core/roles';
import { UserService } from '../accounts/user.service';
import { User } from '../accounts/user.entity';
import { UsageError } from './run';

export interface UserCreateArgs {
  email: string;
  roles: Role[];
  name?: string;
  org?: string;
  passwordFromStdin: boolean;
}

export function parseUserCreateArgs(argv: string[]): UserCreateArgs {
  const args: UserCreateArgs = { email: '', roles: [], passwordFromStdin: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--email') args.email = value();
    else if (flag === '--role') {
      const role = value().toUpperCase() as Role;
      if (!ALL_ROLES.includes(role)) throw new UsageError(`unknown role "${role}" (known: ${ALL_ROLES.join(', ')})`);
      args.roles.push(role);
    } else if (flag === '--name') args.name = value();
    else if (flag === '--org') args.org = value();
    else if (flag === '--password-stdin') args.passwordFromStdin = true;
    else throw new UsageError(`unknown option "${flag}"`);
  }
  if (!args.email) throw new UsageError('--email is required');
  if (args.roles.length === 0) throw new UsageError('at least one --role is required');
  return args;
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export async function createUserFromCli(orm: MikroORM, args: UserCreateArgs, password: string | null): Promise<string> {
  const em = orm.em.fork() as EntityManager;
  const { user, oneTimePassword } = await new UserService(em).create({
    email: args.email,
    roles: args.roles,
    displayName: args.name,
    organisationSlug: args.org,
    password,
  });
  return oneTimePassword
    ? `created ${user.email} (${user.roles.join(', ')}); one-time password, shown once: ${oneTimePassword}\nsign in with mutation login and change it with mutation changePassword`
    : `created ${user.email} (${user.roles.join(', ')}) with the password read from stdin`;
}

export async function hasAnyUser(orm: MikroORM): Promise<boolean> {
  return (await orm.em.fork().count(User, {})) > 0;
}

export const FIRST_ADMIN_HINT = 'no accounts yet: create the first admin with  npm run user:create -- --email you@example.vn --role ADMIN  (prints a one-time password)';

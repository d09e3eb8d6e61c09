/** Accounts for tests: real users, real argon2 hashes, real session tokens. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Database } from '../../src/db/orm';
import { AuthService } from '../../src/accounts/auth.service';
import { Organisation, OrganisationKind } from '../../src/accounts/organisation.entity';
import { type Role } from '../../src/core/roles';
import { UserService } from '../../src/accounts/user.service';

export const TEST_PASSWORD = 'mật-khẩu-thử-nghiệm-dài';

let counter = 0;

export async function ensureOrganisation(db: Database, slug: string, name = slug, kind = OrganisationKind.OTHER): Promise<Organisation> {
  const em = db.orm.em.fork() as EntityManager;
  const existing = await em.findOne(Organisation, { slug });
  if (existing) return existing;
  const org = em.create(Organisation, { slug, name, kind });
  await em.flush();
  return org;
}

export interface TestAccount {
  id: number;
  email: string;
  /** What the services record as this account's name (newsroom savedBy, media uploadedBy). */
  displayName: string;
  token: string;
  headers: Record<string, string>;
}

/** Creates a user with these roles and signs it in; `headers` carry its bearer token. */
export async function signedInAs(
  db: Database,
  roles: Role[],
  options: { organisation?: string; email?: string; displayName?: string; now?: () => Date } = {},
): Promise<TestAccount> {
  const em = db.orm.em.fork() as EntityManager;
  const email = options.email ?? `${roles.join('-').toLowerCase() || 'user'}-${++counter}-${process.pid}@test.reformdesk.vn`;
  if (options.organisation) await ensureOrganisation(db, options.organisation);
  const { user } = await new UserService(em).create({ email, displayName: options.displayName, roles, password: TEST_PASSWORD, organisationSlug: options.organisation ?? null });
  const { token } = await new AuthService(em, options.now ?? (() => new Date())).login(email, TEST_PASSWORD, `test-${counter}`);
  return { id: user.id, email, displayName: user.displayName, token, headers: { authorization: `Bearer ${token}` } };
}

/** A clock tests can move. */
export function testClock(start = new Date('2026-01-15T03:00:00Z')) {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(ms: number) {
      current += ms;
    },
    set(date: Date) {
      current = date.getTime();
    },
  };
}

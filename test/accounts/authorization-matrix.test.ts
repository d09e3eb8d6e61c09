/**
 * Every mutation and every query × every role and anonymous readers, generated from the
 * schema and checked against the features' policy declarations (the `*.policy.ts` files, gathered in
 * src/app/operations.ts): a new root field without a declared access fails this test.
 *  PUBLIC: anyone; SIGNED_IN: any account; [roles]: those roles (ADMIN always allowed, and
 *  alone when the list is empty).
 * Allowed means "not stopped by authorization": no UNAUTHENTICATED or FORBIDDEN error (the call
 * may still fail on its sample arguments with NOT_FOUND or BAD_USER_INPUT); denied means
 * UNAUTHENTICATED for anonymous callers and FORBIDDEN for accounts without the role.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { type GraphQLSchema } from 'graphql';
import { Role } from '../../src/core/roles';
import { generateToken, hashToken } from '../../src/accounts/secrets';
import { Session } from '../../src/accounts/session.entity';
import { getSchema } from '../../src/app/schema';
import { signedInAs } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { sampleOperation } from '../support/dummy-args';
import { startTestServer, type TestServer } from '../support/server';
import type { Access } from '../../src/core/policy';
import { OPERATIONS } from '../../src/app/operations';

type Caller = 'ANONYMOUS' | Role;
const CALLERS: Caller[] = ['ANONYMOUS', ...Object.values(Role)];

/** The declared access of each root field ("Query.x", "Mutation.y"); type fields and HTTP routes are checked elsewhere. */
const ROOT_RULES: Record<string, Access> = Object.fromEntries(Object.entries(OPERATIONS).filter(([op]) => /^(Query|Mutation)\./.test(op)));

function allowed(rule: Access, caller: Caller): boolean {
  if (rule === 'PUBLIC') return true;
  if (caller === 'ANONYMOUS') return false;
  if (rule === 'SIGNED_IN' || caller === Role.ADMIN) return true;
  return rule.includes(caller);
}

const DENIALS = new Set(['UNAUTHENTICATED', 'FORBIDDEN']);
/** Public fields that check credentials themselves: their sample arguments (a made-up password) answer UNAUTHENTICATED by design. */
const CHECKS_CREDENTIALS = new Set(['Mutation.login']);

describe('authorization matrix', () => {
  let db: TestDatabase;
  let server: TestServer;
  let schema: GraphQLSchema;
  const userIds = new Map<Role, number>();

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer(db, { debugSql: false });
    schema = await getSchema();
    for (const role of Object.values(Role)) userIds.set(role, (await signedInAs(db, [role], { organisation: 'ban-tuyen-giao-tinh-uy-ha-tinh' })).id);
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  /** A fresh session per call: some mutations (logout, revokeMySessions) end the caller's sessions. */
  async function headersFor(caller: Caller): Promise<Record<string, string>> {
    if (caller === 'ANONYMOUS') return {};
    const em = db.orm.em.fork() as EntityManager;
    const token = generateToken('session');
    em.create(Session, { tokenHash: hashToken(token), user: userIds.get(caller)!, createdAt: new Date(), expiresAt: new Date(Date.now() + 3600_000) });
    await em.flush();
    return { authorization: `Bearer ${token}` };
  }

  it('has a rule for every root field of the schema', () => {
    const fields = [...Object.keys(schema.getQueryType()!.getFields()).map((f) => `Query.${f}`), ...Object.keys(schema.getMutationType()!.getFields()).map((f) => `Mutation.${f}`)];
    expect(fields.filter((f) => !(f in ROOT_RULES))).toEqual([]);
    expect(Object.keys(ROOT_RULES).filter((f) => !fields.includes(f))).toEqual([]);
  });

  it('allows and denies every root field for every role as the rules say', async () => {
    const mismatches: string[] = [];
    for (const [kind, type] of [
      ['query', schema.getQueryType()!],
      ['mutation', schema.getMutationType()!],
    ] as const) {
      for (const field of Object.values(type.getFields())) {
        const rule = ROOT_RULES[`${type.name}.${field.name}`];
        if (!rule) continue;
        const operation = sampleOperation(schema, kind, field);
        for (const caller of CALLERS) {
          const res = await server.raw(operation, await headersFor(caller));
          const denial = res.errors?.find(
            (e) => DENIALS.has(String(e.extensions?.code)) && !(CHECKS_CREDENTIALS.has(`${type.name}.${field.name}`) && e.extensions?.code === 'UNAUTHENTICATED'),
          );
          const expected = allowed(rule, caller);
          if (expected && denial) mismatches.push(`${type.name}.${field.name} as ${caller}: denied (${String(denial.extensions?.code)}: ${denial.message})`);
          if (!expected) {
            const code = caller === 'ANONYMOUS' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
            if (denial?.extensions?.code !== code) mismatches.push(`${type.name}.${field.name} as ${caller}: expected ${code}, got ${JSON.stringify(res.errors?.[0] ?? res.data)}`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});

/**
 * Rules decided once per mutation (audit, READ tokens, one-time passwords) hold whatever shape
 * the operation takes: plain, aliased, inline fragment, named fragment, nested fragments,
 * @include/@skip. Generated from the schema, so a new mutation is covered without editing this.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { type GraphQLField, type GraphQLSchema } from 'graphql';
import { Role, TokenScope } from '../../src/core/roles';
import { generateToken, hashToken } from '../../src/accounts/secrets';
import { ApiToken, Session } from '../../src/accounts/session.entity';
import { User } from '../../src/accounts/user.entity';
import { getSchema } from '../../src/app/schema';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { sampleOperation } from '../support/dummy-args';
import { startTestServer, type TestServer } from '../support/server';
import { operationShapes } from './shapes';

function shapesFor(schema: GraphQLSchema, field: GraphQLField<unknown, unknown>) {
  const { query, variables } = sampleOperation(schema, 'mutation', field);
  const m = /^mutation(\([^)]*\))? \{ (.*) \}$/.exec(query)!;
  return { shapes: operationShapes(m[2], m[1] ?? ''), variables };
}

describe('every mutation, in every shape', () => {
  let db: TestDatabase;
  let server: TestServer;
  let schema: GraphQLSchema;
  let em: EntityManager;
  let adminId: number;
  let oneTimeId: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer(db, { debugSql: false });
    schema = await getSchema();
    em = db.orm.em.fork() as EntityManager;
    const admin = em.create(User, {
      email: 'quan.tri@test.reformdesk.vn',
      displayName: 'Quản trị',
      roles: [Role.ADMIN],
      passwordHash: 'x',
      mustChangePassword: false,
      disabled: false,
      createdAt: new Date(),
    });
    const oneTime = em.create(User, {
      email: 'mat.khau.mot.lan@test.reformdesk.vn',
      displayName: 'Mật khẩu một lần',
      roles: [Role.ADMIN],
      passwordHash: 'x',
      mustChangePassword: true,
      disabled: false,
      createdAt: new Date(),
    });
    await em.flush();
    adminId = admin.id;
    oneTimeId = oneTime.id;
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  async function sessionHeaders(userId: number) {
    const token = generateToken('session');
    em.create(Session, { tokenHash: hashToken(token), user: userId, createdAt: new Date(), expiresAt: new Date(Date.now() + 3600_000) });
    await em.flush();
    return { authorization: `Bearer ${token}` };
  }

  async function readTokenHeaders() {
    const token = generateToken('api');
    em.create(ApiToken, { name: 'chỉ đọc', tokenHash: hashToken(token), prefix: token.slice(0, 12), owner: adminId, scope: TokenScope.READ, createdAt: new Date() });
    await em.flush();
    return { authorization: `Bearer ${token}` };
  }

  async function auditCount(action: string, outcome?: string): Promise<number> {
    const rows = await db.orm.em
      .getConnection()
      .execute<{ n: string }[]>(`select count(*) as n from audit_entry where action = ?${outcome ? ' and outcome = ?' : ''}`, outcome ? [action, outcome] : [action]);
    return Number(rows[0].n);
  }

  const mutations = () => Object.values(schema.getMutationType()!.getFields());

  it('refuses READ tokens for every mutation in every shape, and audits each refusal', async () => {
    const headers = await readTokenHeaders();
    const misses: string[] = [];
    for (const field of mutations()) {
      const { shapes, variables } = shapesFor(schema, field);
      for (const [shape, query] of Object.entries(shapes)) {
        const before = await auditCount(field.name, 'FORBIDDEN');
        const res = await server.raw({ query, variables }, headers);
        const code = res.errors?.[0]?.extensions?.code;
        if (code !== 'FORBIDDEN') misses.push(`${field.name} (${shape}): ${String(code)}`);
        if ((await auditCount(field.name, 'FORBIDDEN')) !== before + 1) misses.push(`${field.name} (${shape}): refusal not audited`);
      }
    }
    expect(misses).toEqual([]);
  });

  it('holds every mutation but changePassword and logout until a one-time password is changed', async () => {
    const headers = await sessionHeaders(oneTimeId);
    const misses: string[] = [];
    for (const field of mutations().filter((f) => !['changePassword', 'logout', 'login'].includes(f.name))) {
      const { shapes, variables } = shapesFor(schema, field);
      for (const [shape, query] of Object.entries(shapes)) {
        const before = await auditCount(field.name, 'PASSWORD_CHANGE_REQUIRED');
        const res = await server.raw({ query, variables }, headers);
        const code = res.errors?.[0]?.extensions?.code;
        if (code !== 'PASSWORD_CHANGE_REQUIRED') misses.push(`${field.name} (${shape}): ${String(code)}`);
        if ((await auditCount(field.name, 'PASSWORD_CHANGE_REQUIRED')) !== before + 1) misses.push(`${field.name} (${shape}): refusal not audited`);
      }
    }
    expect(misses).toEqual([]);
  });

  it('writes exactly one audit entry per executed mutation, whatever its shape or outcome', async () => {
    const misses: string[] = [];
    for (const field of mutations()) {
      const { shapes, variables } = shapesFor(schema, field);
      for (const [shape, query] of Object.entries(shapes)) {
        // A fresh session each time: logout and revokeMySessions end the caller's sessions.
        const headers = await sessionHeaders(adminId);
        const before = await auditCount(field.name);
        await server.raw({ query, variables }, headers);
        const after = await auditCount(field.name);
        if (after !== before + 1) misses.push(`${field.name} (${shape}): ${after - before} audit entries`);
      }
    }
    expect(misses).toEqual([]);
  });

  it('neither runs nor audits a mutation that @skip or @include leaves out', async () => {
    const headers = await sessionHeaders(adminId);
    for (const query of [
      'mutation($off: Boolean!) { createOrganisation(kind: OTHER, name: "Bỏ qua") @skip(if: true) { id } ... on Mutation @include(if: $off) { x: createOrganisation(kind: OTHER, name: "Bỏ qua") { id } } }',
      'mutation M($off: Boolean!) { ...F @include(if: $off) } fragment F on Mutation { createOrganisation(kind: OTHER, name: "Bỏ qua") { id } }',
    ]) {
      const before = await auditCount('createOrganisation');
      const res = await server.raw({ query, variables: { off: false } }, headers);
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({});
      expect(await auditCount('createOrganisation')).toBe(before);
    }
  });
});

describe('one login per operation, however it is spelled', () => {
  let db: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer(db, { debugSql: false });
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  it.each([
    ['aliases', 'mutation { a: login(email: "a@b.vn", password: "x") { token } b: login(email: "a@b.vn", password: "y") { token } }'],
    [
      'named fragments',
      'mutation { ...A ...B } fragment A on Mutation { a: login(email: "a@b.vn", password: "x") { token } } fragment B on Mutation { b: login(email: "a@b.vn", password: "y") { token } }',
    ],
    [
      'inline fragments with @include',
      'mutation { ... on Mutation @include(if: true) { a: login(email: "a@b.vn", password: "x") { token } } ... on Mutation { b: login(email: "a@b.vn", password: "y") { token } } }',
    ],
  ])('refuses two logins through %s before any password is checked', async (_shape, query) => {
    const res = await server.raw({ query });
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.limit).toBe('login');
    const rows = await db.orm.em.getConnection().execute<{ n: string }[]>("select count(*) as n from audit_entry where action = 'login'");
    expect(Number(rows[0].n)).toBe(0);
  });
});

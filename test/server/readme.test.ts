/**
 * The README's examples run as pasted: every ```graphql block is one valid document, and the
 * blocks run in order against the server on the shipped content. Blocks after the README's
 * `login` block are sent with its token, as the README tells the reader to.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Kind, parse, validate } from 'graphql';
import { Role } from '../../src/core/roles';
import { UserService } from '../../src/accounts/user.service';
import { getSchema } from '../../src/app/schema';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';

const README = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
const BLOCKS = [...README.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);

describe('README examples', () => {
  let db: TestDatabase;
  let server: TestServer;

  beforeAll(async () => {
    db = await createTestDatabase({ content: true });
    // The admin of the README's sign-in example, with the password the README pastes.
    const login = /login\(email: "([^"]+)", password: "([^"]+)"\)/.exec(README);
    if (!login) throw new Error('the README has no login example');
    await new UserService(db.orm.em.fork() as EntityManager).create({ email: login[1], roles: [Role.ADMIN], displayName: 'Quản trị', password: login[2] });
    server = await startTestServer(db);
  });
  afterAll(async () => {
    await server?.stop();
    await db?.destroy();
  });

  it('has examples for readers and for accounts', () => {
    expect(BLOCKS.length).toBeGreaterThanOrEqual(8);
    expect(BLOCKS.some((b) => b.includes('createUser('))).toBe(true);
  });

  it('holds one valid operation per block', async () => {
    const schema = await getSchema();
    for (const block of BLOCKS) {
      const document = parse(block);
      expect(document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION)).toHaveLength(1);
      expect(validate(schema, document).map((e) => `${e.message}\n${block}`)).toEqual([]);
    }
  });

  it('runs every block in order without an error, signed in after the login block', async () => {
    let headers: Record<string, string> = {};
    for (const block of BLOCKS) {
      const res = await server.raw({ query: block }, headers);
      expect({ block, errors: res.errors }).toEqual({ block, errors: undefined });
      expect(res.data).toBeTruthy();
      const token = (res.data as { login?: { token?: string } }).login?.token;
      if (token) headers = { authorization: `Bearer ${token}` };
    }
    expect(headers.authorization).toBeDefined();
  });
});

/**
 * NUL bytes, lone surrogates, control characters and non-characters are refused with
 * BAD_USER_INPUT naming the argument before any service runs, wherever they sit (top-level
 * variables, nested inputs, literals); names, titles and slugs also refuse bidi overrides and
 * text made of invisible characters only.
 */
import { Role } from '../../src/core/roles';
import { findUnsafeInput } from '../../src/graphql/input-guard';
import { parse } from 'graphql';
import { useTestApp } from '../support/app';

const CREATE_USER = 'mutation($email: String!, $displayName: String) { createUser(email: $email, roles: [ADMIN], displayName: $displayName) { oneTimePassword } }';
const CREATE_TOKEN = 'mutation($name: String!) { ... on Mutation { createApiToken(name: $name, scope: WRITE) { token } } }';

describe('unsafe strings are refused at the edge', () => {
  const app = useTestApp({ accounts: { admin: [Role.ADMIN] } });

  const count = async (sql: string, params: unknown[]) => Number((await app.db.orm.em.getConnection().execute<{ n: string }[]>(sql, params))[0].n);

  it.each([
    ['a lone surrogate', 'Ghost \ud800'],
    ['a NUL byte', 'Ghost\u0000'],
    ['a control character', 'Ghost\u0007'],
    ['a non-character', 'Ghost\uFFFE'],
    ['a bidi override', 'Ghost \u202Egnp.exe'],
    ['invisible characters only', '\u200B\u200D'],
  ])('createUser with %s in displayName: BAD_USER_INPUT on displayName, no account, no audit entry', async (_what, displayName) => {
    const email = `ghost-${Math.random().toString(36).slice(2)}@baohatinh.vn`;
    const res = await app.server.raw({ query: CREATE_USER, variables: { email, displayName } }, app.accounts.admin.headers);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'displayName' });
    expect(await count('select count(*) as n from app_user where email = ?', [email])).toBe(0);
    expect(await count('select count(*) as n from audit_entry where target = ?', [`email=${email}`])).toBe(0);
  });

  it('createApiToken (inside a fragment) with a lone surrogate in name: refused, no token', async () => {
    const before = await count('select count(*) as n from api_token', []);
    const res = await app.server.raw({ query: CREATE_TOKEN, variables: { name: 'x\udc00' } }, app.accounts.admin.headers);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(await count('select count(*) as n from api_token', [])).toBe(before);
  });

  it('checks queries too: a NUL in a search term never reaches PostgreSQL', async () => {
    const res = await app.server.raw({ query: 'query($q: String) { articles(search: $q, first: 5) { totalCount } }', variables: { q: 'cải cách\u0000' } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'search' });
  });

  it('names the input field inside nested variables and the argument of a literal', () => {
    const nested = findUnsafeInput(parse('mutation($input: X!) { createArticle(input: $input) { id } }'), { input: { title: 'Tin \u202E', topics: ['ok'] } });
    expect(nested).toEqual([expect.objectContaining({ field: 'title', path: '$input.title' })]);
    const literal = findUnsafeInput(parse('mutation { createArticle(input: { title: "ok", body: "a\\u0000b" }) { id } }'), {});
    expect(literal).toEqual([expect.objectContaining({ field: 'body', path: 'createArticle.input.body' })]);
    expect(findUnsafeInput(parse('query { unit(code: "436") { name } }'), { x: 'Thành phố Hà Tĩnh, tiếng Việt đủ dấu 😀' })).toEqual([]);
  });
});

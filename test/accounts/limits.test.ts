import { useTestApp } from '../support/app';
import { LIMITS } from '../../src/graphql/limits';

describe('request limits', () => {
  const app = useTestApp();

  const nest = (depth: number) => `{ units { ${'parent { '.repeat(depth)}code${' }'.repeat(depth)} } }`;

  it.each([
    ['depth', nest(LIMITS.depth + 1)],
    ['aliases', `{ ${Array.from({ length: LIMITS.aliases + 1 }, (_, i) => `a${i}: units { code }`).join(' ')} }`],
    ['directives', `{ units { code ${Array.from({ length: LIMITS.directives + 1 }, () => '@include(if: true)').join(' ')} } }`],
    ['tokens', `{ units { ${Array.from({ length: LIMITS.tokens }, () => 'code').join(' ')} } }`],
  ])('refuses a query over the %s limit with a stable code and extensions.limit', async (limit, query) => {
    const res = await app.server.raw({ query });
    expect(res.status).toBe(400);
    expect(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED']).toContain(res.errors![0].extensions!.code);
    expect(res.errors!.some((e) => e.extensions!.limit === limit)).toBe(true);
  });

  it('refuses a query over the cost limit', async () => {
    const wide = Array.from({ length: LIMITS.aliases }, (_, i) => `a${i}: ${nest(LIMITS.depth - 3).slice(2, -2)}`).join(' ');
    const res = await app.server.raw({ query: `{ ${wide} }` });
    expect(res.errors!.some((e) => e.extensions!.limit === 'cost')).toBe(true);
  });

  it('accepts a query within the limits', async () => {
    const res = await app.server.raw({ query: nest(LIMITS.depth - 3) });
    expect(res.errors).toBeUndefined();
  });

  it('refuses a request body over 1 MB with 413', async () => {
    const res = await fetch(`${app.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ units { code } }', variables: { pad: 'x'.repeat(1_100_000) } }),
    });
    expect(res.status).toBe(413);
  });
});

describe('production hardening', () => {
  const app = useTestApp({ config: { env: 'production', debugSql: false, introspection: false, ide: false } });

  it('turns introspection off', async () => {
    const res = await app.server.raw({ query: '{ __schema { types { name } } }' });
    expect(res.errors![0].message).toMatch(/introspection/i);
  });

  it('hides field suggestions', async () => {
    const res = await app.server.raw({ query: '{ unitz { code } }' });
    expect(res.errors![0].message).not.toMatch(/Did you mean/);
  });

  // graphql-armor's suggestion blocking (an envelop validation hook) only knows the `Did you mean "x"?`
  // form of validation errors; these two are the ones it lets through, so the formatter keeps the job.
  it('hides enum value suggestions, in a literal and in a variable (coerced at execution)', async () => {
    const literal = await app.server.raw({ query: '{ articles(state: DRAF) { __typename } }' });
    expect(literal.errors![0].message).toMatch(/"DRAF" does not exist in "ArticleState" enum\.$/);
    const variable = await app.server.raw({ query: 'query ($s: ArticleState) { articles(state: $s) { __typename } }', variables: { s: 'DRAF' } });
    expect(variable.errors![0].message).toMatch(/^Variable "\$s" got invalid value "DRAF"; Value "DRAF" does not exist in "ArticleState" enum\.$/);
    expect(variable.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('serves no IDE page', async () => {
    const res = await fetch(`${app.server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await res.text()).not.toContain('GraphiQL');
  });

  it('masks internal errors and never sends stack traces', async () => {
    await app.db.orm.em.getConnection().execute('alter table unit rename to unit_gone');
    try {
      const res = await app.server.raw({ query: '{ units { code } }' });
      expect(res.errors![0]).toEqual(expect.objectContaining({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }));
      expect(JSON.stringify(res)).not.toMatch(/unit_gone|relation|stacktrace/);
    } finally {
      await app.db.orm.em.getConnection().execute('alter table unit_gone rename to unit');
    }
  });
});

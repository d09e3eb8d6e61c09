/**
 * Refusals by the request limits reach the operators' log through graphql-armor's `onReject`
 * (and our single-login rule), while the client still gets every problem as a validation error.
 */
import { buildSchema, parse, specifiedRules, validate, type GraphQLError } from 'graphql';
import { LIMITS, validationRules } from '../../src/graphql/limits';

const schema = buildSchema(`
  type Node { id: ID!, child: Node }
  type Query { node: Node }
  type Mutation { login(email: String!): Boolean }
`);

function check(source: string) {
  const refusals: { limit: string; error: GraphQLError }[] = [];
  const errors = validate(schema, parse(source), [...specifiedRules, ...validationRules((limit, error) => refusals.push({ limit, error }))]);
  return { errors, refusals };
}

describe('limit refusals', () => {
  it('hands a too-deep query to onRefusal as "depth", and still reports it to the client', () => {
    const deep = `{ node { ${'child { '.repeat(LIMITS.depth + 1)}id${' }'.repeat(LIMITS.depth + 1)} } }`;
    const { errors, refusals } = check(deep);
    expect(errors.some((e) => /depth limit/i.test(e.message))).toBe(true);
    expect(refusals.map((r) => r.limit)).toContain('depth');
  });

  it('hands too many aliases to onRefusal as "aliases"', () => {
    const aliases = Array.from({ length: LIMITS.aliases + 1 }, (_, i) => `a${i}: node { id }`).join(' ');
    const { errors, refusals } = check(`{ ${aliases} }`);
    expect(errors.length).toBeGreaterThan(0);
    expect(refusals.map((r) => r.limit)).toContain('aliases');
  });

  it('hands a second login to onRefusal as "login"', () => {
    const { errors, refusals } = check('mutation { a: login(email: "a@b.vn") b: login(email: "a@b.vn") }');
    expect(errors.map((e) => e.message)).toContain('Syntax Error: only one login per request');
    expect(refusals).toEqual([{ limit: 'login', error: expect.objectContaining({ message: 'Syntax Error: only one login per request' }) }]);
  });

  it('tells nothing about a query within every limit', () => {
    expect(check('{ node { id child { id } } }')).toEqual({ errors: [], refusals: [] });
  });
});

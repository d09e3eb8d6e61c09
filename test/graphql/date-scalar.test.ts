/**
 * The Date scalar: graphql-scalars' LocalDate decides what a calendar date is, our scalar keeps
 * its name, description and messages, and every refusal carries BAD_USER_INPUT, whether the
 * date comes as a variable, as a literal in the document or from a resolver.
 */
import { graphql, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString, printType } from 'graphql';
import { DateScalar } from '../../src/graphql/scalars';

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      echo: { type: DateScalar, args: { on: { type: new GraphQLNonNull(DateScalar) } }, resolve: (_root, args: { on: string }) => args.on },
      stored: {
        type: DateScalar,
        args: { raw: { type: GraphQLString } },
        resolve: (_root, args: { raw?: string | null }) => (args.raw == null ? new Date('2025-03-31T17:30:00Z') : args.raw),
      },
    },
  }),
});

const run = (source: string, variableValues?: Record<string, unknown>) => graphql({ schema, source, variableValues });

describe('Date scalar', () => {
  it('keeps the SDL of our scalar (name and description), not LocalDate’s', () => {
    expect(printType(DateScalar)).toBe('"""A calendar date, YYYY-MM-DD (no time zone)."""\nscalar Date');
  });

  it('accepts a real calendar day as a variable and as a literal', async () => {
    expect((await run('query ($on: Date!) { echo(on: $on) }', { on: '2024-02-29' })).data).toEqual({ echo: '2024-02-29' });
    expect((await run('{ echo(on: "2025-12-31") }')).data).toEqual({ echo: '2025-12-31' });
  });

  it.each(['2024-02-30', '2025-13-01', '31/12/2025', '2025-1-1', ''])('refuses the malformed variable %j with BAD_USER_INPUT', async (on) => {
    const { errors } = await run('query ($on: Date!) { echo(on: $on) }', { on });
    expect(errors).toHaveLength(1);
    expect(errors![0].message).toBe(`Variable "$on" got invalid value ${JSON.stringify(on)}; Date must be a calendar date YYYY-MM-DD, got ${JSON.stringify(on)}`);
    expect(errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a variable that is not a string', async () => {
    const { errors } = await run('query ($on: Date!) { echo(on: $on) }', { on: 20250101 });
    expect(errors![0].message).toMatch(/Date must be a calendar date YYYY-MM-DD, got 20250101$/);
    expect(errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a malformed literal, and a literal that is not a string, with BAD_USER_INPUT', async () => {
    const bad = await run('{ echo(on: "2023-02-29") }');
    expect(bad.errors![0].message).toBe('Date must be a calendar date YYYY-MM-DD, got "2023-02-29"');
    expect(bad.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const number = await run('{ echo(on: 20230228) }');
    expect(number.errors![0].message).toBe('Date must be a string YYYY-MM-DD');
    expect(number.errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('serializes a stored day, a JS Date as its UTC day, and refuses a malformed value from a resolver', async () => {
    expect((await run('{ stored(raw: "2025-04-01") }')).data).toEqual({ stored: '2025-04-01' });
    expect((await run('{ stored }')).data).toEqual({ stored: '2025-03-31' });
    const bad = await run('{ stored(raw: "2025-04-31") }');
    expect(bad.data).toEqual({ stored: null });
    expect(bad.errors![0].message).toBe('Date must be a calendar date YYYY-MM-DD, got "2025-04-31"');
    expect(bad.errors![0].path).toEqual(['stored']);
  });
});

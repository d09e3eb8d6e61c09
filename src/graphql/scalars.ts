import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { GraphQLLocalDate } from 'graphql-scalars';

/**
 * graphql-scalars' LocalDate decides what a date is (YYYY-MM-DD and a day that exists, so not
 * 2024-02-30); our scalar keeps its own name, description and messages, so the SDL and the
 * answers clients get stay as they were, with the code BAD_USER_INPUT whatever the way in.
 */
const localDate = GraphQLLocalDate.toConfig();

function refused(value: unknown): GraphQLError {
  return new GraphQLError(`Date must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`, { extensions: { code: 'BAD_USER_INPUT' } });
}

function checked(value: unknown, check: (value: unknown) => unknown): string {
  try {
    return check(value) as string;
  } catch {
    throw refused(value);
  }
}

/** A calendar date without time zone, as YYYY-MM-DD (stored as SQL date, carried as a string). */
export const DateScalar = new GraphQLScalarType<string, string>({
  ...localDate,
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD (no time zone).',
  // A JS Date (a driver's answer for a date column) is shown as its UTC day.
  serialize: (value) => checked(value instanceof Date ? value.toISOString().slice(0, 10) : value, localDate.serialize),
  parseValue: (value) => checked(value, localDate.parseValue),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Date must be a string YYYY-MM-DD', { extensions: { code: 'BAD_USER_INPUT' } });
    return checked(ast.value, (value) => localDate.parseLiteral({ ...ast, value: value as string }));
  },
});

import 'reflect-metadata';
import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { UnitResolver } from '../units/unit.resolver';

export const RESOLVERS = [UnitResolver] as const;

let cached: Promise<GraphQLSchema> | null = null;

export function getSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers: [...RESOLVERS] as [Function, ...Function[]],
    validate: false,
    emitSchemaFile: false,
  });
  return cached;
}

/** The committed SDL: sorted so it is stable whatever order resolvers are registered in. */
export async function printSortedSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await getSchema()))}\n`;
}

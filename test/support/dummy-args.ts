/**
 * Builds a syntactically valid call for any schema field from its argument types, so a test can
 * call every mutation and query (generated from the schema) without knowing it in advance.
 */
import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  isUnionType,
  isScalarType,
} from 'graphql';

const SCALAR_SAMPLES: Record<string, unknown> = {
  String: 'x',
  ID: '999999',
  Int: 1,
  Float: 1,
  Boolean: false,
  Date: '2020-01-01',
  DateTime: '2020-01-01T00:00:00.000Z',
  JSON: {},
  JSONObject: {},
};

export function sampleValue(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType);
  if (isListType(type)) return [sampleValue(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) if (isNonNullType(field.type)) out[field.name] = sampleValue(field.type);
    return out;
  }
  if (isScalarType(type)) return SCALAR_SAMPLES[type.name] ?? 'x';
  return null;
}

/** `mutation($a: T!) { field(a: $a) { __typename } }` with sample variables for required arguments. */
export function sampleOperation(schema: GraphQLSchema, kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>) {
  const required = field.args.filter((a: GraphQLArgument) => isNonNullType(a.type) && a.defaultValue === undefined);
  const variables = Object.fromEntries(required.map((a) => [a.name, sampleValue(a.type)]));
  const decl = required.length ? `(${required.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ')})` : '';
  const call = required.length ? `(${required.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
  const named = getNamedType(field.type);
  const selection = isObjectType(named) || isInterfaceType(named) || isUnionType(named) ? ' { __typename }' : '';
  void schema;
  return { query: `${kind}${decl} { ${field.name}${call}${selection} }`, variables };
}

/**
 * One root field call written in every shape a client may use: plain, aliased, inline fragment,
 * named fragment, nested fragments, @include/@skip. Rules decided per operation must hold for
 * all of them (test/security/every-mutation-in-every-shape-is-guarded-and-audited.test.ts,
 * test/security/webhook-and-live-operations-in-every-shape.test.ts).
 */
export function operationShapes(call: string, declarations: string, operation: 'mutation' | 'query' | 'subscription' = 'mutation'): Record<string, string> {
  const op = operation;
  const root = `${op[0].toUpperCase()}${op.slice(1)}`;
  return {
    plain: `${op}${declarations} { ${call} }`,
    aliased: `${op}${declarations} { renamed: ${call} }`,
    'inline fragment': `${op}${declarations} { ... on ${root} { ${call} } }`,
    'named fragment': `${op} M${declarations} { ...F } fragment F on ${root} { ${call} }`,
    'nested fragments': `${op} M${declarations} { ... on ${root} { ...Outer } } fragment Outer on ${root} { ...Inner } fragment Inner on ${root} { alias: ${call} }`,
    '@include(if: true)': `${op}${declarations} { ... on ${root} @include(if: true) { ${call} } }`,
    '@skip(if: false)': `${op}${declarations} { ${withDirective(call, '@skip(if: false)')} }`,
  };
}

/** Directives go after the arguments and before the sub-selection. */
function withDirective(call: string, directive: string): string {
  const selection = call.indexOf(' {');
  return selection < 0 ? `${call} ${directive}` : `${call.slice(0, selection)} ${directive}${call.slice(selection)}`;
}

/** Whether a GraphQL query selects a nested field (through fragments too), so reads can skip unasked columns. */
import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

function fieldsOf(set: SelectionSetNode | undefined, info: GraphQLResolveInfo, name: string): FieldNode[] {
  if (!set) return [];
  return set.selections.flatMap((s) => {
    if (s.kind === 'Field') return s.name.value === name ? [s] : [];
    if (s.kind === 'InlineFragment') return fieldsOf(s.selectionSet, info, name);
    const fragment = info.fragments[s.name.value];
    return fragment ? fieldsOf(fragment.selectionSet, info, name) : [];
  });
}

export function selects(info: GraphQLResolveInfo, path: string[]): boolean {
  let nodes: FieldNode[] = [...info.fieldNodes];
  for (const name of path) nodes = nodes.flatMap((n) => fieldsOf(n.selectionSet, info, name));
  return nodes.length > 0;
}

/**
 * Strings are checked at the edge, before any resolver or service runs: every string literal
 * in the document and every string in the variables, wherever it sits (nested input objects,
 * lists, fragments). The error names the argument or input field at fault.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, GraphQLError, Kind, type ValueNode, visit } from 'graphql';
import { unsafeNameReason, unsafeTextReason } from '../text/unsafe-text';
import type { RequestContext } from './context';

/** Arguments and input fields whose text readers see as a name or that become part of a URL. */
const NAME_FIELDS = new Set(['title', 'name', 'displayName', 'slug', 'slugs', 'label']);

export interface UnsafeInput {
  /** The argument or input field at fault */
  field: string;
  /** Where it sits: `$input.title`, `createTopic.name` */
  path: string;
  reason: string;
}

function check(value: unknown, field: string, path: string, found: UnsafeInput[]): void {
  if (typeof value === 'string') {
    const reason = NAME_FIELDS.has(field) ? unsafeNameReason(value) : unsafeTextReason(value);
    if (reason) found.push({ field, path, reason });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => check(v, field, `${path}[${i}]`, found));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const keyReason = unsafeTextReason(k);
      if (keyReason) found.push({ field: k, path: `${path}.${k}`, reason: `key ${keyReason}` });
      check(v, k, `${path}.${k}`, found);
    }
  }
}

function checkLiteral(node: ValueNode, field: string, path: string, found: UnsafeInput[]): void {
  if (node.kind === Kind.STRING) check(node.value, field, path, found);
  else if (node.kind === Kind.LIST) node.values.forEach((v, i) => checkLiteral(v, field, `${path}[${i}]`, found));
  else if (node.kind === Kind.OBJECT) node.fields.forEach((f) => checkLiteral(f.value, f.name.value, `${path}.${f.name.value}`, found));
}

interface DocumentScan {
  literals: UnsafeInput[];
  argumentOfVariable: Map<string, string>;
}

// Apollo hands out the same parsed DocumentNode for a repeated operation (its document cache), so the
// walk over the document's literals is done once per document, not on every request.
const scans = new WeakMap<DocumentNode, DocumentScan>();

/** Every unsafe string of an operation: in the document's literals and in its variables. */
export function findUnsafeInput(document: DocumentNode, variables: Record<string, unknown> | undefined): UnsafeInput[] {
  let scan = scans.get(document);
  if (!scan) scans.set(document, (scan = scanDocument(document)));
  const found = [...scan.literals];
  for (const [name, value] of Object.entries(variables ?? {})) {
    const keyReason = unsafeTextReason(name);
    if (keyReason) found.push({ field: name, path: `$${name}`, reason: `variable name ${keyReason}` });
    check(value, scan.argumentOfVariable.get(name) ?? name, `$${name}`, found);
  }
  return found;
}

function scanDocument(document: DocumentNode): DocumentScan {
  const found: UnsafeInput[] = [];
  // A variable passed straight to an argument is reported under that argument's name.
  const argumentOfVariable = new Map<string, string>();
  visit(document, {
    Field(node) {
      for (const arg of node.arguments ?? []) {
        if (arg.value.kind === Kind.VARIABLE) argumentOfVariable.set(arg.value.name.value, arg.name.value);
        else checkLiteral(arg.value, arg.name.value, `${node.name.value}.${arg.name.value}`, found);
      }
    },
    ObjectField(node) {
      if (node.value.kind === Kind.VARIABLE) argumentOfVariable.set(node.value.name.value, node.name.value);
    },
    Directive(node) {
      for (const arg of node.arguments ?? []) if (arg.value.kind !== Kind.VARIABLE) checkLiteral(arg.value, arg.name.value, `@${node.name.value}.${arg.name.value}`, found);
    },
    VariableDefinition(node) {
      if (node.defaultValue) checkLiteral(node.defaultValue, node.variable.name.value, `$${node.variable.name.value}`, found);
    },
  });
  return { literals: found, argumentOfVariable };
}

export function inputError(problems: UnsafeInput[]): GraphQLError {
  const first = problems[0];
  return new GraphQLError(`argument "${first.field}" (${first.path}) ${first.reason}`, {
    extensions: { code: 'BAD_USER_INPUT', field: first.field, path: first.path, problems, http: { status: 400 } },
  });
}

/** Refuses an operation whose input holds unsafe text, before it executes. */
export function inputGuardPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const problems = findUnsafeInput(document, request.variables);
          if (problems.length > 0) throw inputError(problems);
        },
      };
    },
  };
}

/**
 * Request limits for a public API, from maintained libraries (graphql-armor's validation
 * rules; graphql-js's own token limit), plus one rule of ours: a single login per operation,
 * so aliases cannot multiply password guesses.
 */
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';

export const LIMITS = {
  depth: 12,
  aliases: 20,
  directives: 20,
  tokens: 3000,
  cost: 5000,
  bodyBytes: '1mb',
  pageSize: 100,
} as const;

/** Told of every refusal by a limit (which one, and the error the client gets), for the operators' log. */
export type OnRefusal = (limit: string, error: GraphQLError) => void;

const singleLoginRule =
  (onRefusal?: OnRefusal): ValidationRule =>
  (context: ValidationContext) => {
    let logins = 0;
    return {
      Field(node) {
        if (node.name.value === 'login' && context.getParentType()?.name === 'Mutation' && ++logins > 1) {
          const error = new GraphQLError('Syntax Error: only one login per request', { nodes: [node], extensions: { limit: 'login' } });
          context.reportError(error);
          onRefusal?.('login', error);
        }
      },
    };
  };

/**
 * The rules, each refusal reported as a validation error (400 with all problems) instead of
 * thrown out of validation (500), and handed to `onRefusal` through armor's own `onReject` hook.
 */
export function validationRules(onRefusal?: OnRefusal): ValidationRule[] {
  const report = {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => context?.reportError(error),
      (_context: ValidationContext | null, error: GraphQLError) => onRefusal?.(limitOf(error.message) ?? 'unknown', error),
    ],
  };
  return [
    maxDepthRule({ n: LIMITS.depth, ignoreIntrospection: true, ...report }),
    maxAliasesRule({ n: LIMITS.aliases, ...report }),
    maxDirectivesRule({ n: LIMITS.directives, ...report }),
    costLimitRule({ maxCost: LIMITS.cost, ignoreIntrospection: true, ...report }),
    singleLoginRule(onRefusal),
  ] as ValidationRule[];
}

const LIMIT_MESSAGES: [RegExp, string][] = [
  [/depth limit/i, 'depth'],
  [/aliases limit/i, 'aliases'],
  [/directives limit/i, 'directives'],
  [/cost limit/i, 'cost'],
  [/more tha[nt] \d+ tokens/i, 'tokens'], // graphql-js spells it "more that"
  [/only one login/i, 'login'],
];

/** Which limit an error message reports, so clients get a stable `extensions.limit`. */
export function limitOf(message: string): string | null {
  return LIMIT_MESSAGES.find(([re]) => re.test(message))?.[1] ?? null;
}

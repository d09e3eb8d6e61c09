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

const singleLoginRule: ValidationRule = (context: ValidationContext) => {
  let logins = 0;
  return {
    Field(node) {
      if (node.name.value === 'login' && context.getParentType()?.name === 'Mutation' && ++logins > 1) {
        context.reportError(new GraphQLError('Syntax Error: only one login per request', { nodes: [node], extensions: { limit: 'login' } }));
      }
    },
  };
};

// Report as validation errors (400 with all problems) instead of throwing out of validation (500).
const report = {
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
};

export function validationRules(): ValidationRule[] {
  return [
    maxDepthRule({ n: LIMITS.depth, ignoreIntrospection: true, ...report }),
    maxAliasesRule({ n: LIMITS.aliases, ...report }),
    maxDirectivesRule({ n: LIMITS.directives, ...report }),
    costLimitRule({ maxCost: LIMITS.cost, ignoreIntrospection: true, ...report }),
    singleLoginRule,
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

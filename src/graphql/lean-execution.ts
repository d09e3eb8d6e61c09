/**
 * Executing known anonymous queries without Apollo's request pipeline (issue 11, fast public reads).
 *
 * A document is "known" once Apollo has parsed and validated it (its armor limits, depth, cost,
 * tokens… are rules over the document alone, so they hold for every later request of the same
 * text): the `learn` plugin remembers the parsed document of every anonymous query operation that
 * reached execution, by its text. Trusted documents are learnt the same way, on their first request. A repeated request of a known
 * document then costs only what depends on the request: the input guard over its variables,
 * variable coercion (graphql-js's), a light context and the execution itself, by graphql-jit (the
 * operation compiled once; its answers are the same bytes, and an answer with errors is Apollo's).
 *
 * Anything unusual is not handled here and goes to Apollo unchanged: a document not yet learnt,
 * an operation that is not a query, unsafe input, and any result with errors (queries have no side
 * effects, so Apollo simply runs it again and answers with its own error shapes and statuses).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { compileQuery, type CompiledQuery, isCompiledQuery } from 'graphql-jit';
import { runWithSqlScope } from '../db-kit/sql-counter';
import type { Logger } from '../logger';
import type { RequestContext, RequestContexts } from './context';
import { findUnsafeInput } from './input-guard';
import { ANONYMOUS } from './viewer';

/** A learnt document with the operation a given operationName selects. */
export interface KnownOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  operationName: string | null;
  /** graphql-jit's compiled form of the operation (compiled on its first fast request) */
  compiled: () => CompiledQuery;
}

export interface LeanOutcome {
  /** The response body exactly as Apollo writes it (JSON and a newline) */
  body: string;
  /** The `data` member as JSON (what the response cache stores) */
  data: string;
  statements: number;
}

export interface LeanExecutor {
  /** Apollo plugin: remembers every validated anonymous query document it executes. */
  learn: ApolloServerPlugin<RequestContext>;
  /** The known operation of a request's text and operationName; null = Apollo answers it. */
  lookup(query: string, operationName: string | null): KnownOperation | null;
  /** Runs it for an anonymous reader; null = not answered here (unsafe input, or errors: Apollo answers). */
  run(known: KnownOperation, variables: Record<string, unknown> | undefined, address: string): Promise<LeanOutcome | null>;
  /** How many requests were answered here (tests prove the path was taken). */
  answered(): number;
}

export interface LeanExecutorOptions {
  schema: GraphQLSchema;
  /** The app's context builders (src/app/context.ts, handed over by server.ts) */
  contexts: RequestContexts;
  logger: Pick<Logger, 'info' | 'warn'>;
  exposeSqlCount: boolean;
  /** At most this many documents are remembered (the map starts over when full). */
  maxDocuments?: number;
}

interface Learnt {
  document: DocumentNode;
  /** by operationName ('' = none given) */
  operations: Map<string, { operation: OperationDefinitionNode; compiled?: CompiledQuery }>;
}

export function createLeanExecutor({ schema, contexts, logger, exposeSqlCount, maxDocuments = 500 }: LeanExecutorOptions): LeanExecutor {
  const byText = new Map<string, Learnt>();
  let answered = 0;

  const remember = (text: string, document: DocumentNode, operationName: string | null, operation: OperationDefinitionNode) => {
    let learnt = byText.get(text);
    if (!learnt || learnt.document !== document) {
      if (byText.size >= maxDocuments) {
        byText.clear();
      }
      learnt = { document, operations: new Map() };
      byText.set(text, learnt);
    }
    if (learnt.operations.get(operationName ?? '')?.operation !== operation) learnt.operations.set(operationName ?? '', { operation });
  };

  const learn: ApolloServerPlugin<RequestContext> = {
    async requestDidStart({ contextValue }) {
      if (contextValue.viewer.kind !== 'anonymous') return;
      return {
        // Reached only after parsing and validation succeeded, and after the input guard (an earlier plugin) passed.
        async executionDidStart({ request, document, operation }) {
          if (operation.operation !== 'query' || typeof request.query !== 'string') return;
          remember(request.query, document, request.operationName ?? null, operation);
        },
      };
    },
  };

  // By text only: a hash-only (APQ) request is Apollo's, whose persisted-query store decides whether the hash is known.
  const lookup = (query: string, operationName: string | null): KnownOperation | null => {
    const learnt = byText.get(query);
    if (!learnt) return null;
    const entry = learnt.operations.get(operationName ?? '');
    if (!entry) return null;
    const compiled = () => {
      if (!entry.compiled) {
        const result = compileQuery(schema, learnt.document, operationName ?? undefined);
        // The document passed validation, so it compiles; were it not to, the request goes to Apollo.
        if (!isCompiledQuery(result)) throw new Error(`graphql-jit could not compile ${entry.operation.name?.value ?? 'an operation'}`);
        entry.compiled = result;
      }
      return entry.compiled;
    };
    return { document: learnt.document, operation: entry.operation, operationName, compiled };
  };

  const run = async (known: KnownOperation, variables: Record<string, unknown> | undefined, address: string): Promise<LeanOutcome | null> => {
    if (findUnsafeInput(known.document, variables).length > 0) return null;
    const started = process.hrtime.bigint();
    const scope = { statements: 0 };
    const contextValue = contexts.create(ANONYMOUS, { address, token: null });
    // Variables are checked by graphql-js's own coercion (the rules Apollo applies); graphql-jit then runs the
    // compiled operation (issue 11: ~0.18 ms less than graphql-js's execute on the front page, same bytes).
    if ('errors' in getVariableValues(schema, known.operation.variableDefinitions ?? [], variables ?? {})) return null;
    const compiled = known.compiled();
    const result: ExecutionResult = await runWithSqlScope(scope, async () => compiled.query(undefined, contextValue, variables ?? {}));
    if (result.errors?.length || !result.data) return null;
    const data = JSON.stringify(result.data);
    const extensions = exposeSqlCount ? `,"extensions":{"sqlStatements":${scope.statements}}` : '';
    // The same log line as operationReporting (src/graphql/plugins.ts) writes for Apollo's requests.
    const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    logger.info(
      { operation: known.operation.name?.value ?? null, durationMs: Math.round(durationMs * 100) / 100, sqlStatements: scope.statements, errorCode: null },
      'graphql operation',
    );
    answered++;
    return { body: `{"data":${data}${extensions}}\n`, data, statements: scope.statements };
  };

  return { learn, lookup, run, answered: () => answered };
}

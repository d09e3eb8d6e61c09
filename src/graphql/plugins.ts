import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import { currentSqlScope } from '../db-kit/sql-counter';
import type { RequestContext } from './context';

/**
 * One structured log line per operation (name, duration, SQL statements, first error code),
 * and, with REFORMDESK_DEBUG=1, `extensions.sqlStatements` on every response.
 */
export function operationReporting(logger: Logger, exposeSqlCount: boolean): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      const baseline = currentSqlScope()?.statements ?? 0;
      return {
        async willSendResponse({ response, operationName, errors }) {
          const statements = (currentSqlScope()?.statements ?? 0) - baseline;
          const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
          const body = response.body;
          const resultErrors = body.kind === 'single' ? body.singleResult.errors : undefined;
          const errorCode = (errors?.[0]?.extensions?.code ?? resultErrors?.[0]?.extensions?.code) as string | undefined;
          logger.info(
            { operation: operationName ?? null, durationMs: Math.round(durationMs * 100) / 100, sqlStatements: statements, errorCode: errorCode ?? null },
            'graphql operation',
          );
          if (exposeSqlCount && body.kind === 'single') {
            body.singleResult.extensions = { ...body.singleResult.extensions, sqlStatements: statements };
          }
        },
      };
    },
  };
}

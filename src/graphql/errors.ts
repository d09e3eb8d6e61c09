/**
 * The GraphQL adapter of the core's domain errors (src/core/errors.ts): services throw those,
 * this formatter turns them into stable extensions.code. The classes are re-exported so
 * GraphQL-layer code can keep importing them from here.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError } from '../core/errors';
import { limitOf } from './limits';

export {
  BadInputError,
  ConflictError,
  DomainError,
  ForbiddenError,
  HTTP_STATUS,
  httpStatusOf,
  NotFoundError,
  PasswordChangeRequiredError,
  UnauthenticatedError,
} from '../core/errors';
export type { ErrorCode } from '../core/errors';

export interface ErrorFormatting {
  production: boolean;
  /** Told about every internal error before it is masked, so operators still see it. */
  onInternalError?: (error: unknown) => void;
}

/**
 * Domain errors keep their code and details. Anything else that is not a GraphQL error is an
 * internal failure (SQL, a bug, a library's TypeError): clients get "Internal server error"
 * and the code only, in every environment, because the message can carry SQL or internals.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, options: ErrorFormatting): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) {
    return {
      message: original.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: original.code, ...original.details },
    };
  }
  if (!(original instanceof GraphQLError) || formatted.extensions?.code === 'INTERNAL_SERVER_ERROR') {
    options.onInternalError?.(original);
    return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  const limit = limitOf(formatted.message);
  if (limit) formatted = { ...formatted, extensions: { ...formatted.extensions, limit } };
  // Field suggestions ("Did you mean …?") map the private schema: hidden in production.
  if (options.production && /Did you mean/.test(formatted.message)) {
    formatted = { ...formatted, message: formatted.message.replace(/ ?Did you mean .*\?$/, '') };
  }
  return formatted;
}

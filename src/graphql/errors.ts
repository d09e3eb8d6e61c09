/**
 * Domain errors thrown by services, mapped to GraphQL errors with stable extensions.code.
 * Services never import GraphQL: they throw these, the formatter turns them into codes.
 */
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { limitOf } from './limits';

export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'RATE_LIMITED'
  | 'PASSWORD_CHANGE_REQUIRED'
  | 'INTERNAL_SERVER_ERROR';

export class DomainError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, key: string) {
    super('NOT_FOUND', `${what} "${key}" was not found`, { what, key });
  }
}

export class BadInputError extends DomainError {
  constructor(field: string, message: string, details: Record<string, unknown> = {}) {
    super('BAD_USER_INPUT', message, { field, ...details });
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('CONFLICT', message, details);
  }
}

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

export class ForbiddenError extends DomainError {
  constructor(message = 'you are not allowed to do this') {
    super('FORBIDDEN', message);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'sign in first') {
    super('UNAUTHENTICATED', message);
  }
}

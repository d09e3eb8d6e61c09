/**
 * Domain errors: what services throw when a request cannot be served. They carry a stable
 * `code`, the HTTP status a transport should answer with, and the input field at fault.
 * No transport here: src/graphql/errors.ts maps them to GraphQL errors, the HTTP routes to
 * status codes (see `httpStatusOf`).
 */
export type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'RATE_LIMITED' | 'PASSWORD_CHANGE_REQUIRED' | 'INTERNAL_SERVER_ERROR';

/** One table, so GraphQL extensions and HTTP routes answer the same status for the same code. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  RATE_LIMITED: 429,
  PASSWORD_CHANGE_REQUIRED: 403,
  INTERNAL_SERVER_ERROR: 500,
};

export class DomainError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }

  /** The input field at fault, when the error is about one. */
  get field(): string | undefined {
    return typeof this.details.field === 'string' ? this.details.field : undefined;
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

export class ForbiddenError extends DomainError {
  constructor(message = 'you are not allowed to do this', details: Record<string, unknown> = {}) {
    super('FORBIDDEN', message, details);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'sign in first', details: Record<string, unknown> = {}) {
    super('UNAUTHENTICATED', message, details);
  }
}

export class PasswordChangeRequiredError extends DomainError {
  constructor(message = 'change the one-time password first (mutation changePassword)') {
    super('PASSWORD_CHANGE_REQUIRED', message);
  }
}

/** The HTTP status for any thrown value: a domain error's own, 500 for everything else. */
export function httpStatusOf(error: unknown): number {
  return error instanceof DomainError ? error.httpStatus : 500;
}

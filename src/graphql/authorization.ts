/**
 * The GraphQL side of the per-feature policies: `allowedBy(policy)` gives a feature the
 * `@Allowed(operation)` decorator its root fields (and guarded type fields) wear, which turns the
 * declared access into type-graphql's `@Authorized` so the auth checker
 * (src/accounts/auth-checker.ts) asks the core policy at execution time, whatever the shape of
 * the request (aliases, fragments, @include/@skip). Each feature passes its own `*.policy.ts`
 * table, so this infrastructure knows no feature; the table of every operation is assembled in
 * src/app/operations.ts.
 */
import { Authorized } from 'type-graphql';
import { Role } from '../core/roles';
import type { Access, OperationPolicy } from '../core/policy';

/** The decorator for one feature's operations: `const Allowed = allowedBy(NEWSROOM_OPERATIONS)`. */
export function allowedBy<P extends OperationPolicy>(policy: P): (operation: keyof P & string) => MethodDecorator & PropertyDecorator {
  return (operation) => {
    const access: Access = policy[operation];
    if (access === 'PUBLIC') return () => undefined;
    if (access === 'SIGNED_IN') return Authorized();
    // An empty role list means ADMIN only (ADMIN holds every role).
    return Authorized(access.length ? [...access] : [Role.ADMIN]);
  };
}

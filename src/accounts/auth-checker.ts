/**
 * The edge of authorization: `@Authorized()` needs a signed-in account, `@Authorized([roles])`
 * one of those roles (ADMIN passes everywhere). Row-level rules stay in the services.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { FieldNode, GraphQLError, Kind } from 'graphql';
import type { AuthChecker } from 'type-graphql';
import { ForbiddenError, UnauthenticatedError } from '../graphql/errors';
import type { RequestContext } from '../graphql/context';
import { hasRole, isStaff } from '../graphql/viewer';
import type { Role } from './roles';

export const authChecker: AuthChecker<RequestContext, Role> = ({ context }, roles) => {
  const viewer = context.viewer;
  if (!isStaff(viewer)) throw new UnauthenticatedError('sign in first: this needs a staff account');
  if (roles.length === 0 || hasRole(viewer, ...roles)) return true;
  throw new ForbiddenError(`this needs one of the roles ${roles.join(', ')}`);
};

/** Mutations that stay possible while a password change is pending. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['changePassword', 'logout', 'login']);

/**
 * Applies to every mutation, decorated or not, once per operation (not per field): READ-scoped
 * API tokens cannot write, and an account with a one-time password must change it first.
 */
export function writeGuardPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          const viewer = contextValue.viewer;
          if (operation?.operation !== 'mutation' || !isStaff(viewer)) return;
          if (!viewer.writable) throw new GraphQLError('this API token is read-only (scope READ)', { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
          const fields = operation.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD).map((f) => f.name.value);
          if (viewer.mustChangePassword && fields.some((f) => !ALLOWED_BEFORE_PASSWORD_CHANGE.has(f))) {
            throw new GraphQLError('change the one-time password first (mutation changePassword)', { extensions: { code: 'PASSWORD_CHANGE_REQUIRED', http: { status: 403 } } });
          }
        },
      };
    },
  };
}

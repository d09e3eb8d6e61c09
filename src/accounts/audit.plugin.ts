/**
 * Writes one audit entry per root mutation field after the operation ran: who, what, target,
 * when, outcome (OK or the error code). Logins are mutations, so they are audited too.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/postgresql';
import { FieldNode, getArgumentValues, Kind } from 'graphql';
import type { RequestContext } from '../graphql/context';
import { AuditService, redact, targetOf } from './audit.service';

export function auditPlugin(orm: MikroORM): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, contextValue, response, schema, request, errors }) {
          if (operation?.operation !== 'mutation') return;
          const mutationType = schema.getMutationType();
          if (!mutationType) return;
          const body = response.body.kind === 'single' ? response.body.singleResult : null;
          const allErrors = [...(body?.errors ?? []), ...(errors ?? [])];
          const viewer = contextValue.viewer;
          const at = contextValue.now();
          const entries = operation.selectionSet.selections
            .filter((s): s is FieldNode => s.kind === Kind.FIELD)
            .map((field) => {
              const responseKey = field.alias?.value ?? field.name.value;
              const def = mutationType.getFields()[field.name.value];
              let args: Record<string, unknown> = {};
              try {
                args = def ? getArgumentValues(def, field, request.variables ?? {}) : {};
              } catch {
                args = {};
              }
              const error = allErrors.find((e) => e.path?.[0] === responseKey) ?? (body?.data ? undefined : allErrors[0]);
              const loginUser = field.name.value === 'login' && !error ? (body?.data?.[responseKey] as { user?: { id?: string } } | undefined)?.user : undefined;
              return {
                at,
                actorId: viewer.kind === 'staff' ? viewer.userId : loginUser?.id ? Number(loginUser.id) : null,
                actorLabel: viewer.kind === 'staff' ? `${viewer.email ?? viewer.name}${viewer.via === 'token' ? ` (token ${viewer.tokenId})` : ''}` : field.name.value === 'login' ? `login as ${String(args.email ?? '')}` : 'anonymous',
                action: field.name.value,
                target: targetOf(args),
                outcome: error ? String(error.extensions?.code ?? 'ERROR') : 'OK',
                address: contextValue.address,
                details: redact(args) as Record<string, unknown>,
              };
            });
          await new AuditService(orm.em.fork() as never).record(entries);
        },
      };
    },
  };
}

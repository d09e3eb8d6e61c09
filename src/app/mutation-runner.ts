/**
 * Every root mutation field runs through here, however the operation spells it: plain,
 * aliased, inside inline or named fragments, kept by @include/@skip. Rules decided from the
 * operation's text can be dodged by those shapes; rules applied where the field executes
 * cannot. For each executed root mutation field:
 *  1. the write policy (READ tokens, one-time passwords) is applied;
 *  2. the resolver runs in one database transaction together with its audit entry, so the
 *     write and its audit row commit together or not at all;
 *  3. a refusal or failure rolls the write back and is audited on its own.
 * Logins are the exception to 2: a failed login must keep its throttle counters, so login
 * manages its own writes and is audited right after.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { defaultFieldResolver, GraphQLError, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { AuditService, redact, targetOf } from '../accounts/audit.service';
import type { AuditEntry } from '../accounts/audit.entity';
import { assertMayRunMutation } from '../core/policy';
import type { RequestContext } from '../graphql/context';
import { DomainError } from '../graphql/errors';
import { createLoaders } from './loaders';
import { conflictEvent, eventForMutation } from '../live/mutation-events';
import { recordChange } from '../outbox/record';

/** Mutations that keep their own writes when they fail (see above). */
const OWN_WRITES = new Set(['login']);

const WRAPPED = Symbol('reformdesk.mutationRunner');

export function runMutationsThroughPolicy(schema: GraphQLSchema): GraphQLSchema {
  const mutationType = schema.getMutationType();
  if (!mutationType || (mutationType as unknown as Record<symbol, boolean>)[WRAPPED]) return schema;
  for (const field of Object.values(mutationType.getFields())) {
    field.resolve = runMutation(field.name, field.resolve ?? defaultFieldResolver);
  }
  (mutationType as unknown as Record<symbol, boolean>)[WRAPPED] = true;
  return schema;
}

function runMutation(name: string, resolve: GraphQLFieldResolver<unknown, RequestContext>): GraphQLFieldResolver<unknown, RequestContext> {
  return async (source, args: Record<string, unknown>, ctx, info) => {
    const audit = (outcome: string, result?: unknown) => auditEntry(ctx, name, args, outcome, result);
    const requestEm = ctx.em;
    try {
      assertMayRunMutation(ctx.viewer, name);
      if (OWN_WRITES.has(name)) {
        const result = await resolve(source, args, ctx, info);
        await new AuditService(requestEm.fork() as EntityManager).record([audit('OK', result)]);
        return result;
      }
      return await requestEm.transactional(async (em) => {
        // Everything the resolver reaches through the context uses the transaction: with the
        // embedded database's single connection, a query outside it would wait forever.
        useEntityManager(ctx, em as EntityManager);
        const result = await resolve(source, args, ctx, info);
        await em.flush();
        await new AuditService(em as EntityManager).record([audit('OK', result)]);
        // Last, so the outbox lock (record.ts) is held only for the commit itself.
        const change = eventForMutation(name, args, result, actorOf(ctx));
        if (change) await recordChange(em as EntityManager, change);
        return result;
      });
    } catch (error) {
      await new AuditService(requestEm.fork() as EntityManager).record([audit(codeOf(error))]);
      const conflict = codeOf(error) === 'CONFLICT' ? conflictEvent(name, args) : null;
      if (conflict) await (requestEm.fork() as EntityManager).transactional((em) => recordChange(em as EntityManager, conflict));
      throw error;
    } finally {
      // Loaders cached during the write may hold values from before it: start afresh.
      useEntityManager(ctx, requestEm);
    }
  };
}

function actorOf(ctx: RequestContext): { userId: number | null; organisationId: number | null } {
  return ctx.viewer.kind === 'staff' ? { userId: ctx.viewer.userId, organisationId: ctx.viewer.organisationId } : { userId: null, organisationId: null };
}

function useEntityManager(ctx: RequestContext, em: EntityManager): void {
  ctx.em = em;
  ctx.loaders = createLoaders(em, ctx.viewer);
}

function codeOf(error: unknown): string {
  if (error instanceof DomainError) return error.code;
  if (error instanceof GraphQLError && typeof error.extensions?.code === 'string') return error.extensions.code;
  return 'INTERNAL_SERVER_ERROR';
}

function auditEntry(ctx: RequestContext, action: string, args: Record<string, unknown>, outcome: string, result?: unknown): Omit<AuditEntry, 'id'> {
  const viewer = ctx.viewer;
  const signedIn = action === 'login' && outcome === 'OK' ? (result as { user?: { id?: number } } | undefined)?.user : undefined;
  let actorLabel = 'anonymous';
  if (viewer.kind === 'staff') actorLabel = `${viewer.email ?? viewer.name}${viewer.via === 'token' ? ` (token ${viewer.tokenId})` : ''}`;
  else if (action === 'login') actorLabel = `login as ${String(args.email ?? '')}`;
  return {
    at: ctx.now(),
    actorId: viewer.kind === 'staff' ? viewer.userId : signedIn?.id ? Number(signedIn.id) : null,
    actorLabel: actorLabel.slice(0, 300),
    action,
    target: targetOf(args),
    outcome,
    address: ctx.address,
    details: redact(args) as Record<string, unknown>,
  };
}

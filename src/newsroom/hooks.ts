/**
 * Extension points for features built on top of the newsroom (article bodies), so the
 * newsroom never imports them: body validators run on every save and before publishing;
 * went-live hooks run in the transaction that makes an article (or its new version) public.
 *
 * No registry: the hooks are a value handed to every service that saves or publishes, where
 * the app is assembled (src/main.ts, src/server.ts, the content importer). A caller cannot
 * forget them (the parameter is required); skipping them is the explicit NO_NEWSROOM_HOOKS.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FieldProblem } from './article.content';

export type BodyValidator = (em: EntityManager, body: string) => Promise<{ line: number; message: string }[]>;
export type WentLiveHook = (em: EntityManager, articleIds: number[], now: Date) => Promise<void>;

export interface NewsroomHooks {
  readonly bodyValidators: readonly BodyValidator[];
  readonly wentLive: readonly WentLiveHook[];
}

/** The newsroom alone: bodies are not checked against ranking data and no snapshots are taken. */
export const NO_NEWSROOM_HOOKS: NewsroomHooks = Object.freeze({ bodyValidators: [], wentLive: [] });

export async function bodyProblems(hooks: NewsroomHooks, em: EntityManager, body: string): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  for (const validate of hooks.bodyValidators) {
    for (const p of await validate(em, body)) problems.push({ field: 'body', message: `line ${p.line}: ${p.message}` });
  }
  return problems;
}

export async function articlesWentLive(hooks: NewsroomHooks, em: EntityManager, articleIds: number[], now: Date): Promise<void> {
  if (articleIds.length === 0) return;
  for (const hook of hooks.wentLive) await hook(em, articleIds, now);
}

declare module '../graphql/context' {
  interface RequestContext {
    /** Body validation and went-live work, handed over where the app is assembled (src/newsroom/hooks.ts). */
    newsroom: NewsroomHooks;
  }
}

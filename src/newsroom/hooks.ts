/**
 * Extension points for features built on top of the newsroom (article bodies), so the
 * newsroom never imports them: body validators run on every save and before publishing;
 * went-live hooks run in the transaction that makes an article (or its new version) public.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FieldProblem } from './article.content';

export type BodyValidator = (em: EntityManager, body: string) => Promise<{ line: number; message: string }[]>;
export type WentLiveHook = (em: EntityManager, articleIds: number[], now: Date) => Promise<void>;

const validators: BodyValidator[] = [];
const wentLive: WentLiveHook[] = [];

export function registerBodyValidator(validator: BodyValidator): void {
  if (!validators.includes(validator)) validators.push(validator);
}

export function registerWentLiveHook(hook: WentLiveHook): void {
  if (!wentLive.includes(hook)) wentLive.push(hook);
}

export async function bodyProblems(em: EntityManager, body: string): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  for (const validate of validators) {
    for (const p of await validate(em, body)) problems.push({ field: 'body', message: `line ${p.line}: ${p.message}` });
  }
  return problems;
}

export async function articlesWentLive(em: EntityManager, articleIds: number[], now: Date): Promise<void> {
  if (articleIds.length === 0) return;
  for (const hook of wentLive) await hook(em, articleIds, now);
}

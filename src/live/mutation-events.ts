/**
 * Events for writes whose services do not record their own: the mutation runner records
 * these in the mutation's transaction, from the mutation's name and what it returned.
 * (Articles and ranking data record richer events in their services.)
 */
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access --
   a mutation returns whatever its resolver returns; these readers probe it defensively (typeof checks below). */
import type { NewChange } from '../outbox/record';

type Returned = Record<string, any> | null | undefined;
type Describe = (args: Record<string, unknown>, result: Returned, actor: { userId: number | null; organisationId: number | null }) => NewChange | null;

/** The organisation that owns an outreach object: a campaign's, an item's campaign's, a feed's. */
function organisationOf(result: Returned, fallback: number | null): number | null {
  const org = result?.organisation ?? result?.campaign?.organisation;
  const id = org && typeof org === 'object' ? org.id : org;
  return typeof id === 'number' ? id : fallback;
}

const outreach: Describe = (_args, result, actor) => ({
  type: 'outreach.changed',
  keys: [result?.id != null ? `outreach:${result.id}` : 'outreach'],
  organisationId: organisationOf(result, actor.organisationId),
  payload: { id: result?.id ?? null },
});

const revoked: Describe = (args, _result, actor) => ({
  type: 'access.revoked',
  keys: [`user:${String(args.id ?? args.userId ?? actor.userId ?? 'unknown')}`],
});

const MUTATION_EVENTS: Record<string, Describe> = {
  updateImage: (args) => ({ type: 'image.changed', keys: [`image:${String(args.id)}`], payload: { id: args.id } }),
  createOutreachCampaign: outreach,
  updateOutreachCampaign: outreach,
  createOutreachItem: outreach,
  updateOutreachItem: outreach,
  setOutreachItemStatus: outreach,
  editOutreachOccurrence: outreach,
  removeOutreachOccurrence: outreach,
  restoreOutreachOccurrence: outreach,
  splitOutreachSeries: outreach,
  logout: revoked,
  revokeMySessions: revoked,
  changePassword: revoked,
  setUserRoles: revoked,
  setUserDisabled: revoked,
  revokeApiToken: revoked,
};

export function eventForMutation(name: string, args: Record<string, unknown>, result: unknown, actor: { userId: number | null; organisationId: number | null }): NewChange | null {
  return MUTATION_EVENTS[name]?.(args, result as Returned, actor) ?? null;
}

/** Article mutations that carry the `version` the editor saw: a CONFLICT means someone saved since. */
const ARTICLE_SAVES = new Set(['updateArticle', 'transitionArticle', 'publishPendingRevision', 'discardPendingRevision', 'restoreArticleRevision']);

/**
 * A conflicting save of an article is newsroom news (two editors on one story), although the
 * write itself rolled back: the mutation runner records this event on its own, after the rollback.
 */
export function conflictEvent(name: string, args: Record<string, unknown>): NewChange | null {
  if (!ARTICLE_SAVES.has(name)) return null;
  const articleId = Number(args.id);
  if (!Number.isSafeInteger(articleId)) return null;
  const version = typeof args.version === 'number' ? args.version : null;
  return { type: 'article.conflict', keys: [`article:${articleId}`], payload: { articleId, mutation: name, version } };
}

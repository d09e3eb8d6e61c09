/**
 * The editorial workflow: which state changes are allowed, and what "live" means at a given
 * time. Visibility is decided by time when asked, so a scheduled article needs no job to go live.
 */
import { ArticleState } from './article.entity';

const { DRAFT, IN_REVIEW, SCHEDULED, PUBLISHED, ARCHIVED } = ArticleState;

/**
 * Allowed moves between *effective* states (a SCHEDULED article whose time has passed counts
 * as PUBLISHED). Back to DRAFT where a newsroom would: a reviewer returns a piece, an editor
 * unschedules or takes a live piece down for rework, an archived piece is reopened.
 */
export const TRANSITIONS: Record<ArticleState, ArticleState[]> = {
  [DRAFT]: [IN_REVIEW],
  [IN_REVIEW]: [DRAFT, SCHEDULED, PUBLISHED],
  [SCHEDULED]: [DRAFT, IN_REVIEW, PUBLISHED],
  [PUBLISHED]: [DRAFT, ARCHIVED],
  [ARCHIVED]: [DRAFT, PUBLISHED],
};

export function canTransition(from: ArticleState, to: ArticleState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function effectiveState(state: ArticleState, publishAt: Date | null | undefined, now: Date): ArticleState {
  return state === SCHEDULED && publishAt && publishAt.getTime() <= now.getTime() ? PUBLISHED : state;
}

/** Live = anonymous readers see it. */
export function isLive(state: ArticleState, publishAt: Date | null | undefined, now: Date): boolean {
  return (state === PUBLISHED || state === SCHEDULED) && !!publishAt && publishAt.getTime() <= now.getTime();
}

/** The same rule in SQL, for listings (alias `a`, bound parameter: now). */
export const LIVE_SQL = `(a.state in ('PUBLISHED', 'SCHEDULED') and a.publish_at <= ?)`;
export const EFFECTIVE_STATE_SQL = `(case when a.state = 'SCHEDULED' and a.publish_at <= ? then 'PUBLISHED' else a.state end)`;

/** When an article went live: only once it was published (scheduled, archived alike) and its time has come. */
export function publishedAtOf(state: ArticleState, publishAt: Date | null | undefined, now: Date): Date | null {
  const wasPublished = state === PUBLISHED || state === SCHEDULED || state === ARCHIVED;
  return wasPublished && publishAt && publishAt.getTime() <= now.getTime() ? publishAt : null;
}

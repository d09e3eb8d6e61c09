/**
 * Who hears which change: the rules of the subscriptions, kept apart from GraphQL so they can
 * be read (and tested) in one place.
 */
import { Role } from '../core/roles';
import { hasRole, isStaff, type Viewer } from '../graphql/viewer';
import type { ChangeEvent, ChangeEventType } from '../outbox/change-event';

const RANKING_TYPES: ChangeEventType[] = ['score.corrected', 'scores.imported', 'edition.published'];
const ARTICLE_TYPES: ChangeEventType[] = ['article.saved', 'article.transitioned', 'article.published', 'article.scheduled', 'article.revisionPublished'];
/** What the newsroom hears: not every save, but the steps of the workflow. */
const NEWSROOM_TYPES: ChangeEventType[] = ['article.transitioned', 'article.published', 'article.scheduled', 'article.revisionPublished', 'article.conflict', 'claim.stale'];

/** A public ranking table the event changed: the index, and the year or "latest published". */
export function changesRankingTable(event: ChangeEvent, index: string, year: number | null | undefined): boolean {
  if (!RANKING_TYPES.includes(event.type) || event.payload.public !== true || event.payload.index !== index) return false;
  return year == null || event.payload.year === year;
}

/** An article event about this slug (live articles name their slug; a draft's event names none). */
export function changesArticle(event: ChangeEvent, slug: string, articleId: number | null): boolean {
  if (!ARTICLE_TYPES.includes(event.type)) return false;
  return event.payload.slug === slug || (articleId !== null && event.payload.articleId === articleId);
}

/** Staff events this viewer may see: newsroom work for the newsroom, data for data managers, a plan only for its organisation. */
export function staffMaySee(viewer: Viewer, event: ChangeEvent): boolean {
  if (!isStaff(viewer)) return false;
  if (event.type === 'outreach.changed') {
    if (viewer.roles.includes(Role.ADMIN)) return true;
    return viewer.roles.includes(Role.OUTREACH_PLANNER) && event.organisationId !== null && event.organisationId === viewer.organisationId;
  }
  if (event.organisationId !== null && !viewer.roles.includes(Role.ADMIN) && event.organisationId !== viewer.organisationId) return false;
  if (NEWSROOM_TYPES.includes(event.type)) return hasRole(viewer, Role.EDITOR, Role.REPORTER);
  if (RANKING_TYPES.includes(event.type)) return hasRole(viewer, Role.DATA_MANAGER);
  return false;
}

/** Roles that may open newsroomEvents at all: declared in the live policy. */
export { STAFF_EVENT_ROLES } from './live.policy';

/**
 * Who may do what in the newsroom. Reading live articles is public; EDITOR and REPORTER work on
 * articles (create, edit, move through the workflow, share previews); only EDITOR publishes
 * pending changes or discards them, and only EDITOR publishes, schedules or archives (the
 * `editorOnly` row rule, decided by the workflow service per transition). Newsroom staff also see
 * what readers do not: drafts, scheduled and archived articles, revisions and pending changes.
 * ADMIN holds every role.
 */
import { type Actor, actorOf } from '../accounts/account-visibility';
import { Role } from '../core/roles';
import { requireRoles, type OperationPolicy } from '../core/policy';
import { hasRole, type Viewer } from '../core/viewer';

const { EDITOR, REPORTER } = Role;

/** Roles that work on articles (ADMIN passes everywhere). Other staff read like the public. */
export const NEWSROOM_ROLES: readonly Role[] = [EDITOR, REPORTER];

export const NEWSROOM_OPERATIONS = {
  'Query.article': 'PUBLIC',
  'Query.articleById': 'PUBLIC',
  'Query.articles': 'PUBLIC',
  'Query.topics': 'PUBLIC',
  'Query.topic': 'PUBLIC',
  'Query.tags': 'PUBLIC',
  'Query.compareArticleRevisions': [EDITOR, REPORTER],
  'Mutation.createArticle': [EDITOR, REPORTER],
  'Mutation.createPreviewLink': [EDITOR, REPORTER],
  'Mutation.updateArticle': [EDITOR, REPORTER],
  'Mutation.transitionArticle': [EDITOR, REPORTER],
  'Mutation.restoreArticleRevision': [EDITOR, REPORTER],
  'Mutation.publishPendingRevision': [EDITOR],
  'Mutation.discardPendingRevision': [EDITOR],
  'Article.revisions': [EDITOR, REPORTER],
} as const satisfies OperationPolicy;

/** Whether the viewer sees drafts, scheduled and archived articles, revisions and pending changes. */
export const seesUnpublished = (viewer: Viewer): boolean => hasRole(viewer, ...NEWSROOM_ROLES);

/**
 * Staff name of the viewer: anonymous → UNAUTHENTICATED; no newsroom role → FORBIDDEN;
 * `editorOnly` actions (publish, schedule, archive, publish pending changes) need EDITOR.
 */
export function staffName(viewer: Viewer, action: string, editorOnly = false): string {
  return staffActor(viewer, action, editorOnly).name;
}

/** The same check, answering the account a save is recorded as (its id and public name). */
export function staffActor(viewer: Viewer, action: string, editorOnly = false): Actor {
  return actorOf(requireRoles(viewer, editorOnly ? [EDITOR] : NEWSROOM_ROLES, 'newsroom staff', action));
}

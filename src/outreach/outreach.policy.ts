/**
 * Who may do what with outreach plans: OUTREACH_PLANNER accounts (and ADMIN) work on plans, only
 * ADMIN changes the channel list. Row rule: planners see and change their organisation's plans
 * only, admins all. Feeds (iCalendar URLs) are read by whoever holds their secret URL.
 */
import { Role } from '../core/roles';
import { ForbiddenError, UnauthenticatedError } from '../core/errors';
import type { OperationPolicy } from '../core/policy';
import { isStaff, type Viewer } from '../core/viewer';

const { OUTREACH_PLANNER } = Role;

export const OUTREACH_OPERATIONS = {
  'Query.outreachCampaigns': [OUTREACH_PLANNER],
  'Query.outreachCampaign': [OUTREACH_PLANNER],
  'Query.outreachItems': [OUTREACH_PLANNER],
  'Query.outreachItem': [OUTREACH_PLANNER],
  'Query.outreachChannels': [OUTREACH_PLANNER],
  'Query.outreachFeeds': [OUTREACH_PLANNER],
  'Query.outreachCalendar': [OUTREACH_PLANNER],
  'Query.outreachConflicts': [OUTREACH_PLANNER],
  'Query.outreachCoverage': [OUTREACH_PLANNER],
  'Query.outreachSuggestions': [OUTREACH_PLANNER],
  'Mutation.createOutreachCampaign': [OUTREACH_PLANNER],
  'Mutation.updateOutreachCampaign': [OUTREACH_PLANNER],
  'Mutation.createOutreachItem': [OUTREACH_PLANNER],
  'Mutation.updateOutreachItem': [OUTREACH_PLANNER],
  'Mutation.setOutreachItemStatus': [OUTREACH_PLANNER],
  'Mutation.editOutreachOccurrence': [OUTREACH_PLANNER],
  'Mutation.removeOutreachOccurrence': [OUTREACH_PLANNER],
  'Mutation.restoreOutreachOccurrence': [OUTREACH_PLANNER],
  'Mutation.splitOutreachSeries': [OUTREACH_PLANNER],
  'Mutation.createOutreachFeed': [OUTREACH_PLANNER],
  'Mutation.revokeOutreachFeed': [OUTREACH_PLANNER],
  'Mutation.saveOutreachChannel': [],
  // GET /outreach/feeds/<token>.ics: the secret token in the URL is the credential, read as anonymous.
  'HTTP.outreachFeed': 'PUBLIC',
} as const satisfies OperationPolicy;

/** The organisation id a viewer is limited to, or null for "every organisation" (admins). */
export function organisationScope(viewer: Viewer): number | null {
  if (!isStaff(viewer)) throw new UnauthenticatedError('sign in first: outreach plans are internal');
  if (viewer.roles.includes(Role.ADMIN)) return null;
  if (!viewer.roles.includes(Role.OUTREACH_PLANNER)) throw new ForbiddenError('this needs the role OUTREACH_PLANNER');
  if (viewer.organisationId === null) throw new ForbiddenError('your account belongs to no organisation, so it has no outreach plans');
  return viewer.organisationId;
}

/** Throws unless the viewer may see and change plans of this organisation. */
export function assertOrganisation(viewer: Viewer, organisationId: number): void {
  const scope = organisationScope(viewer);
  if (scope !== null && scope !== organisationId) throw new ForbiddenError('this plan belongs to another organisation');
}

/** Row-level rule of outreach plans: planners see and change their organisation's plans only, admins all. */
import { Role } from '../accounts/roles';
import { ForbiddenError, UnauthenticatedError } from '../graphql/errors';
import { isStaff, type Viewer } from '../graphql/viewer';

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
  if (scope !== null && scope !== organisationId) throw new ForbiddenError("this plan belongs to another organisation");
}

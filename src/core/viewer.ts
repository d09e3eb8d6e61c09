/**
 * Who is asking: an anonymous reader, or a signed-in account (session or API token) with its
 * roles. Transports resolve it once per request (GraphQL from `Authorization: Bearer …`, the
 * HTTP routes the same way); services and policies only read it.
 */
import { Role } from './roles';

export interface StaffViewer {
  kind: 'staff';
  name: string;
  userId: number | null;
  email: string | null;
  roles: Role[];
  organisationId: number | null;
  mustChangePassword: boolean;
  via: 'session' | 'token';
  sessionId?: number;
  tokenId?: number;
  /** false for READ-scoped API tokens: queries only */
  writable: boolean;
}

export type Viewer = { kind: 'anonymous' } | StaffViewer;

export const ANONYMOUS: Viewer = { kind: 'anonymous' };

export const isStaff = (viewer: Viewer): viewer is StaffViewer => viewer.kind === 'staff';

/** ADMIN holds every role. */
export function hasRole(viewer: Viewer, ...roles: Role[]): boolean {
  return isStaff(viewer) && (viewer.roles.includes(Role.ADMIN) || roles.some((r) => viewer.roles.includes(r)));
}

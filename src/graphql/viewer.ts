/**
 * Who is asking: an anonymous reader, or a signed-in account (session or API token) with
 * its roles. Resolved once per request from `Authorization: Bearer …`.
 */
import type { Request } from 'express';
import type { Role } from '../accounts/roles';

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

/** The bearer token of a request, if any. */
export function bearerToken(req: Pick<Request, 'headers'>): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : null;
}

export const isStaff = (viewer: Viewer): viewer is StaffViewer => viewer.kind === 'staff';

export function hasRole(viewer: Viewer, ...roles: Role[]): boolean {
  return isStaff(viewer) && (viewer.roles.includes('ADMIN' as Role) || roles.some((r) => viewer.roles.includes(r)));
}

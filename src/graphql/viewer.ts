/**
 * The viewer as the HTTP transport sees it: the core type (src/core/viewer.ts) plus reading the
 * bearer token off a request.
 */
import type { Request } from 'express';

export { ANONYMOUS, hasRole, isStaff } from '../core/viewer';
export type { StaffViewer, Viewer } from '../core/viewer';

/** The bearer token of a request, if any. */
export function bearerToken(req: Pick<Request, 'headers'>): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : null;
}

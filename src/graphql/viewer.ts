/**
 * Who is asking. Anonymous readers until accounts exist; staff identity comes from this one
 * replaceable function (a development-only header), refused in production.
 */
import type { Request } from 'express';

export type Viewer = { kind: 'anonymous' } | { kind: 'staff'; name: string };

export const ANONYMOUS: Viewer = { kind: 'anonymous' };
export const STAFF_HEADER = 'x-reformdesk-staff';

export function resolveViewer(req: Pick<Request, 'headers'>, devStaffHeader: boolean): Viewer {
  if (!devStaffHeader) return ANONYMOUS;
  const raw = req.headers[STAFF_HEADER];
  const name = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return name ? { kind: 'staff', name: name.normalize('NFC').slice(0, 100) } : ANONYMOUS;
}

export const isStaff = (viewer: Viewer): viewer is { kind: 'staff'; name: string } => viewer.kind === 'staff';

/** A short, stable string used in DataLoader cache keys so loads never cross viewers. */
export const viewerScope = (viewer: Viewer): string => (viewer.kind === 'staff' ? 'staff' : 'public');

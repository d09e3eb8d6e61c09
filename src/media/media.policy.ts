/**
 * Who may do what with pictures: anyone reads one image (it is on public pages), any account
 * browses the media library, EDITOR and REPORTER (and ADMIN) upload and edit pictures, over
 * GraphQL (`updateImage`) and over HTTP (`POST /media/images`) alike.
 */
import { Role } from '../core/roles';
import { assertMayRunMutation, requireRoles, type OperationPolicy } from '../core/policy';
import type { Viewer } from '../core/viewer';

/** Roles that upload and edit pictures (ADMIN passes everywhere). */
export const MEDIA_ROLES: readonly Role[] = [Role.EDITOR, Role.REPORTER];

export const MEDIA_OPERATIONS = {
  'Query.image': 'PUBLIC',
  'Query.images': 'SIGNED_IN',
  'Mutation.updateImage': MEDIA_ROLES,
  'HTTP.uploadImage': MEDIA_ROLES,
} as const satisfies OperationPolicy;

/**
 * Uploads and edits: a media role, a writable credential and no pending password change (the
 * same write rule the mutation runner applies to every mutation, for the HTTP upload too).
 */
export function assertMediaWriter(viewer: Viewer): void {
  requireRoles(viewer, MEDIA_ROLES, 'staff', 'upload and edit pictures');
  assertMayRunMutation(viewer, 'uploadImage');
}

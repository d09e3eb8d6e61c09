/**
 * The one field-visibility rule for accounts. A field that shows who did something (a score's
 * `changedBy`, a revision's `savedBy`, an article's `lastSavedBy`, an image's `uploadedBy`, a
 * user's `email`) shows the account's public display name to whoever may read the row; the email
 * goes only to the account itself and to admins, in every environment.
 *
 * Rows keep the acting account's id next to its display name at the time, so the email is looked
 * up (batched, per request) only for a viewer allowed to see it; the importer and the scheduler
 * act without an account (id null) and never have an email.
 */
import { isStaff, type Viewer } from '../core/viewer';
import type { AccountLoaders } from './accounts.loaders';
import { maySeeEmail } from './accounts.policy';

// The rule itself is declared with the rest of the accounts policy.
export { maySeeEmail };

/** Who a write is recorded as: the account (null for the importer or the scheduler) and its public name. */
export interface Actor {
  userId: number | null;
  name: string;
}

/** The signed-in account behind a viewer as a recorded actor. */
export const actorOf = (viewer: Viewer & { kind: 'staff' }): Actor => ({ userId: viewer.userId, name: viewer.name });

/** What the email rule needs of a request: who asks, who signed in during it, the email loader. A GraphQL request context satisfies it as it is. */
export interface EmailScope {
  viewer: Viewer;
  signedInUserId?: number;
  loaders: Pick<AccountLoaders, 'userEmailById'>;
}

/** The email of the account behind a row, for a viewer allowed to see it; null for everyone else. */
export async function visibleEmail(ctx: EmailScope, accountId: number | null | undefined): Promise<string | null> {
  if (!maySeeEmail(ctx.viewer, accountId, ctx.signedInUserId)) return null;
  if (isStaff(ctx.viewer) && ctx.viewer.userId === accountId && ctx.viewer.email) return ctx.viewer.email;
  return (await ctx.loaders.userEmailById.load(accountId!)) ?? null;
}

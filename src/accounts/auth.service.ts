/**
 * Sign-in, sessions and bearer tokens. Failed logins count per account and per address;
 * errors never say whether the email exists.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, UnauthenticatedError } from '../core/errors';
import type { Viewer } from '../core/viewer';
import { AuditService } from './audit.service';
import { type AccountLocked, LoginThrottleService } from './throttle.service';
import { burnVerificationTime, generateToken, hashToken, tokenKind, verifyPassword } from './secrets';
import { ApiToken, Session } from './session.entity';
import { User } from './user.entity';

export const SESSION_TTL_MS = 14 * 24 * 3600_000;

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: User;
}

export const normaliseEmail = (email: string) => email.normalize('NFC').trim().toLowerCase();

export class AuthService {
  constructor(
    private readonly em: EntityManager,
    private readonly now: () => Date,
    private readonly sessionTtlMs = SESSION_TTL_MS,
  ) {}

  /** `onAccountLocked` hears of a new account-wide lock (the caller logs it at warn level); it is also audited. */
  async login(emailInput: string, password: string, address: string, onAccountLocked?: (event: AccountLocked) => void): Promise<LoginResult> {
    const email = normaliseEmail(emailInput);
    const throttle = new LoginThrottleService(this.em, this.now);
    await throttle.assertAllowed(email, address);
    const user = await this.em.findOne(User, { email }, { populate: ['passwordHash'] });
    const ok = user && !user.disabled ? await verifyPassword(user.passwordHash, password) : (await burnVerificationTime(password), false);
    if (!ok || !user) {
      const locked = await throttle.recordFailure(email, address);
      if (locked) await this.alert(locked, onAccountLocked);
      throw new DomainError('UNAUTHENTICATED', 'wrong email or password');
    }
    await throttle.recordSuccess(email, address);
    const token = generateToken('session');
    const now = this.now();
    const session = this.em.create(Session, { tokenHash: hashToken(token), user, createdAt: now, expiresAt: new Date(now.getTime() + this.sessionTtlMs) });
    await this.em.flush();
    return { token, expiresAt: session.expiresAt, user };
  }

  /** The admin alert of an account-wide lock: an audit entry admins can query, and the caller's log line. */
  private async alert(locked: AccountLocked, onAccountLocked?: (event: AccountLocked) => void): Promise<void> {
    await new AuditService(this.em).record([
      {
        at: this.now(),
        actorId: null,
        actorLabel: 'login throttle',
        action: 'accountLocked',
        target: `email=${locked.email}`,
        outcome: 'RATE_LIMITED',
        address: locked.address.slice(0, 64),
        details: { failures: locked.failures, lockedForSeconds: locked.lockedForSeconds },
      },
    ]);
    onAccountLocked?.(locked);
  }

  /** Revokes the session the token belongs to. */
  async logout(token: string): Promise<boolean> {
    const session = await this.em.findOne(Session, { tokenHash: hashToken(token), revokedAt: null });
    if (!session) return false;
    session.revokedAt = this.now();
    await this.em.flush();
    return true;
  }

  async revokeAllSessions(userId: number): Promise<number> {
    return this.em.nativeUpdate(Session, { user: userId, revokedAt: null }, { revokedAt: this.now() });
  }

  /** Turns an `Authorization: Bearer …` token into a viewer; an invalid token is an error, not anonymity. */
  async viewerForToken(token: string): Promise<Viewer> {
    const now = this.now();
    const kind = tokenKind(token);
    if (kind === 'session') {
      const session = await this.em.findOne(Session, { tokenHash: hashToken(token) }, { populate: ['user'] });
      if (!session || session.revokedAt) throw new UnauthenticatedError('the session has ended: sign in again');
      if (session.expiresAt <= now) throw new UnauthenticatedError('the session has expired: sign in again');
      if (session.user.disabled) throw new UnauthenticatedError('the account is disabled');
      return viewerOf(session.user, { via: 'session', sessionId: session.id, writable: true });
    }
    if (kind === 'api') {
      const apiToken = await this.em.findOne(ApiToken, { tokenHash: hashToken(token) }, { populate: ['owner'] });
      if (!apiToken || apiToken.revokedAt) throw new UnauthenticatedError('the API token is not valid or was revoked');
      if (apiToken.expiresAt && apiToken.expiresAt <= now) throw new UnauthenticatedError('the API token has expired');
      if (apiToken.owner.disabled) throw new UnauthenticatedError('the token owner is disabled');
      // Record use without loading it into the request's unit of work.
      await this.em.nativeUpdate(ApiToken, { id: apiToken.id }, { lastUsedAt: now });
      return viewerOf(apiToken.owner, { via: 'token', tokenId: apiToken.id, writable: apiToken.scope === 'WRITE' });
    }
    throw new UnauthenticatedError('unrecognised bearer token');
  }
}

function viewerOf(user: User, how: { via: 'session' | 'token'; sessionId?: number; tokenId?: number; writable: boolean }): Viewer {
  return {
    kind: 'staff',
    name: user.displayName,
    userId: user.id,
    email: user.email,
    roles: [...user.roles],
    organisationId: user.organisation?.id ?? null,
    mustChangePassword: user.mustChangePassword,
    ...how,
  };
}

/**
 * Login rate limits, kept in the database so they hold across processes:
 * per account, ACCOUNT_LIMIT failures lock it for the window; per address, ADDRESS_LIMIT.
 * A successful login clears the account's counter; an admin can clear it too.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../graphql/errors';
import { LoginThrottle } from './audit.entity';

export const LOGIN_LIMITS = { account: 5, address: 20, windowMs: 15 * 60_000 } as const;

export class RateLimitedError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super('RATE_LIMITED', `too many failed logins: try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }
}

export const accountKey = (email: string) => `account:${email}`;
export const addressKey = (address: string) => `address:${address}`;

export class LoginThrottleService {
  constructor(private readonly em: EntityManager, private readonly now: () => Date) {}

  /** Throws RATE_LIMITED when either key is locked. */
  async assertAllowed(keys: string[]): Promise<void> {
    const rows = await this.em.find(LoginThrottle, { key: { $in: keys } });
    const now = this.now().getTime();
    const lockedUntil = Math.max(0, ...rows.map((r) => r.lockedUntil?.getTime() ?? 0));
    if (lockedUntil > now) throw new RateLimitedError(Math.ceil((lockedUntil - now) / 1000));
  }

  async recordFailure(key: string, limit: number): Promise<void> {
    const now = this.now();
    // One atomic upsert: concurrent failures (aliases, parallel requests) each count.
    await this.em.getConnection().execute(
      `insert into login_throttle (key, failures, window_start, locked_until) values (?, 1, ?, null)
       on conflict (key) do update set
         failures = case when login_throttle.window_start < ?::timestamptz then 1 else login_throttle.failures + 1 end,
         window_start = case when login_throttle.window_start < ?::timestamptz then excluded.window_start else login_throttle.window_start end,
         locked_until = case
           when login_throttle.window_start >= ?::timestamptz and login_throttle.failures + 1 >= ? then ?::timestamptz
           when login_throttle.window_start < ?::timestamptz and 1 >= ? then ?::timestamptz
           else login_throttle.locked_until end`,
      (() => {
        const windowFloor = new Date(now.getTime() - LOGIN_LIMITS.windowMs);
        const lockUntil = new Date(now.getTime() + LOGIN_LIMITS.windowMs);
        return [key, now, windowFloor, windowFloor, windowFloor, limit, lockUntil, windowFloor, limit, lockUntil];
      })(),
    );
  }

  async clear(key: string): Promise<void> {
    await this.em.nativeDelete(LoginThrottle, { key });
  }
}

/**
 * Login rate limits, kept in the database so they hold across processes (OWASP authentication
 * cheat sheet: limits per address first, then an account lockout that cannot be turned into a
 * permanent denial of service).
 *
 * 1. Per address: ADDRESS failures in the window lock the address for the window.
 * 2. Per account and address: PAIR failures in the window lock that account from that address
 *    for the window. Someone guessing from their own address never locks the owner out.
 * 3. Per account, from anywhere: every ACCOUNT failures (in a day) lock the account with
 *    exponential backoff: 1 minute, then 2, 4, … up to an hour, so distributed guessing slows to
 *    a crawl. The lock does not apply to an address the account signed in from successfully in
 *    the last TRUSTED days: guessing from many addresses cannot keep an admin out. A new lock is
 *    an alert: an audit entry (`auditLog(action: "accountLocked")`) and a warn log line.
 *
 * A successful login clears its account and pair counters; `unlockAccount` clears every counter
 * of the account. Rows live in `login_throttle`, keyed "address:…", "pair:…", "account:…" and
 * "trusted:…" (a trusted row's windowStart is the last successful login from that address).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../core/errors';
import { LoginThrottle } from './audit.entity';

const MINUTE = 60_000;
export const LOGIN_LIMITS = {
  address: 20,
  pair: 5,
  windowMs: 15 * MINUTE,
  account: 10,
  accountWindowMs: 24 * 60 * MINUTE,
  accountLockBaseMs: MINUTE,
  accountLockMaxMs: 60 * MINUTE,
  trustedMs: 30 * 24 * 60 * MINUTE,
} as const;

export class RateLimitedError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super('RATE_LIMITED', `too many failed logins: try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }
}

export const accountKey = (email: string) => `account:${email}`;
export const addressKey = (address: string) => `address:${address}`;
export const pairKey = (email: string, address: string) => `pair:${email}|${address}`;
export const trustedKey = (email: string, address: string) => `trusted:${email}|${address}`;

/** How long the account locks once it has `failures` failures: doubles every ACCOUNT failures, capped. */
export function accountLockMs(failures: number): number {
  const step = Math.floor(failures / LOGIN_LIMITS.account);
  if (step < 1) return 0;
  return Math.min(LOGIN_LIMITS.accountLockBaseMs * 2 ** Math.min(step - 1, 20), LOGIN_LIMITS.accountLockMaxMs);
}

/** A new account-wide lock, for the alert. */
export interface AccountLocked {
  email: string;
  failures: number;
  lockedForSeconds: number;
  address: string;
}

export class LoginThrottleService {
  constructor(
    private readonly em: EntityManager,
    private readonly now: () => Date,
  ) {}

  /** Throws RATE_LIMITED when the address, the pair, or (from an untrusted address) the account is locked. */
  async assertAllowed(email: string, address: string): Promise<void> {
    const keys = [addressKey(address), pairKey(email, address), accountKey(email), trustedKey(email, address)];
    const rows = new Map((await this.em.find(LoginThrottle, { key: { $in: keys } })).map((r) => [r.key, r]));
    const now = this.now().getTime();
    const trusted = (rows.get(keys[3])?.windowStart.getTime() ?? -Infinity) > now - LOGIN_LIMITS.trustedMs;
    const binding = trusted ? keys.slice(0, 2) : keys.slice(0, 3);
    const lockedUntil = Math.max(0, ...binding.map((k) => rows.get(k)?.lockedUntil?.getTime() ?? 0));
    if (lockedUntil > now) throw new RateLimitedError(Math.ceil((lockedUntil - now) / 1000));
  }

  /** Counts one failure everywhere; answers the new account-wide lock, if this failure started one. */
  async recordFailure(email: string, address: string): Promise<AccountLocked | null> {
    await this.count(addressKey(address), LOGIN_LIMITS.windowMs, (n) => (n >= LOGIN_LIMITS.address ? LOGIN_LIMITS.windowMs : 0));
    await this.count(pairKey(email, address), LOGIN_LIMITS.windowMs, (n) => (n >= LOGIN_LIMITS.pair ? LOGIN_LIMITS.windowMs : 0));
    // Each ACCOUNT-th failure of the day starts a lock (attempts during a lock are refused before they count), each one twice as long.
    const account = await this.count(accountKey(email), LOGIN_LIMITS.accountWindowMs, (n) => (n % LOGIN_LIMITS.account === 0 ? accountLockMs(n) : 0));
    return account.started ? { email, failures: account.failures, lockedForSeconds: Math.round(accountLockMs(account.failures) / 1000), address } : null;
  }

  /** A successful login: its counters start again, and the address becomes trusted for the account. */
  async recordSuccess(email: string, address: string): Promise<void> {
    await this.em.nativeDelete(LoginThrottle, { key: { $in: [accountKey(email), pairKey(email, address)] } });
    await this.em.execute(
      `insert into login_throttle (key, failures, window_start, locked_until) values (?, 0, ?, null)
       on conflict (key) do update set window_start = excluded.window_start`,
      [trustedKey(email, address), this.now()],
    );
  }

  /** Lifts every lock of an account (admin); trusted addresses stay trusted. */
  async unlockAccount(email: string): Promise<void> {
    const pairs = `pair:${email}|`;
    await this.em.execute(`delete from login_throttle where key = ? or left(key, ?) = ?`, [accountKey(email), pairs.length, pairs]);
  }

  /**
   * One atomic upsert per key (concurrent failures each count): a failure older than the window
   * starts a new count. `lockFor(failures)` > 0 locks the key that long from now.
   */
  private async count(key: string, windowMs: number, lockFor: (failures: number) => number): Promise<{ failures: number; started: boolean }> {
    const now = this.now();
    const floor = new Date(now.getTime() - windowMs);
    const [row] = await this.em.execute<{ failures: number }[]>(
      `insert into login_throttle (key, failures, window_start, locked_until) values (?, 1, ?, null)
       on conflict (key) do update set
         failures = case when login_throttle.window_start < ?::timestamptz then 1 else login_throttle.failures + 1 end,
         window_start = case when login_throttle.window_start < ?::timestamptz then excluded.window_start else login_throttle.window_start end
       returning failures`,
      [key, now, floor, floor],
    );
    const failures = Number(row.failures);
    const ms = lockFor(failures);
    if (ms <= 0) return { failures, started: false };
    await this.em.execute(`update login_throttle set locked_until = greatest(coalesce(locked_until, ?::timestamptz), ?::timestamptz) where key = ?`, [
      now,
      new Date(now.getTime() + ms),
      key,
    ]);
    return { failures, started: true };
  }
}

/**
 * Editor preview links: `/preview/<token>`, where the token names an article and an expiry and
 * is signed with HMAC-SHA256 (PREVIEW_SECRET, else a random key of this process). No session
 * travels in the URL: the link shows one article's draft for a short time, nothing else.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config';

/** How long a preview link works. */
export const PREVIEW_TTL_MS = 30 * 60 * 1000;
export const PREVIEW_PATH = '/preview';

let processKey: string | null = null;
const keyOf = (config: Config) => config.previewSecret ?? (processKey ??= randomBytes(32).toString('base64'));

const sign = (config: Config, payload: string) => createHmac('sha256', keyOf(config)).update(`reformdesk-preview:${payload}`).digest('base64url');

export function previewToken(config: Config, articleId: number, expiresAt: Date): string {
  const payload = `${articleId}.${Math.floor(expiresAt.getTime() / 1000)}`;
  return `${payload}.${sign(config, payload)}`;
}

export type PreviewCheck = { ok: true; articleId: number } | { ok: false; reason: 'malformed' | 'tampered' | 'expired' };

export function checkPreviewToken(config: Config, token: string, now: Date): PreviewCheck {
  const m = /^(\d{1,12})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(sign(config, `${m[1]}.${m[2]}`));
  const given = Buffer.from(m[3]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'tampered' };
  if (Number(m[2]) * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, articleId: Number(m[1]) };
}

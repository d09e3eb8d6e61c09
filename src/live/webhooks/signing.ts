/**
 * Webhook signatures, Stripe's scheme: HMAC-SHA256 with the endpoint's secret over
 * `${timestamp}.${body}`, sent as `ReformDesk-Signature: t=<unix seconds>,v1=<hex>`. The
 * timestamp inside the signed text lets receivers refuse replays of old deliveries; while a
 * rotated secret is still honoured, a second v1 carries the signature with the previous one.
 * docs/webhooks.md shows receivers how to verify.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'ReformDesk-Signature';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const EVENT_TYPE_HEADER = 'ReformDesk-Event';
export const SECRET_PREFIX = 'whsec_';

export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** The header value for a body sent at `at`, signed with each secret given (current first). */
export function signatureHeader(secrets: string[], at: Date, body: string): string {
  const timestamp = Math.floor(at.getTime() / 1000);
  return [`t=${timestamp}`, ...secrets.map((s) => `v1=${signatureOf(s, timestamp, body)}`)].join(',');
}

/**
 * What a receiver does (kept here so the tests verify exactly what the docs tell partners):
 * true when one v1 matches and the timestamp is within `toleranceSeconds` of `now`.
 */
export function verifySignature(secret: string, header: string, body: string, now: Date, toleranceSeconds = 300): boolean {
  const parts = header.split(',').map((p) => p.trim().split('='));
  const timestamp = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureOf(secret, timestamp, body), 'hex');
  return parts.filter(([k, v]) => k === 'v1' && /^[0-9a-f]{64}$/.test(v ?? '')).some(([, v]) => timingSafeEqual(Buffer.from(v, 'hex'), expected));
}

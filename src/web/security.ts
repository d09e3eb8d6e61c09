/**
 * Browser-facing safety for every response: a strict default Content-Security-Policy that
 * forbids framing, `nosniff`, a referrer policy, and JSON (never express's HTML page) for
 * routes that do not exist or fail. Routes that serve HTML replace the CSP with their own
 * (`cspFor`), and only embeds may be framed by other sites.
 */
import { createHash } from 'node:crypto';
import type express from 'express';

export interface PagePolicy {
  /** Script sources besides none: 'self' for our own files, hashes of inline scripts. */
  scripts?: string[];
  styles?: string[];
  images?: string[];
  fonts?: string[];
  connect?: string[];
  /** Embeds are meant for other sites' iframes; every other page refuses framing. */
  frameable?: boolean;
}

const list = (values: string[] | undefined) => (values?.length ? values.join(' ') : "'none'");

/** The CSP of an HTML page: nothing by default, only what the page lists. */
export function cspFor(policy: PagePolicy = {}): string {
  return [
    "default-src 'none'",
    `script-src ${list(policy.scripts)}`,
    `style-src ${list(policy.styles)}`,
    `img-src ${list(policy.images)}`,
    `font-src ${list(policy.fonts)}`,
    `connect-src ${list(policy.connect)}`,
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${policy.frameable ? '*' : "'none'"}`,
  ].join('; ');
}

/** `'sha256-…'` of an inline script or style, for a CSP that allows exactly that text. */
export const inlineHash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Sets the page's policy on the response (replacing the default), and the framing header to match. */
export function applyPagePolicy(res: express.Response, policy: PagePolicy): void {
  res.setHeader('Content-Security-Policy', cspFor(policy));
  if (policy.frameable) res.removeHeader('X-Frame-Options');
  else res.setHeader('X-Frame-Options', 'DENY');
}

/** The defaults every response carries unless a route sets its own (also written by paths that run before express). */
export function defaultSecurityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': cspFor(),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
  };
}

/** First middleware: the default security headers on every response. */
export function securityHeaders(): express.RequestHandler {
  const headers = Object.entries(defaultSecurityHeaders());
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}

/** Last route: anything not matched is a JSON 404 naming the method and path. */
export const notFound: express.RequestHandler = (req, res) => {
  res.status(404).json({ error: { code: 'NOT_FOUND', message: `no such route: ${req.method} ${req.path}` } });
};

/** Last error handler: a failure nobody answered is a JSON 500 (details go to the log, not the client). */
export function jsonServerError(log: (err: unknown) => void): express.ErrorRequestHandler {
  return (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    log(err);
    // Express hands errors over as `any`: read only the two fields an HTTP error may carry.
    const { status: given, message } = (err ?? {}) as { status?: unknown; message?: unknown };
    const status = typeof given === 'number' && given >= 400 && given < 600 ? given : 500;
    res
      .status(status)
      .json({ error: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST', message: status === 500 ? 'the request failed' : String(message ?? 'bad request') } });
  };
}

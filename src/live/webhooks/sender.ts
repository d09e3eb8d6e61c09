/**
 * One HTTP POST of a delivery. The host is vetted (address-guard) right before sending and
 * the socket connects to exactly the vetted addresses (a pinned `lookup`), so DNS cannot
 * answer "public" to the check and "private" to the connection. Redirects are never followed:
 * a 3xx is a failed attempt (following one could lead anywhere, the internal network included).
 * No database connection is held here: the worker claims rows first and records after.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { RefusedTargetError, type ResolvedAddress, type Resolver, systemResolver, vetHost } from './address-guard';

export interface SendRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface SendOptions {
  timeoutMs: number;
  allowPrivateTargets: boolean;
  resolve?: Resolver;
}

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** Enough of the answer to show an admin why a receiver refused; the rest is discarded. */
const KEPT_RESPONSE_BYTES = 300;

function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  }) as unknown as LookupFunction;
}

export async function sendDelivery(request: SendRequest, options: SendOptions): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const url = new URL(request.url);
  let addresses: ResolvedAddress[];
  try {
    addresses = await vetHost(url.hostname, options.allowPrivateTargets, options.resolve ?? systemResolver);
  } catch (e) {
    const message = e instanceof RefusedTargetError ? `refused: ${e.message}` : `refused: ${(e as Error).message}`;
    return { ok: false, statusCode: null, error: message, durationMs: elapsed() };
  }
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, durationMs: elapsed() });
    };
    const req = transport.request(
      {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: { ...request.headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(request.body)) },
        lookup: pinnedLookup(addresses),
        agent: false,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        let kept = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (kept.length < KEPT_RESPONSE_BYTES) kept += chunk.slice(0, KEPT_RESPONSE_BYTES - kept.length);
        });
        res.on('error', (err) => finish({ ok: false, statusCode: status, error: `response failed: ${err.message}` }));
        res.on('end', () => {
          if (status >= 200 && status < 300) return finish({ ok: true, statusCode: status, error: null });
          if (status >= 300 && status < 400)
            return finish({ ok: false, statusCode: status, error: `redirect to ${String(res.headers.location ?? '(none)').slice(0, 200)} not followed: register the final URL` });
          finish({ ok: false, statusCode: status, error: `HTTP ${status}${kept ? `: ${kept.replace(/\s+/g, ' ').trim()}` : ''}` });
        });
      },
    );
    const timer = setTimeout(() => {
      finish({ ok: false, statusCode: null, error: `timed out after ${options.timeoutMs} ms` });
      req.destroy();
    }, options.timeoutMs);
    req.on('error', (err) => finish({ ok: false, statusCode: null, error: `network: ${err.message}` }));
    req.end(request.body);
  });
}

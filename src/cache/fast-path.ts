/**
 * Cache hits answered from node's request handler, before express, body parsing or Apollo run:
 * a GET (`/graphql?…`) or a small JSON POST (`/graphql`) whose entry is fresh in the in-process
 * store. Keys are memoised per URL and per body text, so a repeated request costs a map lookup.
 * A POST that is not a hit may still be a known query the fast miss path answers (fast-miss.ts).
 */
import type http from 'node:http';
import { paramsOf, requestKey } from './request-key';
import type { CachedResponse, MemoryStore } from './store';
import type { MissHandler } from './fast-miss';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** true = handled here (answered, or a POST whose miss this hands to `app` itself); false = `app` takes it. */
export type FastPath = (req: http.IncomingMessage, res: http.ServerResponse, app: Handler) => boolean;

/** POST bodies above this go straight to express (a cacheable page query is a few hundred bytes). */
const MAX_FAST_POST_BYTES = 16 * 1024;
/** JSON in UTF-8 (express's parser refuses other charsets with 415: those go to express). */
const JSON_BODY = /^application\/json\s*(;\s*charset="?utf-8"?\s*)?$/i;

/** The cache key of a POST body, or null when it is not JSON of one operation (express and Apollo answer it). */
function postKey(body: Buffer): string | null {
  try {
    const params = paramsOf('POST', {}, JSON.parse(body.toString('utf8')));
    return params ? requestKey(params) : null;
  } catch {
    return null;
  }
}

export interface FastPathOptions {
  /** The in-process response store; null = no response cache (only misses are handled here). */
  memory: MemoryStore | null;
  /** Known anonymous queries executed without express and Apollo; null = every miss goes to express. */
  miss: MissHandler | null;
  now: () => Date;
  maxGetUrlBytes: number;
  send: (req: http.IncomingMessage, res: http.ServerResponse, entry: CachedResponse) => void;
  passesCsrfRule: (req: http.IncomingMessage) => boolean;
}

export function createFastPath({ memory, miss, now, maxGetUrlBytes, send, passesCsrfRule }: FastPathOptions): FastPath {
  // GET URL (or POST body) → key, so a repeated request costs neither parsing nor hashing (bounded; cleared when full).
  const keysByUrl = new Map<string, string | null>();
  const keysByBody = new Map<string, string | null>();
  const remember = (memo: Map<string, string | null>, text: string, key: () => string | null): string | null => {
    let k = memo.get(text);
    if (k === undefined) {
      k = key();
      if (memo.size >= 10_000) memo.clear();
      memo.set(text, k);
    }
    return k;
  };
  const fresh = (key: string | null) => {
    const entry = key && memory ? memory.getNow(key) : undefined;
    return entry && entry.expiresAt > now().getTime() ? entry : undefined;
  };
  const fastGet = (req: http.IncomingMessage, res: http.ServerResponse, url: string): boolean => {
    if (!memory || url.length > maxGetUrlBytes || !passesCsrfRule(req)) return false;
    const key = remember(keysByUrl, url, () => {
      const params = paramsOf('GET', Object.fromEntries(new URLSearchParams(url.slice('/graphql?'.length))), undefined);
      return params ? requestKey(params) : null;
    });
    const entry = fresh(key);
    if (!entry) return false;
    res.statusCode = 200;
    send(req, res, entry);
    return true;
  };
  /**
   * A small JSON POST: its body is read here (paused mode, exactly content-length bytes) and looked
   * up; a fresh hit is answered without express, a miss gets its bytes back (`unshift`, before the
   * stream ends) and goes to express, whose JSON parser then reads them as if nothing happened.
   */
  const fastPost = (req: http.IncomingMessage, res: http.ServerResponse, app: Handler): boolean => {
    const length = Number(req.headers['content-length']);
    if (!(length > 0 && length <= MAX_FAST_POST_BYTES) || req.headers['transfer-encoding'] || req.headers['content-encoding'] || !JSON_BODY.test(req.headers['content-type'] ?? ''))
      return false;
    const chunks: Buffer[] = [];
    let got = 0;
    let done = false;
    const finish = (complete: boolean) => {
      if (done) return;
      done = true;
      req.off('readable', onReadable);
      req.off('end', onEnd);
      const body = Buffer.concat(chunks);
      const text = complete ? body.toString('utf8') : '';
      const key = complete && memory ? remember(keysByBody, text, () => postKey(body)) : null;
      const entry = fresh(key);
      if (entry) {
        req.resume(); // nothing more is expected; let the parser finish the message
        res.statusCode = 200;
        send(req, res, entry);
        return;
      }
      // The miss path has consumed the body: if it declines after all, express gets the parsed body
      // (its JSON parser skips a message already read, as it does for any body parsed before it).
      const fallback = (parsed: unknown) => {
        const go = () => {
          (req as http.IncomingMessage & { body?: unknown }).body = parsed;
          app(req, res);
        };
        if (req.readableEnded) go();
        else req.once('end', go);
      };
      if (complete && miss?.(req, res, text, key, fallback)) return;
      if (body.length) req.unshift(body);
      app(req, res);
    };
    const onReadable = () => {
      for (let c: Buffer | null; got < length && (c = req.read() as Buffer | null) !== null;) {
        chunks.push(c);
        got += c.length;
      }
      if (got >= length) finish(got === length);
    };
    const onEnd = () => finish(false); // shorter than announced: express answers it
    req.on('readable', onReadable);
    req.on('end', onEnd);
    return true;
  };
  return (req, res, app) => {
    const url = req.url ?? '';
    if (req.headers.authorization) return false;
    if (req.method === 'GET' && url.startsWith('/graphql?')) return fastGet(req, res, url);
    if (req.method === 'POST' && url === '/graphql') return fastPost(req, res, app);
    return false;
  };
}

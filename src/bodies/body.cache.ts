/** Parsing is cached per body text (so per article revision): pages re-render without re-parsing. */
import { createHash } from 'node:crypto';
import { parseBody, ParsedBody } from './markdown';

const MAX_ENTRIES = 1000;
const cache = new Map<string, ParsedBody>();

export const bodyHash = (body: string): string => createHash('sha256').update(body.normalize('NFC')).digest('hex');

export function parseCached(body: string): ParsedBody & { hash: string } {
  const hash = bodyHash(body);
  let parsed = cache.get(hash);
  if (parsed) {
    // refresh recency: Map keeps insertion order, so the oldest entry is first
    cache.delete(hash);
  } else {
    parsed = parseBody(body);
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  }
  cache.set(hash, parsed);
  return { ...parsed, hash };
}

export const parseCacheSize = () => cache.size;

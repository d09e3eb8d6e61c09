/**
 * Process-wide caches of bodies, both keyed by content so they can never serve a stale value:
 * - parsing, per body text (so per article revision): pages re-render without re-parsing;
 * - rendering (blocks and HTML), per body text and the values shown in it (widgets, facts and
 *   related reading, which carry the data revisions they came from): readers of the same article
 *   at the same data get the HTML rendered once. A correction, a new revision or a new related
 *   article changes the values, hence the key; old entries just age out.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { parseBody, type ParsedBody } from './markdown';
import type { ResolvedBody } from './resolved';

// Least recently used entries are dropped first.
const parsed = new LRUCache<string, ParsedBody>({ max: 1000 });
const rendered = new LRUCache<string, NonNullable<unknown>>({ max: 500 });

export const bodyHash = (body: string): string => createHash('sha256').update(body.normalize('NFC')).digest('hex');

function remember<V extends NonNullable<unknown>, T extends V>(cache: LRUCache<string, V>, key: string, make: () => T): T {
  let value = cache.get(key) as T | undefined;
  if (value === undefined) cache.set(key, (value = make()));
  return value;
}

export function parseCached(body: string): ParsedBody & { hash: string } {
  const hash = bodyHash(body);
  return { ...remember(parsed, hash, () => parseBody(body)), hash };
}

/**
 * A key for what a rendering of a body depends on: its text (hash), every value shown in it, and
 * `context` (the article's image references and the media base URL, for pictures in the body).
 */
export function renderKey(hash: string, shown: ResolvedBody, context: unknown = null): string {
  const values = JSON.stringify([[...shown.widgets], [...shown.facts], [...shown.related], context]);
  return `${hash}:${createHash('sha256').update(values).digest('base64url')}`;
}

/** `key` (a renderKey) narrowed by more inputs of one rendering, without serialising the shown values again. */
export function extendRenderKey(key: string, context: unknown): string {
  return `${key}:${createHash('sha256').update(JSON.stringify(context)).digest('base64url')}`;
}

/** A rendering (blocks or HTML) reused across requests; callers must not mutate what they get. */
export const renderCached = <T extends NonNullable<unknown>>(kind: 'blocks' | 'html', key: string, render: () => T): T => remember(rendered, `${kind}:${key}`, render);

/**
 * Automatic persisted queries (Apollo's APQ protocol: GET or POST with
 * `extensions.persistedQuery.sha256Hash`; an unknown hash gets PERSISTED_QUERY_NOT_FOUND and a
 * hash that does not match its query is refused by Apollo) with two sources: the trusted
 * documents of first-party clients, written by codegen as `persisted-documents.json`
 * (sha256 → text) and known from the start, and documents registered at run time, kept in a
 * byte-bounded LRU.
 */
import fs from 'node:fs';
import { LRUCache } from 'lru-cache';
import { sha256Hex } from './request-key';

/** The subset of Apollo's KeyValueCache that `persistedQueries.cache` needs. */
export interface DocumentCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<boolean>;
}

const APQ_PREFIX = 'apq:';

/** Reads a codegen manifest; every entry must hash to its key (a tampered file fails the start). */
export function loadTrustedDocuments(file: string): Map<string, string> {
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  const out = new Map<string, string>();
  for (const [key, text] of Object.entries(manifest)) {
    const hash = key.replace(/^sha256:/, ''); // codegen's client preset writes "sha256:<hex>"
    if (sha256Hex(text) !== hash) throw new Error(`${file}: entry ${key} is not the sha256 of its document`);
    out.set(hash, text);
  }
  return out;
}

export function persistedDocumentCache(trusted: Map<string, string>, maxBytes = 8 * 1024 * 1024): DocumentCache {
  const registered = new LRUCache<string, string>({ maxSize: maxBytes, sizeCalculation: (v) => v.length * 2 + 100 });
  const hashOf = (key: string) => (key.startsWith(APQ_PREFIX) ? key.slice(APQ_PREFIX.length) : key);
  return {
    async get(key) {
      return trusted.get(hashOf(key)) ?? registered.get(key);
    },
    async set(key, value) {
      if (!trusted.has(hashOf(key))) registered.set(key, value);
    },
    async delete(key) {
      return registered.delete(key);
    },
  };
}

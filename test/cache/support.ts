/** Helpers for response-cache tests: servers with their own cache settings and raw HTTP with headers. */
import { randomBytes } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import Redis from 'ioredis';
import { type CacheConfig, loadCacheConfig } from '../../src/config';
import type { Database } from '../../src/db/orm';
import { startTestServer, type TestServer } from '../support/server';
import { CONTENT_STEPS, importContent } from '../../src/content/importer';
import { CONTENT_DIR, publishedArticle, seedTopics } from '../newsroom/support';

/** Units and topics only (fast), plus `articles` live articles published a day before `now`. */
export async function smallNewsroom(db: Database, articles: number, now: Date): Promise<number[]> {
  await importContent(
    db.orm,
    CONTENT_DIR,
    CONTENT_STEPS.filter((s) => s.name === 'units'),
  );
  await seedTopics(db);
  const ids: number[] = [];
  for (let i = 1; i <= articles; i++) {
    ids.push(
      await publishedArticle(
        db,
        { title: `Bài thử nghiệm số ${i}`, sapo: `Tóm tắt bài ${i}`, topics: ['cai-cach-hanh-chinh'] },
        new Date(now.getTime() - 86_400_000 + i * 60_000),
        now,
      ),
    );
  }
  return ids;
}

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  body: { data?: T | null; errors?: { message: string; extensions?: Record<string, unknown> }[]; extensions?: { sqlStatements?: number } };
}

/** A unique Redis key prefix per test server, so parallel runs never share entries. */
export const uniquePrefix = (name: string) => `rd-test:${name}:${process.pid}:${randomBytes(4).toString('hex')}:`;

/** Cache settings for a test server: Redis when REDIS_URL is set and `redis` is asked for, else in process. */
export function cacheConfig(overrides: Partial<CacheConfig> & { redis?: boolean } = {}): CacheConfig {
  const { redis, ...rest } = overrides;
  const base = loadCacheConfig({});
  return { ...base, keyPrefix: uniquePrefix('cache'), redisUrl: redis ? (process.env.REDIS_URL ?? null) : null, ...rest };
}

/** Removes every Redis key under a test prefix (no-op without REDIS_URL). */
export async function clearRedisPrefix(prefix: string): Promise<void> {
  if (!process.env.REDIS_URL || !prefix) return;
  const redis = new Redis(process.env.REDIS_URL);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    await redis.quit();
  }
}

export async function cachedServer(db: Database, now?: () => Date, overrides: Partial<CacheConfig> & { redis?: boolean } = {}): Promise<TestServer> {
  return startTestServer(db, { cache: cacheConfig(overrides) }, now);
}

export async function uncachedServer(db: Database, now?: () => Date): Promise<TestServer> {
  return startTestServer(db, { cache: cacheConfig({ enabled: false }) }, now);
}

async function toResult<T>(res: Response): Promise<HttpResult<T>> {
  const text = await res.text();
  let body: HttpResult<T>['body'] = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = {};
  }
  return { status: res.status, headers: res.headers, text, body };
}

export async function post<T, V>(
  server: TestServer,
  document: TypedDocumentNode<T, V> | string,
  variables?: V,
  headers: Record<string, string> = {},
  extra: Record<string, unknown> = {},
): Promise<HttpResult<T>> {
  const query = typeof document === 'string' ? document : print(document);
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables, ...extra }),
  });
  return toResult<T>(res);
}

/** A GET in Apollo's encoding (JSON-encoded variables/extensions), with the CSRF preflight header. */
export async function get<T = unknown>(server: TestServer, params: Record<string, unknown>, headers: Record<string, string> = {}): Promise<HttpResult<T>> {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) search.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  const res = await fetch(`${server.url}/graphql?${search}`, { headers: { 'apollo-require-preflight': 'true', ...headers } });
  return toResult<T>(res);
}

/** Reads anonymously twice and checks the second read was a hit that ran no SQL; returns the data. */
export async function warm<T, V>(server: TestServer, document: TypedDocumentNode<T, V>, variables?: V): Promise<T> {
  const first = await post(server, document, variables);
  expect(first.body.errors).toBeUndefined();
  const second = await post(server, document, variables);
  expect(second.headers.get('x-cache')).toBe('HIT');
  expect(second.body.extensions?.sqlStatements).toBe(0);
  expect(second.body.data).toEqual(first.body.data);
  return second.body.data as T;
}

export async function read<T, V>(server: TestServer, document: TypedDocumentNode<T, V>, variables?: V): Promise<HttpResult<T>> {
  return post(server, document, variables);
}

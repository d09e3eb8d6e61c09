/**
 * The only place that reads process.env. Everything else receives a typed Config.
 * Invalid values stop the start with one line naming the variable and what is wrong.
 */
import path from 'node:path';

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize: number }
  | { kind: 'pglite'; dataDir: string | null /* null = in memory */ };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  env: 'production' | 'development' | 'test';
  port: number;
  database: DatabaseTarget;
  debugSql: boolean;
  logLevel: LogLevel;
  contentDir: string;
  connectTimeoutMs: number;
  /** Enables the X-ReformDesk-Staff header as interim staff identity (never in production). */
  devStaffHeader: boolean;
}

export class ConfigError extends Error {
  constructor(public readonly variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export const DEFAULT_DATABASE_URL = 'pglite:./data/pglite';

export function parseDatabaseUrl(raw: string, poolSize: number): DatabaseTarget {
  const value = raw.trim();
  if (value.startsWith('pglite:')) {
    const dir = value.slice('pglite:'.length);
    if (dir === '') throw new ConfigError('DATABASE_URL', 'pglite: needs a directory or "memory" (e.g. pglite:./data/pglite)');
    if (dir === 'memory') return { kind: 'pglite', dataDir: null };
    return { kind: 'pglite', dataDir: path.resolve(dir) };
  }
  if (/^postgres(ql)?:\/\//.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new ConfigError('DATABASE_URL', `"${value}" is not a valid URL`);
    }
    if (!url.hostname) throw new ConfigError('DATABASE_URL', 'the postgres URL has no host');
    if (url.pathname.length <= 1) throw new ConfigError('DATABASE_URL', 'the postgres URL names no database (postgres://host:5432/dbname)');
    return { kind: 'postgres', url: value, poolSize };
  }
  throw new ConfigError('DATABASE_URL', `expected postgres://…, pglite:<directory> or pglite:memory, got "${value}"`);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function flag(env: Env, name: string): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '' || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') return true;
  throw new ConfigError(name, `expected 1/0 or true/false, got "${env[name]}"`);
}

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const poolSize = integer(env, 'DATABASE_POOL_SIZE', 10, 1, 200);
  const database = parseDatabaseUrl(env.DATABASE_URL || DEFAULT_DATABASE_URL, poolSize);
  const debugSql = flag(env, 'REFORMDESK_DEBUG');
  if (debugSql && nodeEnv === 'production') {
    throw new ConfigError('REFORMDESK_DEBUG', 'is refused when NODE_ENV=production (it exposes SQL statement counts)');
  }
  const logLevel = (env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info')) as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}`);
  const devStaffHeader = nodeEnv !== 'production' && !flag(env, 'REFORMDESK_NO_DEV_STAFF');
  return {
    env: nodeEnv,
    port: integer(env, 'PORT', 4000, 0, 65535),
    database,
    debugSql,
    logLevel,
    contentDir: path.resolve(env.CONTENT_DIR || 'content'),
    connectTimeoutMs: integer(env, 'DATABASE_CONNECT_TIMEOUT_MS', 8000, 100, 60000),
    devStaffHeader,
  };
}

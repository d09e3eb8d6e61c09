/** Where the data lives (DATABASE_URL): PostgreSQL or the embedded PGlite. */
import path from 'node:path';

import { ConfigError } from './env';

export type DatabaseTarget = { kind: 'postgres'; url: string; poolSize: number } | { kind: 'pglite'; dataDir: string | null /* null = in memory */ };

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

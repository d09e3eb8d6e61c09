/**
 * Embedded PostgreSQL in process. Contrib extensions are loaded with require(): under
 * CommonJS their subpath typings confuse TypeScript (TS1479).
 */
import { PGlite, type Extension } from '@electric-sql/pglite';
import type { EmbeddedDatabase } from '../db-kit/database';
import { acquireDirectoryLock } from './lock';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unaccent } = require('@electric-sql/pglite/contrib/unaccent') as { unaccent: Extension };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pg_trgm } = require('@electric-sql/pglite/contrib/pg_trgm') as { pg_trgm: Extension };

export type { EmbeddedDatabase } from '../db-kit/database';

/** `loadDataDir`: start from a tarball made by `dumpDataDir()` (tests clone a prepared database this way). */
export async function openEmbedded(dataDir: string | null, options: { loadDataDir?: Blob } = {}): Promise<EmbeddedDatabase> {
  const lock = dataDir ? acquireDirectoryLock(dataDir) : null;
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dataDir ?? 'memory://', { extensions: { unaccent, pg_trgm }, loadDataDir: options.loadDataDir });
  } catch (e) {
    lock?.release();
    throw e;
  }
  return {
    pglite,
    lock,
    async close() {
      try {
        if (!pglite.closed) await pglite.close();
      } finally {
        lock?.release();
      }
    },
  };
}

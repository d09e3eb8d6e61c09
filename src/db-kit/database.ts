/**
 * The open database as features see it (routes, the change feed, the cache take it as a value).
 * Declared here rather than in src/db/, which assembles the ORM from every feature's entities:
 * a feature importing src/db/ would close an import loop through that list.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { DatabaseTarget } from '../config';

/** The in-process PGlite and the lock file that keeps a second process off its directory. */
export interface EmbeddedDatabase {
  pglite: PGlite;
  lock: { readonly file: string; release(): void } | null;
  close(): Promise<void>;
}

export interface Database {
  orm: MikroORM;
  target: DatabaseTarget;
  embedded: EmbeddedDatabase | null;
  close(): Promise<void>;
}

/**
 * `npm run user:create`: opens the database and creates the account; when the embedded
 * database is held by a running server (its lock), asks that server over its local admin
 * socket instead (admin-socket.ts), so the first admin can be created while `npm start` runs.
 */
import fs from 'node:fs';
import type { Config } from '../config';
import { DirectoryLockedError } from '../db/lock';
import { assertReachable, migrate, openDatabase } from '../db/orm';
import { createUserFromCli, type UserCreateArgs } from './user-cli';
import { adminSocketFor, askServer } from './admin-socket';

export async function createUserCommand(config: Config, args: UserCreateArgs, password: string | null): Promise<string> {
  let db;
  try {
    db = await openDatabase(config);
  } catch (e) {
    const dataDir = config.database.kind === 'pglite' ? config.database.dataDir : null;
    if (!(e instanceof DirectoryLockedError) || !dataDir || !fs.existsSync(adminSocketFor(dataDir))) throw e;
    return askServer(adminSocketFor(dataDir), { command: 'user-create', args, password });
  }
  try {
    await assertReachable(db, config.connectTimeoutMs);
    await migrate(db.orm);
    return await createUserFromCli(db.orm, args, password);
  } finally {
    await db.close();
  }
}

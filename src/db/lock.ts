/**
 * PGlite has no lock of its own: two processes on one data directory silently lose writes.
 * We keep a lock file beside the directory holding the owner's pid. A lock whose pid is
 * no longer alive is taken over; the takeover renames the stale file first, so of two
 * processes racing for a stale lock only one can win.
 */
import fs from 'node:fs';
import path from 'node:path';

export class DirectoryLockedError extends Error {
  constructor(
    public readonly dataDir: string,
    public readonly holderPid: number,
    lockFile: string,
  ) {
    super(`embedded database directory ${dataDir} is in use by process ${holderPid} (lock file ${lockFile}); stop that process or use another DATABASE_URL`);
    this.name = 'DirectoryLockedError';
  }
}

export function lockFileFor(dataDir: string): string {
  return `${dataDir.replace(/[\\/]+$/, '')}.lock`;
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(file: string): number | null {
  try {
    const n = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
    return Number.isNaN(n) ? 0 : n;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

export interface DirectoryLock {
  file: string;
  release(): void;
}

export function acquireDirectoryLock(dataDir: string): DirectoryLock {
  const file = lockFileFor(dataDir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return makeLock(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = readPid(file);
    if (holder === null) continue; // released between our attempts
    if (holder !== process.pid && isAlive(holder)) throw new DirectoryLockedError(dataDir, holder, file);
    if (holder === process.pid) throw new DirectoryLockedError(dataDir, holder, file);
    takeOverStale(file, holder);
  }
  throw new Error(`could not take the lock ${file} after several attempts`);
}

function takeOverStale(file: string, stalePid: number): void {
  const aside = `${file}.stale-${process.pid}`;
  try {
    fs.renameSync(file, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // someone else moved it
    throw e;
  }
  const moved = readPid(aside);
  if (moved !== stalePid && moved !== null && isAlive(moved)) {
    // We moved a fresh lock another process just took: put it back untouched.
    try {
      fs.linkSync(aside, file);
    } finally {
      fs.rmSync(aside, { force: true });
    }
    return;
  }
  fs.rmSync(aside, { force: true });
}

function makeLock(file: string): DirectoryLock {
  let released = false;
  return {
    file,
    release() {
      if (released) return;
      released = true;
      if (readPid(file) === process.pid) fs.rmSync(file, { force: true });
    },
  };
}

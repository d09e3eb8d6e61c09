import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acquireDirectoryLock, DirectoryLockedError, lockFileFor } from '../../src/db/lock';

describe('embedded directory lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rd-lock-')), 'pglite');
  });

  it('refuses a directory held by a live process, naming the directory and the pid', () => {
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      fs.writeFileSync(lockFileFor(dir), `${holder.pid}\n`);
      let error: unknown;
      try {
        acquireDirectoryLock(dir);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DirectoryLockedError);
      expect((error as Error).message).toContain(dir);
      expect((error as Error).message).toContain(`process ${holder.pid}`);
    } finally {
      holder.kill();
    }
  });

  it('takes over a lock left by a dead process and releases it', () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(dead.stdout.toString());
    fs.writeFileSync(lockFileFor(dir), `${deadPid}\n`);
    const lock = acquireDirectoryLock(dir);
    expect(fs.readFileSync(lock.file, 'utf8').trim()).toBe(String(process.pid));
    lock.release();
    expect(fs.existsSync(lock.file)).toBe(false);
  });

  it('refuses a second lock in the same process', () => {
    const lock = acquireDirectoryLock(dir);
    try {
      expect(() => acquireDirectoryLock(dir)).toThrow(DirectoryLockedError);
    } finally {
      lock.release();
    }
  });
});

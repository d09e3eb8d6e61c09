/**
 * `npm start` on a port another process holds: the server must say so in one line and exit,
 * closing the database (the embedded directory's lock file goes away), instead of staying up
 * with its change-feed timers running and nothing listening.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { lockFileFor } from '../../src/db/lock';

const ROOT = path.resolve(__dirname, '../..');

describe('serve on a port that is taken', () => {
  let dir: string;
  let holder: net.Server;
  let port: number;
  let child: ChildProcess | null = null;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-port-'));
    fs.mkdirSync(path.join(dir, 'content'));
    holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, resolve));
    port = (holder.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    // A server that failed to exit (the bug this file is about) must not outlive the test run.
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await new Promise((resolve) => holder.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('exits with status 1, names the port and PORT, and releases the embedded database', async () => {
    const dataDir = path.join(dir, 'pglite');
    child = spawn(process.execPath, ['-r', path.join(ROOT, 'test/support/ts-register.js'), path.join(ROOT, 'src/main.ts'), 'serve'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: `pglite:${dataDir}`,
        CONTENT_DIR: path.join(dir, 'content'), // empty: nothing to import, the test is about the port
        MEDIA_DIR: path.join(dir, 'media'),
        PORT: String(port),
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += String(d)));
    const code = await new Promise<number | null>((resolve) => child!.once('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(`reformdesk: port ${port} is already in use: stop the process that holds it, or set PORT`);
    expect(fs.existsSync(lockFileFor(dataDir))).toBe(false);
  }, 120_000);
});

/**
 * Real server processes for the multi-instance tests: `src/main.ts serve` run from the
 * TypeScript sources (test/support/ts-register.js), each with its own port, sharing the test
 * database and Redis. Resolves once the process logs that it serves.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const ROOT = path.resolve(__dirname, '../..');

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Log lines (parsed pino JSON) so far. */
  logs: Record<string, any>[];
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

export async function startServerProcess(databaseUrl: string, env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['-r', path.join(ROOT, 'test/support/ts-register.js'), path.join(ROOT, 'src/main.ts'), 'serve'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: databaseUrl,
      PORT: '0',
      LOG_LEVEL: 'info',
      MEDIA_DIR: path.join(os.tmpdir(), `reformdesk-live-media-${process.pid}`),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, any>[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const url = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line);
        logs.push(entry);
        if (entry.msg === 'ReformDesk is serving') resolve(String(entry.url).replace(/\/graphql$/, ''));
      } catch {
        /* not a log line */
      }
    });
    void exited.then((code) => reject(new Error(`server process exited (${code}) before serving: ${stderr.slice(-2000)}`)));
  });
  return {
    url,
    child,
    logs,
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

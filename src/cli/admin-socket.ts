/**
 * The embedded database (PGlite) belongs to one process: while `npm start` serves, a second
 * process cannot open it. Commands that need it while the server runs (creating the first
 * admin) are therefore sent to the server over a local Unix socket beside the data directory
 * (`data/pglite.sock` for `pglite:./data/pglite`), mode 0600: only the server's own user can
 * connect, the same user who could open the directory itself once the server is stopped.
 * Nothing listens on the network. Protocol: one JSON request line, one JSON answer line.
 */
import fs from 'node:fs';
import net from 'node:net';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createUserFromCli, type UserCreateArgs } from './user-cli';
import { UsageError } from './run';

export interface AdminRequest {
  command: 'user-create';
  args: UserCreateArgs;
  password: string | null;
}

type AdminAnswer = { ok: true; output: string } | { ok: false; error: string; code?: string; field?: string };

/** The running server refused a command it was sent (e.g. the e-mail is taken): one line, exit 1. */
export class ServerRefusedError extends UsageError {
  name = 'ServerRefusedError';
  constructor(
    message: string,
    public readonly code?: string,
    public readonly field?: string,
  ) {
    super(message);
  }
}

export function adminSocketFor(dataDir: string): string {
  return `${dataDir.replace(/[\\/]+$/, '')}.sock`;
}

/** What the server does for a request: the same code the command runs when it opens the database itself. */
export async function runAdminRequest(orm: MikroORM, request: AdminRequest): Promise<string> {
  if (request.command === 'user-create') return createUserFromCli(orm, request.args, request.password);
  throw new ServerRefusedError(`unknown command "${(request as { command?: unknown }).command}"`);
}

export interface AdminSocket {
  file: string;
  close(): Promise<void>;
}

export async function listenAdminSocket(file: string, handle: (request: AdminRequest) => Promise<string>): Promise<AdminSocket> {
  // We hold the database lock, so a socket file left here belongs to a server that died.
  fs.rmSync(file, { force: true });
  const server = net.createServer((socket) => {
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > 64 * 1024) return socket.destroy();
      const end = buffer.indexOf('\n');
      if (end < 0) return;
      void answer(buffer.slice(0, end)).then((a) => socket.end(`${JSON.stringify(a)}\n`));
    });
    socket.on('error', () => undefined); // a client that hung up early is not our problem
  });
  const answer = async (line: string): Promise<AdminAnswer> => {
    try {
      return { ok: true, output: await handle(JSON.parse(line) as AdminRequest) };
    } catch (e) {
      // Domain errors (src/graphql/errors.ts) carry a code and usually the field at fault.
      const { code, details } = e as { code?: unknown; details?: { field?: unknown } };
      return { ok: false, error: (e as Error).message, code: typeof code === 'string' ? code : undefined, field: typeof details?.field === 'string' ? details.field : undefined };
    }
  };
  // The socket is created with mode 0600 (umask around the synchronous bind), so no other user
  // can connect even for a moment; the umask is restored before anything else runs.
  const listening = new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const umask = process.umask(0o177);
  try {
    server.listen(file);
  } finally {
    process.umask(umask);
  }
  await listening;
  fs.chmodSync(file, 0o600);
  return {
    file,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        fs.rmSync(file, { force: true });
      }),
  };
}

/** Sends one request to the server listening on `file`; resolves with its output, rejects with its refusal. */
export function askServer(file: string, request: AdminRequest): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const socket = net.createConnection(file, () => socket.write(`${JSON.stringify(request)}\n`));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (buffer += chunk));
    socket.on('error', (e) => reject(new ServerRefusedError(`cannot reach the running server on ${file}: ${e.message}`)));
    socket.on('end', () => {
      try {
        const a = JSON.parse(buffer) as AdminAnswer;
        if (a.ok) resolve(a.output);
        else reject(new ServerRefusedError(a.error, a.code, a.field));
      } catch {
        reject(new ServerRefusedError(`the running server on ${file} gave no answer`));
      }
    });
  });
}

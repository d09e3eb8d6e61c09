/**
 * The first admin is created while the server runs on the embedded database: the directory is
 * locked by the server, so `npm run user:create` (createUserCommand) asks the server over its
 * local admin socket; once the server is gone it opens the directory itself.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Role } from '../../src/core/roles';
import { type AdminSocket, adminSocketFor, listenAdminSocket, runAdminRequest, ServerRefusedError } from '../../src/cli/admin-socket';
import { createUserCommand } from '../../src/cli/user-create';
import type { Config } from '../../src/config';
import { type Database, migrate, openDatabase } from '../../src/db/orm';
import { LoginDocument } from '../gql/graphql';
import { testConfig } from '../support/config';
import { startTestServer, type TestServer } from '../support/server';
import { templatesOfThisRun } from '../support/templates';

describe('creating the first admin while the server holds the embedded database', () => {
  let dir: string;
  let dataDir: string;
  let db: Database | null;
  let admin: AdminSocket | null;
  let server: TestServer | null;
  let config: Config;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-first-admin-'));
    dataDir = path.join(dir, 'pglite');
    // On disk, as `npm start` has it; from this run's migrated tarball when there is one (PGlite runs).
    const templates = templatesOfThisRun();
    const loadDataDir = templates?.kind === 'pglite' ? new Blob([fs.readFileSync(templates.migrated)]) : undefined;
    db = await openDatabase({ database: { kind: 'pglite', dataDir }, connectTimeoutMs: 8000 }, { loadDataDir });
    await migrate(db.orm);
    config = testConfig(db);
    server = await startTestServer(db);
    const orm = db.orm;
    admin = await listenAdminSocket(adminSocketFor(dataDir), (request) => runAdminRequest(orm, request));
  }, 180_000); // creating a database directory on disk is slow on a busy machine
  afterAll(async () => {
    await admin?.close();
    await server?.stop();
    await db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('listens on a socket beside the data directory that only its user may open', () => {
    const stat = fs.statSync(adminSocketFor(dataDir));
    expect(stat.isSocket()).toBe(true);
    expect(stat.mode & 0o777).toBe(0o600);
  });

  it('creates the admin through the running server, who can then sign in with the one-time password', async () => {
    const output = await createUserCommand(config, { email: 'quantri@baohatinh.vn', roles: [Role.ADMIN], name: 'Quản trị', passwordFromStdin: false }, null);
    const password = /one-time password, shown once: (\S+)/.exec(output)?.[1];
    expect(password).toBeDefined();
    const login = await server!.query(LoginDocument, { email: 'quantri@baohatinh.vn', password: password! });
    expect(login.errors).toBeUndefined();
    expect(login.data?.login.user).toMatchObject({ displayName: 'Quản trị', roles: ['ADMIN'], mustChangePassword: true });
  });

  it('passes the server refusal on with its code: the e-mail is taken, the password too short', async () => {
    const taken = createUserCommand(config, { email: 'QuanTri@baohatinh.vn', roles: [Role.EDITOR], passwordFromStdin: true }, 'một mật khẩu đủ dài');
    await expect(taken).rejects.toBeInstanceOf(ServerRefusedError);
    await expect(taken).rejects.toMatchObject({ code: 'CONFLICT', field: 'email' });
    await expect(createUserCommand(config, { email: 'bt@baohatinh.vn', roles: [Role.EDITOR], passwordFromStdin: true }, 'ngắn')).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'password',
    });
  });

  it('opens the directory itself once the server has stopped, and the socket is gone', async () => {
    await admin!.close();
    await server!.stop();
    await db!.close();
    admin = server = db = null;
    expect(fs.existsSync(adminSocketFor(dataDir))).toBe(false);
    const output = await createUserCommand(config, { email: 'bt@baohatinh.vn', roles: [Role.EDITOR], passwordFromStdin: true }, 'một mật khẩu đủ dài');
    expect(output).toMatch(/^created bt@baohatinh\.vn \(EDITOR\)/);
  });
});

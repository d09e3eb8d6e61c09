import { assertReachable, DatabaseUnreachableError, openDatabase } from '../../src/db/orm';

describe('unreachable PostgreSQL', () => {
  it('fails quickly with host and port in the message, never hangs', async () => {
    const started = Date.now();
    let error: unknown;
    try {
      const db = await openDatabase({ database: { kind: 'postgres', url: 'postgres://postgres@127.0.0.1:1/nowhere', poolSize: 1 }, connectTimeoutMs: 3000 });
      try {
        await assertReachable(db, 3000);
      } finally {
        await db.close();
      }
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseUnreachableError);
    expect((error as Error).message).toContain('127.0.0.1:1');
    // bounded by the configured timeout (plus slack), so a hang cannot pass
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('PostgreSQL that accepts but never answers', () => {
  it('gives up after the connect timeout instead of hanging', async () => {
    const net = await import('node:net');
    const sockets: import('node:net').Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket)); // accepts, never speaks
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as import('node:net').AddressInfo).port;
    let error: unknown;
    try {
      const db = await openDatabase({ database: { kind: 'postgres', url: `postgres://postgres@127.0.0.1:${port}/x`, poolSize: 1 }, connectTimeoutMs: 1500 });
      try {
        await assertReachable(db, 1500);
      } finally {
        await db.close();
      }
    } catch (e) {
      error = e;
    } finally {
      sockets.forEach((s) => s.destroy());
      silent.close();
    }
    expect(error).toBeInstanceOf(DatabaseUnreachableError);
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
  });
});

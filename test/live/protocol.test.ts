/**
 * Bad input on the websocket endpoint, per the graphql-ws protocol: each fault closes or
 * errors that socket with the protocol's codes, never crashes the process, never touches
 * another socket. And the limits: subscriptions per socket, sockets per address, message
 * size, floods, idle sockets, and the same validation rules as HTTP.
 */
import { loadLiveConfig, type LiveConfig } from '../../src/config';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { RawSocket } from './support';

const LIMITS: Partial<LiveConfig> = { maxSubscriptionsPerConnection: 2, maxPayloadBytes: 2048, maxMessagesPerSecond: 10, idleTimeoutMs: 400 };
const TABLE = 'subscription { rankingTableChanged(index: "khong-co") { revision } }';

describe('websocket protocol faults and limits', () => {
  let db: TestDatabase;
  let server: TestServer;
  let bystander: RawSocket;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer(db, { live: { ...loadLiveConfig({}), ...LIMITS } });
    // A healthy socket with a subscription, open through every fault below.
    bystander = new RawSocket(server.url);
    await bystander.init();
    await bystander.send({ id: 'keep', type: 'subscribe', payload: { query: TABLE } });
  });
  afterAll(async () => {
    bystander.close();
    await server.stop();
    await db.destroy();
  });
  afterEach(() => {
    // The process and the bystander survive every fault.
    expect(bystander.closed).toBeNull();
  });

  const faults: [string, (s: RawSocket) => Promise<void>, number][] = [
    ['a message that is not JSON', (s) => s.send('{ not json'), 4400],
    [
      'a message of unknown type',
      async (s) => {
        await s.init();
        await s.send({ type: 'dance', id: '1' });
      },
      4400,
    ],
    ['subscribe before connection_init', (s) => s.send({ id: '1', type: 'subscribe', payload: { query: TABLE } }), 4401],
    [
      'a second connection_init',
      async (s) => {
        await s.init();
        await s.send({ type: 'connection_init' });
      },
      4429,
    ],
    [
      'a duplicate subscription id',
      async (s) => {
        await s.init();
        await s.send({ id: 'x', type: 'subscribe', payload: { query: TABLE } });
        await s.send({ id: 'x', type: 'subscribe', payload: { query: TABLE } });
      },
      4409,
    ],
    ['a token that does not sign in', (s) => s.init({ authorization: 'Bearer rd_s_khong-hop-le' }), 4403],
    [
      'a message over the size limit',
      async (s) => {
        await s.init();
        await s.send({ id: '1', type: 'subscribe', payload: { query: `# ${'x'.repeat(4096)}\n${TABLE}` } });
      },
      1009,
    ],
    [
      'a flood of subscribe messages',
      async (s) => {
        await s.init();
        for (let i = 0; i < 40; i++) await s.send({ id: `f${i}`, type: 'subscribe', payload: { query: TABLE } });
      },
      1008,
    ],
  ];

  it.each(faults)('closes the socket on %s', async (_name, act, code) => {
    const socket = new RawSocket(server.url);
    await act(socket);
    expect((await socket.closedWith()).code).toBe(code);
  });

  it('refuses a socket that does not speak graphql-transport-ws', async () => {
    // Asking for the legacy protocol: no subprotocol is agreed, the handshake fails.
    await expect(new RawSocket(server.url, 'graphql-ws').open()).rejects.toThrow();
    // Asking for none: graphql-ws closes with 4406.
    const socket = new RawSocket(server.url, null);
    expect((await socket.closedWith()).code).toBe(4406);
  });

  it('answers operation faults with an error message for that operation and keeps the socket', async () => {
    const socket = new RawSocket(server.url);
    await socket.init();
    const errorOf = async (id: string, payload: Record<string, unknown>) => {
      await socket.send({ id, type: 'subscribe', payload });
      await socket.until(() => socket.messages.some((m) => m.id === id));
      const message = socket.messages.find((m) => m.id === id);
      expect(message.type).toBe('error');
      return message.payload[0];
    };
    expect((await errorOf('q', { query: '{ rankingIndex(slug: "a") { slug } }' })).message).toMatch(/only subscriptions/);
    expect((await errorOf('parse', { query: 'subscription {' })).extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect((await errorOf('unknown', { query: 'subscription { khongCo }' })).extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const deep = `subscription { articleChanged(slug: "a") { units { ${'parent { '.repeat(14)}code${' }'.repeat(14)} } } }`;
    expect((await errorOf('deep', { query: deep })).extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'depth' });
    const aliases = `subscription { articleChanged(slug: "a") { ${Array.from({ length: 25 }, (_, i) => `t${i}: title`).join(' ')} } }`;
    expect((await errorOf('aliases', { query: aliases })).extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'aliases' });
    const unsafe = await errorOf('unsafe', { query: 'subscription S($slug: String!) { articleChanged(slug: $slug) { id } }', variables: { slug: 'bai\u202Eviet' } });
    expect(unsafe.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'slug' });
    expect(socket.closed).toBeNull();
    socket.close();
  });

  it('limits subscriptions per socket: the one over the limit gets an error, the others stay', async () => {
    const socket = new RawSocket(server.url);
    await socket.init();
    for (const id of ['1', '2', '3']) await socket.send({ id, type: 'subscribe', payload: { query: TABLE } });
    await socket.until(() => socket.messages.some((m) => m.id === '3'));
    const third = socket.messages.find((m) => m.id === '3');
    expect(third.type).toBe('error');
    expect(third.payload[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'subscriptions' });
    expect(socket.messages.filter((m) => m.id === '1' || m.id === '2')).toEqual([]);
    expect(socket.closed).toBeNull();
    socket.close();
  });

  it('closes a socket that stays idle without subscriptions', async () => {
    const socket = new RawSocket(server.url);
    await socket.init();
    expect(await socket.closedWith()).toEqual({ code: 1000, reason: 'Idle timeout' });
  });

  it('refuses sockets over the per-address limit at the upgrade, without touching the open ones', async () => {
    const limited = await startTestServer(db, { live: { ...loadLiveConfig({}), maxConnectionsPerAddress: 2 } });
    try {
      const first = new RawSocket(limited.url);
      const second = new RawSocket(limited.url);
      await Promise.all([first.init(), second.init()]);
      const third = new RawSocket(limited.url);
      await expect(third.open()).rejects.toThrow('upgrade refused: 429');
      expect(first.closed).toBeNull();
      expect(second.closed).toBeNull();
      first.close();
      await first.closedWith();
      // A closed socket frees its place.
      await new Promise((r) => setTimeout(r, 50));
      const fourth = new RawSocket(limited.url);
      await fourth.init();
      expect(fourth.messages[0].type).toBe('connection_ack');
      second.close();
      fourth.close();
    } finally {
      await limited.stop();
    }
  });
});

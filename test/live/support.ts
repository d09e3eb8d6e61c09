/** Websocket helpers for the live tests: a graphql-ws client and a raw socket that records what the server says. */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export const wsUrl = (httpUrl: string) => `${httpUrl.replace(/^http/, 'ws')}/graphql`;

export function liveClient(httpUrl: string, token?: string): Client {
  return createClient({
    url: wsUrl(httpUrl),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    lazy: true,
    retryAttempts: 0,
  });
}

export interface Subscribed<T> {
  /** Results received so far. */
  results: { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }[];
  /** Resolves when `n` results have arrived. */
  received(n: number): Promise<void>;
  /** Resolves once the server acknowledged the subscription (its first event can come now). */
  ended: Promise<void>;
  stop(): void;
}

export function subscribe<T>(client: Client, query: string, variables: Record<string, unknown> = {}): Subscribed<T> {
  const results: Subscribed<T>['results'] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let finish: () => void;
  const ended = new Promise<void>((r) => (finish = r));
  const notify = () => waiters.filter((w) => results.length >= w.n).forEach((w) => w.resolve());
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        results.push(value as Subscribed<T>['results'][number]);
        notify();
      },
      error: (e) => {
        const errors = Array.isArray(e) ? e : [{ message: (e as Error)?.message ?? String((e as CloseEvent)?.code ?? e), extensions: { closeCode: (e as CloseEvent)?.code } }];
        results.push({ errors });
        notify();
        finish();
      },
      complete: () => finish(),
    },
  );
  return {
    results,
    ended,
    stop,
    received: (n) => (results.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
  };
}

/** A raw graphql-transport-ws socket: sends what the test says, records messages and the close. */
export class RawSocket {
  readonly messages: any[] = [];
  closed: { code: number; reason: string } | null = null;
  private readonly ws: WebSocket;
  private readonly opened: Promise<void>;
  private readonly closing: Promise<{ code: number; reason: string }>;
  private waiters: (() => void)[] = [];

  constructor(httpUrl: string, protocol: string | null = 'graphql-transport-ws') {
    this.ws = protocol ? new WebSocket(wsUrl(httpUrl), protocol) : new WebSocket(wsUrl(httpUrl));
    this.ws.on('error', () => undefined);
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      this.ws.once('error', (e) => reject(e));
    });
    this.ws.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)));
      this.waiters.forEach((w) => w());
    });
    this.closing = new Promise((resolve) =>
      this.ws.once('close', (code, reason) => {
        this.closed = { code, reason: String(reason) };
        resolve(this.closed);
        this.waiters.forEach((w) => w());
      }),
    );
  }

  open(): Promise<void> {
    return this.opened;
  }

  async send(message: unknown): Promise<void> {
    await this.opened;
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  async init(payload: Record<string, unknown> = {}): Promise<void> {
    await this.send({ type: 'connection_init', payload });
    await this.until(() => this.messages.some((m) => m.type === 'connection_ack') || !!this.closed);
  }

  /** Waits until `check` holds (a message arrived, the socket closed). */
  until(check: () => boolean): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve) => {
      const w = () => {
        if (check()) {
          this.waiters = this.waiters.filter((x) => x !== w);
          resolve();
        }
      };
      this.waiters.push(w);
    });
  }

  closedWith(): Promise<{ code: number; reason: string }> {
    return this.closing;
  }

  close(): void {
    this.ws.close();
  }
}

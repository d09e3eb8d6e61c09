/**
 * GraphQL subscriptions over graphql-ws on the same /graphql path as HTTP. The protocol
 * library answers protocol faults with its close codes (4400 malformed message, 4401 subscribe
 * before connection_init, 4408 no init in time, 4409 duplicate id, 4429 repeated init); this
 * file adds what a public endpoint needs on top:
 *  - authentication in connection_init ({ authorization: "Bearer …" } or { token }), with the
 *    same tokens as HTTP; a bad token closes 4403; revoked sessions/tokens close their sockets;
 *  - the HTTP rules for every operation: token limit, depth/alias/cost rules, findUnsafeInput;
 *    only subscriptions travel here (queries and mutations keep their HTTP path and its rules);
 *  - limits: sockets per address (429 at the upgrade), subscriptions per socket (an error for
 *    that operation), message size (ws closes 1009), messages per second (closes 1008), and
 *    an idle timeout for sockets without subscriptions (closes 1000).
 * A fault on one socket never reaches another: every callback is per socket and guarded.
 */
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { type ExecutionArgs, getOperationAST, GraphQLError, type GraphQLSchema, parse, specifiedRules, validate, visit, type DocumentNode } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocket, WebSocketServer } from 'ws';
import type { Config, LiveConfig } from '../config';
import type { Database } from '../db-kit/database';
import { AuthService } from '../accounts/auth.service';
import type { RequestContexts } from '../graphql/context';
import { formatError } from '../graphql/errors';
import { findUnsafeInput, inputError } from '../graphql/input-guard';
import { LIMITS, validationRules } from '../graphql/limits';
import { ANONYMOUS, type Viewer } from '../graphql/viewer';
import type { Logger } from '../logger';
import type { LiveFeed } from './live-feed';
import { SharedResults } from './shared-results';

export interface LiveSockets {
  /** Sockets open now. */
  readonly size: number;
  /** Closes every socket (1001: clients reconnect elsewhere) and stops accepting new ones. */
  close(): Promise<void>;
}

interface SocketState {
  viewer: Viewer;
  token: string | null;
  lastActive: number;
  subscriptions: () => number;
}

const STAFF_ONLY_FIELDS = new Set(['newsroomEvents']);

function tokenOf(payload: Record<string, unknown> | undefined): string | null {
  if (!payload) return null;
  const raw = payload.authorization ?? payload.Authorization ?? payload.token;
  if (typeof raw !== 'string') return null;
  const m = /^(?:Bearer\s+)?(\S+)\s*$/i.exec(raw);
  return m ? m[1] : null;
}

/** A public subscription runs as an anonymous reader whoever opened the socket: staff fields never leak into a widget. */
function needsStaffViewer(document: DocumentNode): boolean {
  let staff = false;
  visit(document, {
    Field(node) {
      if (STAFF_ONLY_FIELDS.has(node.name.value)) staff = true;
    },
  });
  return staff;
}

const refused = (message: string, code: string, extra: Record<string, unknown> = {}) => [new GraphQLError(message, { extensions: { code, ...extra } })];

export function attachLiveSockets(options: {
  httpServer: http.Server;
  schema: GraphQLSchema;
  db: Database;
  config: Config;
  live: LiveConfig;
  feed: LiveFeed;
  logger: Logger;
  /** Request contexts of the app (src/app/context.ts), one per websocket operation. */
  contexts: RequestContexts;
  now?: () => Date;
}): LiveSockets {
  const { httpServer, schema, db, config, live, feed, logger } = options;
  const now = options.now ?? (() => new Date());
  const wss = new WebSocketServer({ noServer: true, maxPayload: live.maxPayloadBytes });
  const perAddress = new Map<string, number>();
  const states = new Map<WebSocket, SocketState>();
  const shared = new SharedResults();
  const rules = [...specifiedRules, ...validationRules((limit, error) => logger.info({ limit, refused: error.message }, 'subscription refused by a limit'))];
  let closing = false;

  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/graphql') return; // another upgrade handler's business, if any
    socket.on('error', () => undefined);
    const address = req.socket.remoteAddress ?? 'unknown';
    const open = perAddress.get(address) ?? 0;
    if (closing || open >= live.maxConnectionsPerAddress) {
      const status = closing ? '503 Service Unavailable' : '429 Too Many Requests';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    perAddress.set(address, open + 1);
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.once('close', () => {
        const left = (perAddress.get(address) ?? 1) - 1;
        if (left > 0) perAddress.set(address, left);
        else perAddress.delete(address);
        states.delete(ws);
      });
      wss.emit('connection', ws, req);
    });
  };
  httpServer.on('upgrade', onUpgrade);

  // Registered before useServer's own listener, so a flood is cut before graphql-ws parses it.
  wss.on('connection', (ws: WebSocket) => {
    ws.on('error', (e) => logger.debug({ err: e }, 'websocket error'));
    let windowStart = Date.now();
    let count = 0;
    ws.on('message', () => {
      const t = Date.now();
      if (t - windowStart >= 1000) {
        windowStart = t;
        count = 0;
      }
      const state = states.get(ws);
      if (state) state.lastActive = t;
      if (++count > live.maxMessagesPerSecond && ws.readyState === WebSocket.OPEN) ws.close(1008, `Too many messages (limit ${live.maxMessagesPerSecond} per second)`);
    });
  });

  const disposable = useServer<Record<string, unknown>>(
    {
      schema,
      connectionInitWaitTimeout: 10_000,
      onConnect: async (ctx) => {
        const token = tokenOf(ctx.connectionParams);
        let viewer: Viewer = ANONYMOUS;
        if (token) {
          try {
            viewer = await new AuthService(db.orm.em.fork() as never, now).viewerForToken(token);
          } catch {
            return false; // 4403 Forbidden: the same token would get a 401 over HTTP
          }
        }
        states.set(ctx.extra.socket, { viewer, token, lastActive: Date.now(), subscriptions: () => Object.keys(ctx.subscriptions).length });
        return true;
      },
      onSubscribe: (ctx, _id, payload): ExecutionArgs | readonly GraphQLError[] => {
        const state = states.get(ctx.extra.socket);
        if (!state) return refused('connection is not initialised', 'UNAUTHENTICATED');
        state.lastActive = Date.now();
        if (Object.keys(ctx.subscriptions).length > live.maxSubscriptionsPerConnection) {
          return refused(`too many subscriptions on this connection (limit ${live.maxSubscriptionsPerConnection})`, 'RATE_LIMITED', { limit: 'subscriptions' });
        }
        let document: DocumentNode;
        try {
          document = parse(String(payload.query ?? ''), { maxTokens: LIMITS.tokens });
        } catch (e) {
          return refused((e as Error).message, 'GRAPHQL_PARSE_FAILED');
        }
        const errors = validate(schema, document, rules);
        if (errors.length) return errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED', ...e.extensions } }));
        const operation = getOperationAST(document, payload.operationName ?? undefined);
        if (!operation) return refused('unable to identify the operation (name it with operationName)', 'BAD_USER_INPUT');
        if (operation.operation !== 'subscription') return refused('only subscriptions are served over websockets: send queries and mutations over HTTP', 'BAD_USER_INPUT');
        const variables = (payload.variables ?? undefined) as Record<string, unknown> | undefined;
        const unsafe = findUnsafeInput(document, variables);
        if (unsafe.length) return [inputError(unsafe)];
        const viewer = needsStaffViewer(document) ? state.viewer : ANONYMOUS;
        const request = ctx.extra.request;
        const contextValue = {
          ...options.contexts.create(viewer, { address: request.socket.remoteAddress ?? 'unknown', token: state.token }),
          live: { feed, shared },
        };
        return { schema, document, operationName: payload.operationName ?? undefined, variableValues: variables, contextValue };
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!result.errors?.length) return;
        return {
          ...result,
          errors: result.errors.map((e) =>
            formatError(e.toJSON(), e, { production: config.env === 'production', onInternalError: (err) => logger.error({ err }, 'subscription failed') }),
          ),
        };
      },
      onError: (_ctx, _id, _payload, errors) =>
        errors.map((e) => formatError(e.toJSON(), e, { production: config.env === 'production', onInternalError: (err) => logger.error({ err }, 'subscription failed') })),
    },
    wss,
  );

  // Sockets without subscriptions are closed once idle; staff sockets re-check their credentials.
  const idleSweep = setInterval(
    () => {
      const cutoff = Date.now() - live.idleTimeoutMs;
      for (const [ws, state] of states) {
        if (state.subscriptions() === 0 && state.lastActive < cutoff && ws.readyState === WebSocket.OPEN) ws.close(1000, 'Idle timeout');
      }
    },
    Math.max(50, Math.min(5000, Math.floor(live.idleTimeoutMs / 4))),
  );
  idleSweep.unref();

  let rechecking: Promise<void> | null = null;
  const recheckCredentials = () => {
    rechecking ??= (async () => {
      for (const [ws, state] of states) {
        if (state.viewer.kind !== 'staff' || !state.token) continue;
        const still = await new AuthService(db.orm.em.fork() as never, now).viewerForToken(state.token).catch(() => null);
        const sameRoles = still && still.kind === 'staff' && [...still.roles].sort().join() === [...state.viewer.roles].sort().join();
        if (!sameRoles && ws.readyState === WebSocket.OPEN) ws.close(CloseCode.Forbidden, 'Forbidden: the session or token was revoked or its rights changed');
      }
    })()
      .catch((e) => logger.error({ err: e }, 'websocket credential check failed'))
      .finally(() => (rechecking = null));
  };
  const stopRevocations = feed.subscribe((event) => {
    if (event.type === 'access.revoked') recheckCredentials();
  });
  // Sessions also end by expiry, which no event announces.
  const expirySweep = setInterval(recheckCredentials, 60_000);
  expirySweep.unref();

  return {
    get size() {
      return wss.clients.size;
    },
    async close() {
      closing = true;
      clearInterval(idleSweep);
      clearInterval(expirySweep);
      stopRevocations();
      httpServer.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.close(1001, 'Server shutting down');
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/**
 * What server.ts mounts for issue 12: the fan-out feed, the dispatcher that fills it (and any
 * other durable consumer, e.g. webhooks) from the outbox, and the websocket endpoint.
 */
import type http from 'node:http';
import type { GraphQLSchema } from 'graphql';
import { type Config, loadLiveConfig } from '../config';
import type { Database } from '../db-kit/database';
import type { Logger } from '../logger';
import type { ChangeConsumer } from '../outbox/change-event';
import { type ConsumerLag, Dispatcher } from './dispatcher';
import { LiveFeed } from './live-feed';
import { attachLiveSockets, type LiveSockets } from './ws-server';
import type { RequestContexts } from '../graphql/context';

export interface Live {
  feed: LiveFeed;
  dispatcher: Dispatcher | null;
  sockets: LiveSockets;
  /** For /readyz: how far each consumer is behind (null when this instance does not dispatch). */
  lag(): Promise<ConsumerLag[] | null>;
  /** Graceful: close sockets, finish the delivery in flight, give leases back, disconnect. */
  stop(): Promise<void>;
}

export async function startLive(options: {
  config: Config;
  db: Database;
  logger: Logger;
  httpServer: http.Server;
  schema: GraphQLSchema;
  contexts: RequestContexts;
  consumers?: ChangeConsumer[];
  now?: () => Date;
}): Promise<Live> {
  const { config, db, logger } = options;
  const live = config.live ?? loadLiveConfig();
  const feed = new LiveFeed(live.redisUrl, live.channel, (e) => logger.warn({ err: e }, 'live feed: Redis problem'));
  await feed.listening();
  const dispatcher = live.dispatch
    ? new Dispatcher(db, [feed, ...(options.consumers ?? [])], { logger, pollMs: live.pollMs, leaseMs: live.leaseMs, retentionMs: live.outboxRetentionHours * 3600_000 })
    : null;
  await dispatcher?.start();
  const sockets = attachLiveSockets({ httpServer: options.httpServer, schema: options.schema, db, config, live, feed, logger, contexts: options.contexts, now: options.now });
  return {
    feed,
    dispatcher,
    sockets,
    lag: async () => (dispatcher ? dispatcher.lag() : null),
    async stop() {
      await sockets.close();
      await dispatcher?.stop();
      await feed.close();
    },
  };
}

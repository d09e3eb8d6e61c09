/**
 * Builds the HTTP app (express 5 + Apollo Server 5) from a config and an open database,
 * with health endpoints, the offline IDE and graceful shutdown.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Config } from './config';
import type { Database } from './db/orm';
import { runWithSqlScope } from './db-kit/sql-counter';
import { requestContexts } from './app/context';
import type { RequestContext } from './graphql/context';
import { formatError } from './graphql/errors';
import { apolloMiddleware } from './graphql/express-apollo';
import { IDE_ASSET_PREFIX, ideAssets, idePage, idePolicy, wantsIde } from './web/ide';
import { operationReporting } from './graphql/plugins';
import { inputGuardPlugin } from './graphql/input-guard';
import { getSchema } from './app/schema';
import { LIMITS, validationRules } from './graphql/limits';
import type { Logger } from './logger';
import { createMediaModule } from './media/media.delivery';
import { mediaRouter } from './media/media.routes';
import { widgetRouter } from './widgets/widget.routes';
import { FEED_PATH } from './outreach/feed.service';
import { outreachFeedRouter } from './outreach/feed.routes';
import { createCaching } from './cache';
import { readinessCheck } from './db/readiness';
import { webRouter } from './web/web.routes';
import { startLive, type Live } from './live';
import { StaleClaimsConsumer } from './live/stale-claims';
import type { ChangeConsumer } from './outbox/change-event';
import { startWebhooks, type Webhooks } from './live/webhooks';
import { jsonServerError, notFound, securityHeaders, applyPagePolicy, defaultSecurityHeaders } from './web/security';
import { createLeanExecutor, type LeanExecutor } from './graphql/lean-execution';
import type { NewsroomHooks } from './newsroom/hooks';

export interface RunningServer {
  url: string;
  port: number;
  httpServer: http.Server;
  /** Change feed, dispatcher and websocket subscriptions (src/live). */
  live: Live;
  /** Outbound webhooks: a consumer of the change feed (src/live/webhooks). */
  webhooks: Webhooks;
  /** Known anonymous queries answered before express and Apollo (src/graphql/lean-execution.ts); null when off. */
  lean: Pick<LeanExecutor, 'answered'> | null;
  /** Stops accepting, drains sockets, in-flight requests and webhook deliveries, stops Apollo. Does not close the database. */
  stop(): Promise<void>;
}

export interface ServerOptions {
  config: Config;
  db: Database;
  logger: Logger;
  /** What bodies add to saving and publishing articles (src/bodies/body.hooks.ts in the product). */
  newsroom: NewsroomHooks;
  now?: () => Date;
  /** Durable change-feed consumers besides the subscriptions' fan-out (e.g. webhooks). */
  consumers?: ChangeConsumer[];
  /** Answer misses of known anonymous queries without express and Apollo (default true; tests compare both paths). */
  fastMisses?: boolean;
}

export async function startServer({ config, db, logger, newsroom, now, consumers, fastMisses = true }: ServerOptions): Promise<RunningServer> {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders());
  const caching = createCaching({ config: config.cache, db, now, exposeSqlCount: config.debugSql, securityHeaders: defaultSecurityHeaders() }); // src/cache
  // Headroom above the GET URL limit, so a long GET gets our 414 rather than node's bare 431.
  const httpServer = http.createServer({ maxHeaderSize: 80 * 1024 }, caching.handler(app));
  // Idle keep-alive sockets live longer than a reverse proxy's (nginx 60 s, load balancers 60 s):
  // with node's 5 s default the server closes a socket just as a client reuses it, and that
  // request fails with ECONNRESET (seen when the event loop was busy for a few seconds).
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  const schema = await getSchema();
  // Sends webhook deliveries (rows) whatever instance enqueued them; the feed enqueues them (docs/webhooks.md).
  const webhooks = startWebhooks({ orm: db.orm, config: config.webhooks, logger, now });
  const contexts = requestContexts(db.orm, config, newsroom, now);
  const live = await startLive({ config, db, logger, httpServer, schema, contexts, consumers: [webhooks.consumer, new StaleClaimsConsumer(db, now), ...(consumers ?? [])], now });
  const lean = fastMisses ? createLeanExecutor({ schema, contexts, logger, exposeSqlCount: config.debugSql }) : null;
  if (lean) caching.enableFastMisses(lean);
  const apollo = new ApolloServer<RequestContext>({
    schema,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    persistedQueries: caching.persistedQueries,
    validationRules: validationRules((limit, error) => logger.info({ limit, refused: error.message }, 'query refused by a limit')),
    parseOptions: { maxTokens: LIMITS.tokens },
    // Shutdown is ours (drain, close the ORM, release the embedded lock), not Apollo's.
    stopOnTerminationSignals: false,
    introspection: config.introspection,
    // Stack traces and internal messages stay in the logs, in every environment.
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) =>
      formatError(formatted, error, { production: config.env === 'production', onInternalError: (err) => logger.error({ err }, 'internal error') }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // Cache hints are ours (src/cache/policy.ts, per root field). Apollo's default cache-control
      // plugin would wrap every resolver of every request (willResolveField) for hints nobody reads.
      ApolloServerPluginCacheControlDisabled(),
      operationReporting(logger, config.debugSql),
      inputGuardPlugin(),
      ...caching.plugins,
      ...(lean ? [lean.learn] : []),
    ],
  });
  await apollo.start();

  // Every request gets its own SQL statement scope (AsyncLocalStorage).
  app.use((_req, _res, next) => runWithSqlScope({ statements: 0 }, () => next()));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Answers from a recent check, so a flood queued on PGlite's one connection cannot stall it.
  const ready = readinessCheck(db, { extra: async () => ({ feed: await live.lag() }) });
  app.get('/readyz', async (_req, res) => {
    const r = await ready();
    res.status(r.ok ? 200 : 503).json(r.body);
  });

  // Media library: uploads and image variants (src/media).
  const media = createMediaModule(config.media);
  app.use(webRouter({ config, db, logger, contexts, now }));
  app.use('/media', mediaRouter({ config, db, logger, media, contexts }));
  app.use('/widgets', widgetRouter({ config, db, logger, media }));

  // Outreach iCalendar feeds: the secret token in the path is the only credential (src/outreach).
  app.use(FEED_PATH, outreachFeedRouter({ config, db, logger }));

  const ideEnabled = config.ide;
  if (ideEnabled) {
    app.use(IDE_ASSET_PREFIX, ideAssets());
  }
  app.use(
    '/graphql',
    (req, res, next) => {
      if (ideEnabled && wantsIde(req)) {
        applyPagePolicy(res, idePolicy('/graphql'));
        res.type('html').send(idePage('/graphql'));
        return;
      }
      next();
    },
    express.json({ limit: LIMITS.bodyBytes }),
    ...caching.middleware,
    apolloMiddleware(apollo, async ({ req }) => contexts.forRequest(req, logger)),
  );

  // A body that is not JSON (or too large) gets a GraphQL-shaped error, not express's HTML page.
  app.use((err: Error & { status?: number; type?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (!err.status || err.status >= 500) return next(err);
    const message = err.type === 'entity.too.large' ? 'request body is too large (limit 1 MB)' : `malformed request body: ${err.message}`;
    res.status(err.status).json({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
  });
  app.use(notFound);
  app.use(jsonServerError((err) => logger.error({ err }, 'request failed')));

  const stop = async () => {
    // Sockets first (clients reconnect to another instance), then deliveries in flight, then HTTP.
    await live.stop();
    await apollo.stop();
    await webhooks.close();
    await caching.close();
  };
  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    // Nothing listens (e.g. the port is taken): the feed's and webhooks' timers started above
    // would keep a process that serves nothing alive.
    await stop();
    throw e;
  }
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return { url, port, httpServer, live, webhooks, lean, stop };
}

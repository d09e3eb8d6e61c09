/**
 * Builds the HTTP app (express 5 + Apollo Server 5) from a config and an open database,
 * with health endpoints, the offline IDE and graceful shutdown.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Config } from './config';
import type { Database } from './db/orm';
import { pendingMigrations } from './db/orm';
import { runWithSqlScope } from './db/sql-counter';
import { contextForRequest, RequestContext } from './graphql/context';
import { formatError } from './graphql/errors';
import { IDE_ASSET_PREFIX, ideAssets, idePage, idePolicy, wantsIde } from './graphql/ide';
import { operationReporting } from './graphql/plugins';
import { getSchema } from './graphql/schema';
import { LIMITS, validationRules } from './graphql/limits';
import { auditPlugin } from './accounts/audit.plugin';
import { writeGuardPlugin } from './accounts/auth-checker';
import type { Logger } from './logger';
import { createMediaModule } from './media/media.delivery';
import { mediaRouter } from './media/media.routes';
import { widgetRouter } from './media/widgets/widget.routes';
import { FEED_PATH } from './outreach/feed.service';
import { outreachFeedRouter } from './outreach/feed.routes';
import { webRouter } from './web/web.routes';
import { jsonServerError, notFound, securityHeaders, applyPagePolicy } from './web/security';

export interface RunningServer {
  url: string;
  port: number;
  httpServer: http.Server;
  /** Stops accepting, drains in-flight requests, stops Apollo. Does not close the database. */
  stop(): Promise<void>;
}

export interface ServerOptions {
  config: Config;
  db: Database;
  logger: Logger;
  now?: () => Date;
}

export async function startServer({ config, db, logger, now }: ServerOptions): Promise<RunningServer> {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders());
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<RequestContext>({
    schema: await getSchema(),
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    validationRules: validationRules(),
    parseOptions: { maxTokens: LIMITS.tokens },
    // Shutdown is ours (drain, close the ORM, release the embedded lock), not Apollo's.
    stopOnTerminationSignals: false,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: config.env !== 'production',
    formatError: (formatted, error) => formatError(formatted, error, config.env === 'production'),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      operationReporting(logger, config.debugSql),
      auditPlugin(db.orm),
      writeGuardPlugin(),
    ],
  });
  await apollo.start();

  // Every request gets its own SQL statement scope (AsyncLocalStorage).
  app.use((_req, _res, next) => runWithSqlScope({ statements: 0 }, () => next()));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await db.orm.em.getConnection().execute('select 1');
      const pending = await pendingMigrations(db.orm);
      if (pending.length > 0) {
        res.status(503).json({ status: 'unavailable', reason: 'migrations pending', pending });
        return;
      }
      res.json({ status: 'ready' });
    } catch (e) {
      res.status(503).json({ status: 'unavailable', reason: 'database unreachable', error: (e as Error).message.split('\n')[0] });
    }
  });

  // Media library: uploads and image variants (src/media).
  const media = createMediaModule(config.media);
  app.use(webRouter({ config, db, logger, now }));
  app.use('/media', mediaRouter({ config, db, logger, media, now }));
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
    expressMiddleware(apollo, {
      context: async ({ req }) => contextForRequest(db.orm, config, req, now),
    }),
  );

  // A body that is not JSON (or too large) gets a GraphQL-shaped error, not express's HTML page.
  app.use((err: Error & { status?: number; type?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (!err.status || err.status >= 500) return next(err);
    const message = err.type === 'entity.too.large' ? 'request body is too large (limit 1 MB)' : `malformed request body: ${err.message}`;
    res.status(err.status).json({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
  });
  app.use(notFound);
  app.use(jsonServerError((err) => logger.error({ err }, 'request failed')));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    httpServer,
    async stop() {
      await apollo.stop();
    },
  };
}

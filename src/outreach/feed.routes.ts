/** GET /outreach/feeds/<token>.ics: the iCalendar text of a live feed; 404 for unknown or revoked tokens. */
import express from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config';
import type { Database } from '../db-kit/database';
import type { Logger } from '../logger';
import { httpStatusOf } from '../core/errors';
import { assertAccess } from '../core/policy';
import { ANONYMOUS } from '../core/viewer';
import { FeedService } from './feed.service';
import { OUTREACH_OPERATIONS } from './outreach.policy';

export function outreachFeedRouter({ config, db, logger }: { config: Config; db: Database; logger: Logger }): express.Router {
  const router = express.Router();
  router.get('/:file', async (req, res) => {
    const m = /^(.+)\.ics$/.exec(req.params.file);
    try {
      assertAccess(ANONYMOUS, OUTREACH_OPERATIONS['HTTP.outreachFeed']);
      const text = m ? await new FeedService(db.orm.em.fork() as EntityManager, ANONYMOUS, config.outreach).render(m[1]) : null;
      if (text === null) {
        res.status(404).type('text/plain').send('feed not found (unknown or revoked)');
        return;
      }
      // The URL is a secret: keep it out of shared caches and referrers.
      res.set({ 'Cache-Control': 'private, max-age=300', 'Referrer-Policy': 'no-referrer', 'X-Robots-Tag': 'noindex' });
      res.type('text/calendar; charset=utf-8').send(text);
    } catch (e) {
      const status = httpStatusOf(e);
      if (status === 500) logger.error({ err: e }, 'outreach feed failed');
      res
        .status(status)
        .type('text/plain')
        .send(status === 500 ? 'internal error' : (e as Error).message);
    }
  });
  return router;
}

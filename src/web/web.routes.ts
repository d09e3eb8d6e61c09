/**
 * What readers and editors open in a browser (mounted at the root by src/server.ts):
 *   GET /articles/<slug>                         a live article as readers see it (old slugs redirect)
 *   GET /embed/ranking/<index>/<year|latest>     a ranking widget page for other sites' iframes
 *   GET /embed/ranking/<index>/<year|latest>.json  its data (what the widget script fetches)
 *   GET /oembed?url=…                            oEmbed JSON for an embed URL
 *   GET /preview/<token>                         an editor's preview of a draft or pending revision
 *   GET /assets/reformdesk-widgets.js|.css       the dependency-free widget script and its styles
 */
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config';
import type { Database } from '../db-kit/database';
import type { RequestContexts } from '../graphql/context';
import { ANONYMOUS } from '../core/viewer';
import type { Logger } from '../logger';
import { sendError } from '../media/media.routes';
import { MediaInputError } from '../media/media.errors';
import { rankingWidgetUrl } from '../widgets/widget.urls';
import { articlePath, ARTICLE_PATH_PREFIX } from '../newsroom/article.urls';
import { REPO_ROOT } from '../paths';
import { renderArticle, renderPreview } from './article-page';
import { embedPath, EMBED_PREFIX, OEMBED_PATH, oembedAnswer, parseOembed } from './oembed';
import { EMBED_POLICY, pageHtml, WIDGET_CSS_PATH, WIDGET_SCRIPT_PATH } from './pages';
import { checkPreviewToken, PREVIEW_PATH } from './preview-token';
import { applyPagePolicy } from './security';
import { renderRankingFigure } from '../bodies/render';
import { widgetValue } from '../widgets/widget-data';
import { widgetDirective } from './widget-params';

export interface WebDeps {
  config: Config;
  db: Database;
  logger: Logger;
  /** Request contexts of the app (src/app/context.ts): pages run the resolvers' read code as an anonymous reader. */
  contexts: RequestContexts;
  now?: () => Date;
}

const ASSETS = path.join(REPO_ROOT, 'src/web/assets');
const origin = (req: express.Request) => `${req.protocol}://${req.get('host')}`;

export function webRouter({ config, db, logger, contexts, now = () => new Date() }: WebDeps): express.Router {
  const router = express.Router();
  const em = () => db.orm.em.fork() as EntityManager;
  const html = (res: express.Response, body: string) => res.type('html').send(body);

  // Browsers ask for it on every page; an empty answer keeps their consoles clean.
  router.get('/favicon.ico', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.status(204).end();
  });

  for (const [route, file, type] of [
    [WIDGET_SCRIPT_PATH, 'reformdesk-widgets.js', 'text/javascript; charset=utf-8'],
    [WIDGET_CSS_PATH, 'reformdesk-widgets.css', 'text/css; charset=utf-8'],
  ] as const) {
    const data = fs.readFileSync(path.join(ASSETS, file));
    router.get(route, (_req, res) => {
      // Partner sites load the script and styles from here: allow that explicitly.
      res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.type(type).send(data);
    });
  }

  router.get(`${ARTICLE_PATH_PREFIX}/:slug`, async (req, res) => {
    try {
      const ctx = contexts.create(ANONYMOUS);
      const page = await renderArticle(ctx, req.params.slug);
      if ('redirect' in page) return res.redirect(301, articlePath(page.redirect));
      res.setHeader('Cache-Control', 'public, max-age=60');
      applyPagePolicy(res, page.policy);
      html(res, page.html);
    } catch (e) {
      sendError(res, logger, e);
    }
  });

  router.get(`${EMBED_PREFIX}/:index/:edition`, async (req, res) => {
    try {
      const json = req.params.edition.endsWith('.json');
      const d = widgetDirective(req.params.index, req.params.edition.replace(/\.json$/, ''), req.query as Record<string, unknown>);
      const value = await widgetValue(em(), d);
      res.setHeader('Cache-Control', d.edition === 'latest' ? 'public, max-age=60' : 'public, max-age=300');
      res.setHeader('X-Data-Revision', String(value.revision));
      if (json) {
        res.setHeader('Access-Control-Allow-Origin', '*');
        res.json(value);
        return;
      }
      const self = `${origin(req)}${embedPath(d, d.edition)}`;
      const title = d.caption || `${value.indexName} ${value.year}`;
      applyPagePolicy(res, EMBED_POLICY);
      html(
        res,
        pageHtml({
          title,
          description: value.editionTitle,
          canonical: self,
          oembedUrl: `${origin(req)}${OEMBED_PATH}?url=${encodeURIComponent(self)}&format=json`,
          bodyClass: 'rd-embed',
          // The share image of the same options and data revision (the PNG's X-Data-Revision says which).
          main: renderRankingFigure(d, value) + `<p class="rd-meta"><a href="${rankingWidgetUrl(d, value.year)}" target="_blank" rel="noopener">Ảnh chia sẻ (PNG)</a></p>`,
        }),
      );
    } catch (e) {
      sendError(res, logger, e);
    }
  });

  router.get(OEMBED_PATH, async (req, res) => {
    try {
      const asked = parseOembed(req.query as Record<string, unknown>);
      if (asked === 'xml') throw new MediaInputError(501, 'NOT_IMPLEMENTED', 'only format=json is offered');
      const value = await widgetValue(em(), asked.directive);
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.json(oembedAnswer(origin(req), asked, value));
    } catch (e) {
      sendError(res, logger, e);
    }
  });

  router.get(`${PREVIEW_PATH}/:token`, async (req, res) => {
    // Never cached by anyone, never indexed, and the token never leaves in a Referer.
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Robots-Tag', 'noindex, nofollow');
    try {
      const check = checkPreviewToken(config, req.params.token, now());
      if (!check.ok)
        throw new MediaInputError(403, 'FORBIDDEN', check.reason === 'expired' ? 'this preview link has expired: ask for a new one' : 'this preview link is not valid');
      const ctx = contexts.create(ANONYMOUS);
      const page = await renderPreview(ctx, check.articleId);
      applyPagePolicy(res, page.policy);
      html(res, page.html);
    } catch (e) {
      sendError(res, logger, e);
    }
  });

  return router;
}

/**
 * Ranking tables as images, for channels that cannot run JavaScript (social posts, Zalo,
 * print, slides):
 *   GET /widgets/ranking/<index>/<year|latest>.png|.svg?highlight=436,437&limit=10&area=LV2&size=social|print
 * The options are those of the article body's ranking directive (index, edition, area,
 * highlight, limit, display), plus the size.
 * Public: only published editions are drawn. PNGs are rendered once per data revision and
 * options, kept in media storage, under the same transform cap as image variants.
 */
import { createHash } from 'node:crypto';
import express from 'express';
import sharp from 'sharp';
import type { Config } from '../config';
import type { Database } from '../db-kit/database';
import { assertAccess } from '../core/policy';
import { ANONYMOUS } from '../core/viewer';
import type { Logger } from '../logger';
import { RANKING_OPERATIONS } from '../rankings/ranking.policy';
import { RankingQueryService } from '../rankings/ranking.query';
import type { RankingTableView as RankingTable } from '../rankings/ranking.views';
import type { MediaModule } from '../media/media.delivery';
import { MediaInputError } from '../media/media.errors';
import { SingleFlight } from '../media/media.limiter';
import { sendError } from '../media/media.routes';
import { renderRankingSvg, type WidgetSize } from './ranking.svg';
import { renderTrendSvg } from './trend.svg';
import { widgetValue } from './widget-data';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ifNoneMatchHits } from '../core/etag';

/** Bump when the drawing changes, so cached PNGs and ETags of the old drawing stop matching. */
const WIDGET_VERSION = 2;

export interface WidgetQuery {
  slug: string;
  year: number | null;
  format: 'png' | 'svg';
  size: WidgetSize;
  first: number | null;
  highlight: string[];
  area: string | null;
  /** The limit was asked for (not the social image's default of ten places) */
  explicitLimit: boolean;
  /** display=trend: scores across editions instead of one edition's bars */
  trend: boolean;
}

/**
 * The social image's default "top ten places" must not draw an empty chart: an index that
 * holds only some units with their reported ranks (Hà Tĩnh is 15th of 63 provinces in the PAR
 * INDEX, the only row) keeps its rows (at most ten) when none is in the top ten.
 */
export function fitRows(table: RankingTable, q: WidgetQuery): RankingTable {
  if (q.explicitLimit || q.first === null) return table;
  const top = table.rows.filter((r) => r.rank <= q.first! || r.highlighted);
  return { ...table, rows: top.length ? top : table.rows.slice(0, q.first) };
}

const bad = (code: string, message: string) => new MediaInputError(400, code, message);

export function parseWidgetQuery(slug: string, file: string, query: Record<string, unknown>): WidgetQuery {
  const m = /^(latest|\d{4})\.(png|svg)$/.exec(file);
  if (!m) throw bad('BAD_WIDGET', 'expected /widgets/ranking/<index>/<year or latest>.png or .svg');
  if (!/^[a-z0-9-]{1,100}$/.test(slug)) throw new MediaInputError(404, 'NOT_FOUND', `index "${slug}" was not found`);
  const one = (name: string) => {
    const v = query[name];
    if (v !== undefined && typeof v !== 'string') throw bad('BAD_WIDGET', `give "${name}" once`);
    return v as string | undefined;
  };
  const size = one('size') ?? 'social';
  if (size !== 'social' && size !== 'print') throw bad('BAD_WIDGET', 'size must be social (1200×630) or print');
  const limitRaw = one('limit');
  if (limitRaw !== undefined && (!/^\d{1,3}$/.test(limitRaw) || Number(limitRaw) < 1 || Number(limitRaw) > 500)) throw bad('BAD_WIDGET', 'limit must be a number from 1 to 500');
  // Tables and bars are drawn the same way (bars labelled with their scores); trend as lines across editions.
  const display = one('display') ?? 'bars';
  if (display !== 'bars' && display !== 'table' && display !== 'trend') throw bad('BAD_WIDGET', 'display must be bars, table or trend');
  const highlight = (one('highlight') ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  if (highlight.length > 20 || highlight.some((c) => !/^(\d{1,10}|[A-Z][A-Z0-9-]{0,9})$/.test(c)))
    throw bad('BAD_WIDGET', 'highlight takes up to 20 unit codes separated by commas');
  const area = one('area') ?? null;
  if (area !== null && !/^[A-Za-z0-9._-]{1,30}$/.test(area)) throw bad('BAD_WIDGET', 'area must be an area code such as LV2');
  return {
    slug,
    year: m[1] === 'latest' ? null : Number(m[1]),
    format: m[2] as 'png' | 'svg',
    size,
    // A social image has room for about ten rows; print shows every row unless told.
    first: limitRaw !== undefined ? Number(limitRaw) : size === 'social' ? 10 : null,
    explicitLimit: limitRaw !== undefined,
    trend: display === 'trend',
    highlight: [...new Set(highlight)].sort(),
    area,
  };
}

interface Drawing {
  year: number;
  revision: number;
  svg(): string;
}

async function barsDrawing(db: Database, q: WidgetQuery): Promise<Drawing> {
  const table = fitRows(
    await new RankingQueryService(db.orm.em.fork(), ANONYMOUS).table(q.slug, { year: q.year, area: q.area, first: q.explicitLimit ? q.first : null, highlight: q.highlight }),
    q,
  );
  return { year: table.edition.year, revision: table.revision, svg: () => renderRankingSvg(table, { size: q.size }).svg };
}

/** The trend as an article body's `display=trend` widget resolves it (highlighted units, else the top five). */
async function trendDrawing(db: Database, q: WidgetQuery): Promise<Drawing> {
  const value = await widgetValue(db.orm.em.fork() as EntityManager, {
    kind: 'ranking',
    id: 'w1',
    line: 1,
    index: q.slug,
    edition: q.year ?? 'latest',
    area: q.area,
    highlight: q.highlight,
    limit: null,
    display: 'trend',
    caption: '',
  });
  return { year: value.year, revision: value.revision, svg: () => renderTrendSvg(value, { size: q.size }).svg };
}

export function widgetRouter({ db, logger, media }: { config: Config; db: Database; logger: Logger; media: MediaModule }): express.Router {
  const router = express.Router();
  const flights = new SingleFlight<Buffer>();

  router.get('/ranking/:index/:file', async (req, res) => {
    try {
      assertAccess(ANONYMOUS, RANKING_OPERATIONS['HTTP.rankingWidget']);
      const q = parseWidgetQuery(req.params.index, req.params.file, req.query as Record<string, unknown>);
      const drawing = q.trend ? await trendDrawing(db, q) : await barsDrawing(db, q);
      // Same edition, revision and options → same picture: the hash names it.
      const identity = JSON.stringify([WIDGET_VERSION, q.slug, drawing.year, drawing.revision, q.area, q.first, q.highlight, q.size, q.trend]);
      const hash = createHash('sha256').update(identity).digest('base64url').slice(0, 32);
      const etag = `"${hash}-${q.format}"`;
      res.setHeader('ETag', etag);
      // The embed page and its JSON name the same revision (src/web): a share image and an embed can be checked to agree.
      res.setHeader('X-Data-Revision', String(drawing.revision));
      // A year's image changes only with a data correction (new revision → new ETag): revalidate hourly.
      res.setHeader('Cache-Control', q.year === null ? 'public, max-age=300' : 'public, max-age=3600');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
      if (ifNoneMatchHits(req.headers['if-none-match'], etag)) {
        res.status(304).end();
        return;
      }
      if (q.format === 'svg') {
        // Our own markup with every label escaped; the CSP keeps it inert if opened directly.
        res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
        res.type('image/svg+xml; charset=utf-8').send(drawing.svg());
        return;
      }
      // A base64url hash may start with '-' or '_', which storage keys refuse: prefix a letter.
      const key = `widgets/ranking/w${hash}.png`;
      let png = await media.storage.get(key);
      if (!png) {
        png = (
          await flights.do(key, () =>
            media.limiter.run(async () => {
              const data = await sharp(Buffer.from(drawing.svg())).png().toBuffer();
              await media.storage.put(key, data);
              return data;
            }),
          )
        ).value;
      }
      res.type('image/png').setHeader('Content-Length', String(png.length));
      res.end(png);
    } catch (e) {
      sendError(res, logger, e);
    }
  });

  return router;
}

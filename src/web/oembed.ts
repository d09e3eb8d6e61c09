/**
 * oEmbed (https://oembed.com/, version 1.0) for ranking embeds: `GET /oembed?url=<embed URL>
 * [&maxwidth=N][&maxheight=N][&format=json]` answers a "rich" type with an <iframe> of the
 * embed page. maxwidth/maxheight are honoured (never exceeded) and bounded by our own limits.
 */
import type { RankingDirective } from '../bodies/directives';
import type { RankingWidgetValue } from '../bodies/resolved';
import { MediaInputError } from '../media/media.errors';
import { rankingWidgetUrl } from '../widgets/widget.urls';
import { widgetDirective, widgetQuery } from './widget-params';

export const EMBED_PREFIX = '/embed/ranking';
export const OEMBED_PATH = '/oembed';
export const EMBED_SIZE = { width: 640, minWidth: 200, maxWidth: 1200, minHeight: 150, maxHeight: 2000 };
const THUMBNAIL = { width: 1200, height: 630 };
const KNOWN = new Set(['url', 'maxwidth', 'maxheight', 'format']);

const bad = (message: string) => new MediaInputError(400, 'BAD_USER_INPUT', message);

export interface OembedRequest {
  directive: RankingDirective;
  maxwidth: number | null;
  maxheight: number | null;
}

function dimension(name: string, raw: unknown, min: number): number | null {
  if (raw === undefined) return null;
  if (typeof raw !== 'string' || !/^\d{1,5}$/.test(raw)) throw bad(`${name} must be a whole number of pixels`);
  const n = Number(raw);
  if (n < min) throw bad(`${name} must be at least ${min}: a ranking cannot be shown smaller`);
  return n;
}

/** Reads /oembed's query: an embed URL of ours (absolute or a path), and the size limits. */
export function parseOembed(query: Record<string, unknown>): OembedRequest | 'xml' {
  for (const key of Object.keys(query)) if (!KNOWN.has(key)) throw bad(`unknown parameter "${key}" (known: ${[...KNOWN].join(', ')})`);
  if (query.format !== undefined && query.format !== 'json') {
    if (query.format === 'xml') return 'xml';
    throw bad('format must be json');
  }
  if (typeof query.url !== 'string' || !query.url) throw bad('url is required: the address of a ReformDesk embed, e.g. /embed/ranking/par-index-cap-tinh/latest');
  let url: URL;
  try {
    url = new URL(query.url, 'http://reformdesk.invalid');
  } catch {
    throw bad('url is not a valid address');
  }
  const m = new RegExp(`^${EMBED_PREFIX}/([^/]+)/([^/]+)$`).exec(url.pathname);
  if (!m || !/^https?:$/.test(url.protocol)) throw new MediaInputError(404, 'NOT_FOUND', 'url is not a ReformDesk embed (expected …/embed/ranking/<index>/<year or latest>)');
  const params: Record<string, string> = {};
  for (const [k, v] of url.searchParams) {
    if (k in params) throw bad(`the embed url gives "${k}" twice`);
    params[k] = v;
  }
  return {
    directive: widgetDirective(decodeURIComponent(m[1]), decodeURIComponent(m[2]), params),
    maxwidth: dimension('maxwidth', query.maxwidth, EMBED_SIZE.minWidth),
    maxheight: dimension('maxheight', query.maxheight, EMBED_SIZE.minHeight),
  };
}

/** The height a ranking needs: heading, note and one line per row (or per unit of a trend). */
export function naturalHeight(d: RankingDirective, value: RankingWidgetValue): number {
  const lines = d.display === 'trend' && value.trend.length ? value.trend.length : value.rows.length;
  return 150 + 37 * lines;
}

export function embedPath(d: RankingDirective, edition: number | 'latest'): string {
  return `${EMBED_PREFIX}/${encodeURIComponent(d.index)}/${edition}${widgetQuery(d)}`;
}

export function oembedAnswer(origin: string, req: OembedRequest, value: RankingWidgetValue) {
  const d = req.directive;
  const width = Math.min(EMBED_SIZE.width, req.maxwidth ?? Infinity, EMBED_SIZE.maxWidth);
  const height = Math.max(EMBED_SIZE.minHeight, Math.min(naturalHeight(d, value), req.maxheight ?? Infinity, EMBED_SIZE.maxHeight));
  const title = d.caption || `${value.indexName} ${value.year}`;
  const src = `${origin}${embedPath(d, d.edition)}`;
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const thumbnailFits = (req.maxwidth ?? Infinity) >= THUMBNAIL.width && (req.maxheight ?? Infinity) >= THUMBNAIL.height;
  return {
    version: '1.0',
    type: 'rich',
    title,
    provider_name: 'ReformDesk',
    provider_url: `${origin}/`,
    cache_age: d.edition === 'latest' ? 300 : 3600,
    width,
    height,
    html: `<iframe src="${esc(src)}" width="${width}" height="${height}" title="${esc(title)}" loading="lazy" style="border:0;max-width:100%"></iframe>`,
    ...(thumbnailFits ? { thumbnail_url: `${origin}${rankingWidgetUrl(d, value.year)}`, thumbnail_width: THUMBNAIL.width, thumbnail_height: THUMBNAIL.height } : {}),
    data_revision: value.revision,
  };
}

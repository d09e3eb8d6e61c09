/**
 * The options of a ranking widget outside an article (embeds, the widget's JSON, oEmbed),
 * read from a URL the way the body's `::: ranking` directive reads them: index, edition
 * (year or latest), area, highlight, limit, display. Anything else is refused.
 */
import type { RankingDirective, RankingDisplay } from '../bodies/directives';
import { MediaInputError } from '../media/media.errors';

const KNOWN = new Set(['area', 'highlight', 'limit', 'display', 'caption']);
const DISPLAYS: RankingDisplay[] = ['table', 'bars', 'trend'];

const bad = (message: string) => new MediaInputError(400, 'BAD_USER_INPUT', message);

export function widgetDirective(index: string, edition: string, query: Record<string, unknown>, allowed: Set<string> = KNOWN): RankingDirective {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(index) || index.length > 100) throw new MediaInputError(404, 'NOT_FOUND', `index "${index}" was not found`);
  if (!/^(latest|\d{4})$/.test(edition)) throw bad(`edition must be a year (e.g. 2018) or "latest", not "${edition}"`);
  for (const key of Object.keys(query)) if (!allowed.has(key)) throw bad(`unknown parameter "${key}" (known: ${[...allowed].join(', ')})`);
  const one = (name: string): string | undefined => {
    const v = query[name];
    if (v !== undefined && typeof v !== 'string') throw bad(`give "${name}" once`);
    return v as string | undefined;
  };
  const highlight = (one('highlight') ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  if (highlight.length > 20 || highlight.some((c) => !/^\d{1,10}$/.test(c))) throw bad('highlight takes up to 20 unit codes separated by commas');
  const limit = one('limit');
  if (limit !== undefined && (!/^\d{1,3}$/.test(limit) || Number(limit) < 1 || Number(limit) > 500)) throw bad('limit must be a number from 1 to 500');
  const area = one('area') ?? null;
  if (area !== null && !/^[A-Za-z0-9._-]{1,30}$/.test(area)) throw bad('area must be an area code such as LV2');
  const display = (one('display') ?? 'table') as RankingDisplay;
  if (!DISPLAYS.includes(display)) throw bad(`display must be one of ${DISPLAYS.join(', ')}`);
  const caption = (one('caption') ?? '').normalize('NFC').trim();
  if (caption.length > 200 || /[<>]/.test(caption)) throw bad('caption is at most 200 characters, without < or >');
  return {
    kind: 'ranking',
    id: 'w1',
    line: 1,
    index,
    edition: edition === 'latest' ? 'latest' : Number(edition),
    area,
    highlight: [...new Set(highlight)],
    limit: limit ? Number(limit) : null,
    display,
    caption,
  };
}

/** The query string of a directive's options (the inverse of widgetDirective), for URLs we hand out. */
export function widgetQuery(d: RankingDirective): string {
  const q = new URLSearchParams();
  if (d.area) q.set('area', d.area);
  if (d.highlight.length) q.set('highlight', d.highlight.join(','));
  if (d.limit) q.set('limit', String(d.limit));
  if (d.display !== 'table') q.set('display', d.display);
  if (d.caption) q.set('caption', d.caption);
  const s = q.toString().replace(/%2C/g, ',');
  return s ? `?${s}` : '';
}

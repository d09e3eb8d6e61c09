/** URLs of ranking widget images, built from the options of an article body's ranking directive. */
import type { RankingDirective } from '../bodies/directives';

/**
 * `/widgets/ranking/<index>/<year>.png?…&size=social`: the 1200×630 PNG of the directive's
 * ranking. `year` is the edition the article shows (a pinned year keeps the shared image stable).
 */
export function rankingWidgetUrl(d: Pick<RankingDirective, 'index' | 'highlight' | 'area' | 'limit' | 'display'>, year: number | 'latest'): string {
  const query = new URLSearchParams();
  if (d.highlight.length) query.set('highlight', d.highlight.join(','));
  if (d.area) query.set('area', d.area);
  if (d.limit) query.set('limit', String(d.limit));
  if (d.display !== 'bars') query.set('display', d.display);
  query.set('size', 'social');
  return `/widgets/ranking/${encodeURIComponent(d.index)}/${year}.png?${query.toString().replace(/%2C/g, ',')}`;
}

/**
 * A ranking widget's values outside an article, resolved exactly as an article body resolves
 * its `::: ranking` directive (same loaders, same rows, trend and revision): the embed page,
 * the widget script's JSON and the share PNG therefore agree on the data revision.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { createBodyLoaders } from '../bodies/body.loaders';
import { resolveDirectives } from '../bodies/body.resolve';
import type { RankingDirective } from '../bodies/directives';
import type { RankingWidgetValue } from '../bodies/resolved';
import { MediaInputError } from '../media/media.errors';

export async function widgetValue(em: EntityManager, d: RankingDirective): Promise<RankingWidgetValue> {
  const loaders = createBodyLoaders(em);
  const editions = await loaders.publishedEditionsByIndex.load(d.index);
  if (!editions.length) throw new MediaInputError(404, 'NOT_FOUND', `index "${d.index}" was not found (or has no published edition)`);
  if (d.edition !== 'latest' && !editions.some((e) => e.year === d.edition)) {
    throw new MediaInputError(404, 'NOT_FOUND', `index "${d.index}" has no published edition ${d.edition} (editions: ${editions.map((e) => e.year).join(', ')})`);
  }
  const resolved = await resolveDirectives([d], loaders);
  const value = resolved.widgets.get(d.id);
  if (!value) throw new MediaInputError(404, 'NOT_FOUND', `no ranking for "${d.index}"`);
  if (d.area && value.rows.length === 0) throw new MediaInputError(404, 'NOT_FOUND', `edition ${value.year} of "${d.index}" has no area "${d.area}"`);
  return value;
}

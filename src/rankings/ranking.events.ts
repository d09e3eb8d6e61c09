/**
 * Change-feed events of ranking data: one per edition whose data revision moved, whatever
 * moved it (a correction, an import, publishing an edition that later editions compare to).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChangeEventType } from '../outbox/change-event';
import { recordChange } from '../outbox/record';
import { Edition } from './edition.entity';
import { EditionStatus } from './ranking.enums';

export async function recordEditionChanges(em: EntityManager, type: ChangeEventType, editionIds: Iterable<number>): Promise<void> {
  const ids = [...new Set(editionIds)];
  if (ids.length === 0) return;
  const editions = await em.find(Edition, { id: { $in: ids } }, { populate: ['index'], orderBy: { id: 'asc' } });
  await recordChange(
    em,
    ...editions.map((edition) => ({
      type,
      keys: [`edition:${edition.index.slug}:${edition.year}`, `index:${edition.index.slug}`],
      revision: edition.revision,
      // Public facts only: which table moved. A draft edition's event says so, and subscriptions skip it.
      payload: { index: edition.index.slug, year: edition.year, public: edition.status === EditionStatus.PUBLISHED },
    })),
  );
}

/**
 * The `stale-claims` consumer (issue 12): when ranking data changes, every published article
 * whose as-published claims (facts, widgets) no longer match the data gets one `claim.stale`
 * event, which `newsroomEvents` routes to the newsroom.
 *
 * Idempotent: an article is announced once per snapshot. Each event carries `staleKey`
 * (`<article id>@<snapshot time>`); before recording, one select over the outbox drops the keys
 * already announced, so a redelivered trigger or a second correction without a new snapshot
 * announces nothing. (A new snapshot, taken when the article is republished, is a new key.)
 * Reads and recording run in one short transaction of their own; the dispatcher holds none,
 * so on PGlite's single connection it waits its turn and blocks no one for long.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { staleArticles, type StaleArticle } from '../bodies/snapshot.service';
import type { Database } from '../db-kit/database';
import type { ChangeConsumer, ChangeEvent, ChangeEventType } from '../outbox/change-event';
import { type NewChange, recordChange } from '../outbox/record';

const TRIGGERS: ChangeEventType[] = ['score.corrected', 'scores.imported', 'edition.published'];

export const staleKeyOf = (stale: Pick<StaleArticle, 'article' | 'snapshotTakenAt'>): string => `${stale.article.id}@${stale.snapshotTakenAt.toISOString()}`;

export class StaleClaimsConsumer implements ChangeConsumer {
  readonly name = 'stale-claims';

  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async handle(event: ChangeEvent): Promise<void> {
    if (!TRIGGERS.includes(event.type)) return;
    const em = this.db.orm.em.fork() as EntityManager;
    await em.transactional(async (tx) => {
      const stale = await staleArticles(tx, this.now());
      if (stale.length === 0) return;
      const keys = stale.map(staleKeyOf);
      const announced: { key: string }[] = await tx.execute(`select payload->>'staleKey' as key from change_outbox where type = 'claim.stale' and payload->>'staleKey' in (?)`, [
        keys,
      ]);
      const done = new Set(announced.map((r) => r.key));
      const fresh = stale.filter((s) => !done.has(staleKeyOf(s)));
      await recordChange(tx, ...fresh.map((s) => staleEvent(s, event)));
    });
  }
}

function staleEvent(stale: StaleArticle, trigger: ChangeEvent): NewChange {
  const { article } = stale;
  return {
    type: 'claim.stale',
    keys: [`article:${article.id}`],
    // Articles belong to no organisation: the newsroom as a whole hears it.
    organisationId: null,
    payload: {
      articleId: article.id,
      slug: article.slug,
      title: article.title,
      differences: stale.differences.length,
      triggeredBy: trigger.id,
      snapshotTakenAt: stale.snapshotTakenAt.toISOString(),
      staleKey: staleKeyOf(stale),
    },
  };
}

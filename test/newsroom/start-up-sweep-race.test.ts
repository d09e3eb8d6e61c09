/**
 * Two server instances starting at the same instant both run the start-up publication work
 * (src/main.ts: recordDuePublications, then snapshotLiveBodies) over the same due articles.
 * Each due article must end up with exactly one as-published snapshot, one "published" event
 * (bookkeeping row and change-feed row) and, for scheduled pending changes, one revision;
 * neither instance may fail. On PostgreSQL the two "instances" are two ORMs with pools of
 * their own; PGlite has one connection, so there both run over the same ORM.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { BODY_HOOKS } from '../../src/bodies/body.hooks';
import { snapshotLiveBodies } from '../../src/bodies/snapshot.service';
import { type Database, openDatabase } from '../../src/db/orm';
import { ArticleState } from '../../src/newsroom/article.entity';
import { ArticleService } from '../../src/newsroom/article.service';
import { recordDuePublications } from '../../src/newsroom/publication';
import { WorkflowService } from '../../src/newsroom/workflow.service';
import { createTestDatabase, type TestDatabase, testTargetKind } from '../support/db';
import { em, seedTopics, staff } from './support';

const T0 = new Date('2026-06-01T01:00:00Z');
const hours = (n: number) => new Date(T0.getTime() + n * 3600_000);
const ROUNDS = 3;
const SCHEDULED_PER_ROUND = 3;

describe(`two instances starting at once (${testTargetKind()})`, () => {
  let db: TestDatabase;
  let other: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTopics(db);
    other = testTargetKind() === 'postgres' ? await openDatabase({ database: db.target, connectTimeoutMs: 8000 }) : db;
  });
  afterAll(async () => {
    if (other !== db) await other.close();
    await db.destroy();
  });

  /** What src/main.ts does at start, before serving. */
  const startUp = async (instance: Database, now: Date) => {
    const report = await recordDuePublications(instance.orm, BODY_HOOKS, now);
    const snapshots = await snapshotLiveBodies(instance.orm.em.fork() as EntityManager, now);
    return { ...report, snapshots };
  };

  const countPer = async (sql: string, ids: number[]): Promise<Map<number, number>> => {
    const rows: { id: number; n: string }[] = await em(db).execute(sql, [ids]);
    return new Map(rows.map((r) => [Number(r.id), Number(r.n)]));
  };

  it('each due article gets one snapshot, one published event and one revision, and both start-ups succeed', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const base = round * 10;
      const s = new ArticleService(em(db), staff(), hours(base), BODY_HOOKS);
      const w = new WorkflowService(em(db), staff(), hours(base), BODY_HOOKS);
      const scheduled: number[] = [];
      for (let i = 0; i < SCHEDULED_PER_ROUND; i++) {
        const a = await s.create({ title: `Bài hẹn giờ ${round}-${i}`, body: `Nội dung bài hẹn giờ số ${round}-${i}.` });
        const reviewed = await w.transition(a.id, a.version, ArticleState.IN_REVIEW);
        await w.transition(a.id, reviewed.version, ArticleState.SCHEDULED, hours(base + 1));
        scheduled.push(a.id);
      }
      // A live article whose edited body is scheduled to replace the live one.
      const live = await s.create({ title: `Bài đã đăng ${round}`, body: 'Bản đầu tiên.' });
      const reviewed = await w.transition(live.id, live.version, ArticleState.IN_REVIEW);
      const published = await w.transition(live.id, reviewed.version, ArticleState.PUBLISHED);
      const edited = await s.update(live.id, published.version, { body: 'Bản sửa, đăng theo lịch.' });
      await w.publishPending(live.id, edited.version, hours(base + 2));
      // A live article without a snapshot, as content imported by `npm run import` leaves it: snapshotLiveBodies takes it.
      const imported = await s.create({ title: `Bài nhập ${round}`, body: `Nội dung nhập từ tệp ${round}.` });
      const importedReviewed = await w.transition(imported.id, imported.version, ArticleState.IN_REVIEW);
      await w.transition(imported.id, importedReviewed.version, ArticleState.PUBLISHED);
      await em(db).execute(`delete from body_snapshot where article_id = ?`, [imported.id]);
      const all = [...scheduled, live.id, imported.id];
      const [{ last }]: { last: string }[] = await em(db).execute(`select coalesce(max(id), 0)::text as last from change_outbox`);
      const revisionsBefore = await countPer(`select article_id as id, count(*) as n from article_revision where article_id in (?) group by article_id`, all);

      // Down past both times; then two instances start at the same instant.
      const now = hours(base + 5);
      const [x, y] = await Promise.all([startUp(db, now), startUp(other, now)]);

      expect([...x.published, ...y.published].sort((p, q) => p - q)).toEqual(scheduled);
      expect([...x.pendingApplied, ...y.pendingApplied]).toEqual([live.id]);
      expect(x.snapshots + y.snapshots).toBe(1); // the imported one; the others were taken going live
      const snapshots = await countPer(`select article_id as id, count(*) as n from body_snapshot where article_id in (?) group by article_id`, all);
      // The live article keeps its first body's snapshot and gets one for the new body.
      expect(Object.fromEntries(snapshots)).toEqual(Object.fromEntries(all.map((id) => [id, id === live.id ? 2 : 1])));
      const events = await countPer(`select article_id as id, count(*) as n from article_published_event where article_id in (?) group by article_id`, all);
      expect(Object.fromEntries(events)).toEqual(Object.fromEntries(all.map((id) => [id, 1])));
      const feed: { type: string; keys: string[] }[] = await em(db).execute(`select type, keys from change_outbox where id > ? and (keys->>0) in (?) order by id`, [
        last,
        all.map((id) => `article:${id}`),
      ]);
      // One change-feed row per due article (none for the imported one): the published event, or the scheduled change going live.
      expect(feed.every((r) => r.type === 'article.published' || r.type === 'article.revisionPublished')).toBe(true);
      expect(feed.filter((r) => r.type === 'article.revisionPublished').map((r) => r.keys[0])).toEqual([`article:${live.id}`]);
      expect(
        feed
          .filter((r) => r.type === 'article.published')
          .map((r) => r.keys[0])
          .sort(),
      ).toEqual(scheduled.map((id) => `article:${id}`).sort());
      const revisionsAfter = await countPer(`select article_id as id, count(*) as n from article_revision where article_id in (?) group by article_id`, all);
      // Going live by time adds no revision; the scheduled change adds exactly one.
      expect(Object.fromEntries(revisionsAfter)).toEqual(Object.fromEntries(all.map((id) => [id, revisionsBefore.get(id)! + (id === live.id ? 1 : 0)])));
    }
  }, 120_000);
});

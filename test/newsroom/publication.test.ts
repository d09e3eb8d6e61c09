import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DatabaseTarget } from '../../src/config';
import { type Database, migrate, openDatabase } from '../../src/db/orm';
import { Article, ArticleState } from '../../src/newsroom/article.entity';
import { ArticleService } from '../../src/newsroom/article.service';
import { recordDuePublications } from '../../src/newsroom/publication';
import { ArticlePublishedEvent } from '../../src/newsroom/revision.entity';
import { WorkflowService } from '../../src/newsroom/workflow.service';
import { createTestDatabase, type TestDatabase, testTargetKind } from '../support/db';
import { em, seedTopics, staff } from './support';
import { BODY_HOOKS } from '../../src/bodies/body.hooks';

const T0 = new Date('2026-06-01T01:00:00Z');
const hours = (n: number) => new Date(T0.getTime() + n * 3600_000);

describe('"article published" events', () => {
  let holder: TestDatabase | null = null;
  let target: DatabaseTarget;
  let dir: string | null = null;
  beforeAll(async () => {
    if (testTargetKind() === 'postgres') {
      holder = await createTestDatabase();
      target = holder.target;
    } else {
      // A data directory on disk, so the "restart" really closes and reopens the database.
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-publication-'));
      target = { kind: 'pglite', dataDir: dir };
    }
  });
  afterAll(async () => {
    await holder?.destroy();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** One server lifetime: open, run, close. */
  async function lifetime<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    const db = await openDatabase({ database: target, connectTimeoutMs: 8000 });
    try {
      await migrate(db.orm);
      return await fn(db);
    } finally {
      await db.close();
    }
  }
  const events = (db: Database) => em(db).find(ArticlePublishedEvent, {}, { populate: ['article'], orderBy: { id: 'asc' } });

  it('fires once per article: at publication, and after downtime at the next start, never twice', async () => {
    const ids = await lifetime(async (db) => {
      await seedTopics(db);
      const s = new ArticleService(em(db), staff(), T0, BODY_HOOKS);
      const w = new WorkflowService(em(db), staff(), T0, BODY_HOOKS);
      const now = await s.create({ title: 'Đăng ngay' });
      const later = await s.create({ title: 'Đăng sau khi máy chủ tắt' });
      await w.transition(now.id, 1, ArticleState.IN_REVIEW);
      await w.transition(now.id, 2, ArticleState.PUBLISHED);
      await w.transition(later.id, 1, ArticleState.IN_REVIEW);
      await w.transition(later.id, 2, ArticleState.SCHEDULED, hours(2));
      // The published one has its event from the transaction that published it; the scheduled one not yet.
      expect((await events(db)).map((e) => e.article.id)).toEqual([now.id]);
      expect((await recordDuePublications(db.orm, BODY_HOOKS, hours(1))).published).toEqual([]);
      return { now: now.id, later: later.id };
    });

    // Down from hour 1 to hour 5: the scheduled time passed with no process running.
    const first = await lifetime((db) => recordDuePublications(db.orm, BODY_HOOKS, hours(5)));
    expect(first.published).toEqual([ids.later]);
    const again = await lifetime(async (db) => {
      const twice = await recordDuePublications(db.orm, BODY_HOOKS, hours(6));
      const all = await events(db);
      return { twice, all };
    });
    expect(again.twice.published).toEqual([]);
    expect(again.all.map((e) => [e.article.id, e.publishedAt.toISOString()])).toEqual([
      [ids.now, T0.toISOString()],
      [ids.later, hours(2).toISOString()],
    ]);
    expect(again.all[1].recordedAt.toISOString()).toBe(hours(5).toISOString());
  });

  it('two sweeps at once record each event once', async () => {
    await lifetime(async (db) => {
      const s = new ArticleService(em(db), staff(), T0, BODY_HOOKS);
      const w = new WorkflowService(em(db), staff(), T0, BODY_HOOKS);
      const a = await s.create({ title: 'Hai tiến trình cùng quét' });
      await w.transition(a.id, 1, ArticleState.IN_REVIEW);
      await w.transition(a.id, 2, ArticleState.SCHEDULED, hours(3));
      const [x, y] = await Promise.all([recordDuePublications(db.orm, BODY_HOOKS, hours(4)), recordDuePublications(db.orm, BODY_HOOKS, hours(4))]);
      expect([...x.published, ...y.published]).toEqual([a.id]);
    });
  });

  it('puts scheduled pending changes of a live article live at their time', async () => {
    await lifetime(async (db) => {
      const s = new ArticleService(em(db), staff(), T0, BODY_HOOKS);
      const w = new WorkflowService(em(db), staff(), T0, BODY_HOOKS);
      const a = await s.create({ title: 'Bản gốc' });
      await w.transition(a.id, 1, ArticleState.IN_REVIEW);
      await w.transition(a.id, 2, ArticleState.PUBLISHED);
      const edited = await s.update(a.id, 3, { title: 'Bản sửa hẹn giờ' });
      await w.publishPending(a.id, edited.version, hours(1));
      expect((await recordDuePublications(db.orm, BODY_HOOKS, hours(0.5))).pendingApplied).toEqual([]);
      expect((await em(db).findOneOrFail(Article, a.id)).title).toBe('Bản gốc');
      expect((await recordDuePublications(db.orm, BODY_HOOKS, hours(1))).pendingApplied).toEqual([a.id]);
      const after = await em(db).findOneOrFail(Article, a.id);
      expect(after).toMatchObject({ title: 'Bản sửa hẹn giờ', pending: null, version: 6 });
    });
  });
});

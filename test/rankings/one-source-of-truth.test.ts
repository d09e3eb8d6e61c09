/**
 * Issue 14 item 3: corrections made through the API are kept. A re-import that would overwrite
 * one is refused and lists it, unless forced with a reason; `npm run export` writes the data
 * back into the files, and importing what was exported changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { importContent } from '../../src/content/importer';
import { ImportFailedError } from '../../src/import-kit/problems';
import { exportScores } from '../../src/rankings/ranking.export';
import { CorrectScoreMDocument, ImportScoresMDocument, RankingTableQDocument, ScoreRevisionsQDocument } from '../gql/graphql';
import type { TestAccount } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { rankingContent, signedInDataManager, smallMethodology, smallScores } from './support';

const SLUG = 'thu-nghiem-nguon';
const NOW = new Date('2026-03-02T03:00:00Z');

describe('one source of truth for scores', () => {
  let db: TestDatabase;
  let server: TestServer;
  let dir: string;
  let staff: TestAccount;
  const original = smallScores(SLUG, [
    [2024, '436', 40, 20, 30],
    [2024, '437', 30, 10, 30],
  ]);
  const scoreOf = async (code: string) => (await server.query(RankingTableQDocument, { index: SLUG, year: 2024 })).data!.rankingTable.rows.find((r) => r.unit.code === code)!.total;
  const failureOf = (run: Promise<unknown>) =>
    run.then(
      () => {
        throw new Error('expected the import to fail');
      },
      (e: unknown) => {
        expect(e).toBeInstanceOf(ImportFailedError);
        return e as ImportFailedError;
      },
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    staff = await signedInDataManager(db, () => NOW);
    dir = rankingContent({ [`${SLUG}.methodology.yaml`]: smallMethodology(SLUG, [2024]), [`${SLUG}.scores.csv`]: original });
    await importContent(db.orm, dir);
    server = await startTestServer(db, {}, () => NOW);
    const corrected = await server.query(
      CorrectScoreMDocument,
      { input: { index: SLUG, year: 2024, unit: '437', field: 'B', value: 40, reason: 'Hội đồng thẩm định chấm lại' } },
      staff.headers,
    );
    expect(corrected.errors).toBeUndefined();
  }, 180_000);
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  it('refuses a content import that would revert an API correction, and lists the correction', async () => {
    const error = await failureOf(importContent(db.orm, dir));
    expect(error.problems).toEqual([expect.objectContaining({ row: 3, column: 'B', message: expect.stringContaining('437') })]);
    // Who corrected it, by the public display name: emails are for the account itself and admins.
    expect(error.problems[0].message).toContain(staff.displayName);
    expect(error.problems[0].message).not.toContain(staff.email);
    expect(await scoreOf('437')).toBe(80);
  });

  it('refuses the same through importScores, and a forced import without a reason', async () => {
    const res = await server.query(ImportScoresMDocument, { csv: original }, staff.headers);
    expect(res.data!.importScores.ok).toBe(false);
    expect(res.data!.importScores.problems.map((p) => [p.row, p.column])).toEqual([[3, 'B']]);
    const noReason = await server.query(ImportScoresMDocument, { csv: original, force: true }, staff.headers);
    expect(noReason.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(await scoreOf('437')).toBe(80);
  });

  it('exports the corrected data into the files; importing them is then a no-op', async () => {
    const em = db.orm.em.fork() as EntityManager;
    const exported = await exportScores(em, dir);
    expect(exported.written.map((f) => path.basename(f))).toEqual([`${SLUG}.scores.csv`]);
    const text = fs.readFileSync(path.join(dir, 'data', `${SLUG}.scores.csv`), 'utf8');
    expect(text).toContain(`${SLUG},2024,437,Thị xã Hồng Lĩnh,,,30,10,40`);
    const again = await importContent(db.orm, dir);
    expect(again.stats.changed).toBe(false);
    expect((await exportScores(db.orm.em.fork() as EntityManager, dir)).written).toEqual([]);
  });

  it('lets a forced import with a reason overwrite the correction, recording who, when, old, new and why', async () => {
    fs.writeFileSync(
      path.join(dir, 'data', `${SLUG}.scores.csv`),
      smallScores(SLUG, [
        [2024, '436', 40, 20, 30],
        [2024, '437', 30, 10, 35],
      ]),
    );
    await importContent(db.orm, dir, undefined, { force: { reason: 'Theo quyết định công bố chính thức' } });
    expect(await scoreOf('437')).toBe(75);
    const history = (await server.query(ScoreRevisionsQDocument, { index: SLUG, year: 2024, unit: '437' }, staff.headers)).data!.scoreRevisions;
    expect(history.map((r) => [r.field, r.oldValue, r.newValue, r.via, r.reason])).toEqual([
      ['B', 30, 40, 'correctScore', 'Hội đồng thẩm định chấm lại'],
      ['B', 40, 35, `${SLUG}.scores.csv`, 'Theo quyết định công bố chính thức'],
    ]);
    expect(history[1].changedBy).toMatch(/^content import/);
  });

  it('exports the shipped content so that importing it back changes nothing', async () => {
    const shipped = rankingContent({}, { shipped: true });
    await importContent(db.orm, shipped);
    await exportScores(db.orm.em.fork() as EntityManager, shipped);
    expect((await importContent(db.orm, shipped)).stats.changed).toBe(false);
    expect(fs.readFileSync(path.join(shipped, 'data', 'cchc-cap-huyen-ha-tinh.scores.csv'), 'utf8')).toMatch(/^# ILLUSTRATIVE DATA/);
  });
});

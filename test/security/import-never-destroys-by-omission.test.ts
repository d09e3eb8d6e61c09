/**
 * Issue 13, item 6: a scores file that leaves out a criterion column or a unit is refused whole,
 * naming what is missing, through every path (GraphQL `importScores`, `npm run import` of one
 * file or of the content directory). Omissions must be explicit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { importContent, importFile } from '../../src/content/importer';
import { ImportFailedError } from '../../src/import-kit/problems';
import { ImportScoresMDocument, RankingTableQDocument, ScoreSheetQDocument } from '../gql/graphql';
import type { TestAccount } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { rankingContent, signedInDataManager, smallMethodology, smallScores } from '../rankings/support';

const SLUG = 'thu-nghiem-bo-sot';
const NOW = new Date('2026-03-02T03:00:00Z');

/** The small scores without one criterion column (header and cells). */
function withoutColumn(csv: string, column: string): string {
  const lines = csv
    .trimEnd()
    .split('\n')
    .map((l) => l.split(','));
  const at = lines[0].indexOf(column);
  return `${lines.map((cells) => cells.filter((_, i) => i !== at).join(',')).join('\n')}\n`;
}

async function importFailure(run: () => Promise<unknown>): Promise<ImportFailedError> {
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportFailedError);
  return error as ImportFailedError;
}

describe('imports never destroy by omission', () => {
  let db: TestDatabase;
  let server: TestServer;
  let dir: string;
  let staff: TestAccount;
  const full = smallScores(SLUG, [
    [2024, '436', 40, 20, 30],
    [2024, '437', 30, 10, 35],
    [2024, '439', 20, 10, 20],
  ]);
  const totals = async () => (await server.query(RankingTableQDocument, { index: SLUG, year: 2024 })).data!.rankingTable.rows.map((r) => [r.unit.code, r.total]);

  beforeAll(async () => {
    db = await createTestDatabase();
    staff = await signedInDataManager(db, () => NOW);
    dir = rankingContent({ [`${SLUG}.methodology.yaml`]: smallMethodology(SLUG, [2024]), [`${SLUG}.scores.csv`]: full });
    await importContent(db.orm, dir);
    server = await startTestServer(db, {}, () => NOW);
  }, 180_000);
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  it('refuses through importScores a file without a criterion column, listing the column, and changes nothing', async () => {
    const before = await totals();
    const res = await server.query(ImportScoresMDocument, { csv: withoutColumn(full, 'B') }, staff.headers);
    expect(res.errors).toBeUndefined();
    expect(res.data!.importScores).toMatchObject({ ok: false, updated: 0, created: 0, revisions: 0 });
    expect(res.data!.importScores.problems.map((p) => [p.row, p.column])).toEqual([[1, 'B']]);
    expect(await totals()).toEqual(before);
  });

  it("lists every missing column at once (a leaf is covered by its own column or its parent's)", async () => {
    const twoMissing = withoutColumn(withoutColumn(full, 'A2'), 'B');
    const res = await server.query(ImportScoresMDocument, { csv: twoMissing }, staff.headers);
    expect(res.data!.importScores.problems.map((p) => p.column)).toEqual(['A2', 'B']);

    // Area A given directly covers A1 and A2.
    const byArea = `index,year,unit_code,A,B\n${SLUG},2024,436,60,30\n${SLUG},2024,437,40,35\n${SLUG},2024,439,30,20\n`;
    const accepted = await server.query(ImportScoresMDocument, { csv: byArea, reason: 'Điểm theo lĩnh vực' }, staff.headers);
    expect(accepted.data!.importScores.problems).toEqual([]);
    expect(accepted.data!.importScores.ok).toBe(true);
    const restored = await server.query(ImportScoresMDocument, { csv: full, reason: 'Trở lại điểm theo tiêu chí' }, staff.headers);
    expect(restored.data!.importScores.ok).toBe(true);
  });

  it('accepts an explicit omission: the column present with empty cells', async () => {
    const blankB = full.replace(/,(\d+)\n/g, ',\n');
    const res = await server.query(ImportScoresMDocument, { csv: blankB, reason: 'Lĩnh vực B chưa chấm' }, staff.headers);
    expect(res.data!.importScores).toMatchObject({ ok: true, updated: 3 });
    const sheet = await server.query(ScoreSheetQDocument, { index: SLUG, year: 2024, code: '436' });
    expect(sheet.data!.scoreSheet.scores.find((p) => p.code === 'B')?.points ?? null).toBeNull();
    expect((await server.query(ImportScoresMDocument, { csv: full, reason: 'Chấm lại lĩnh vực B' }, staff.headers)).data!.importScores.ok).toBe(true);
  });

  it('refuses a file that leaves out a unit with scores, naming the unit; remove=yes removes it explicitly', async () => {
    const withoutUnit = full
      .split('\n')
      .filter((l) => !l.includes(',439,'))
      .join('\n');
    const res = await server.query(ImportScoresMDocument, { csv: withoutUnit }, staff.headers);
    expect(res.data!.importScores.ok).toBe(false);
    expect(res.data!.importScores.problems).toEqual([{ row: null, column: 'unit_code', message: expect.stringContaining('439') }]);
    expect((await totals()).map(([code]) => code)).toContain('439');

    const explicit = `index,year,unit_code,A1,A2,B,remove\n${SLUG},2024,436,40,20,30,\n${SLUG},2024,437,30,10,35,\n${SLUG},2024,439,,,,yes\n`;
    const removed = await server.query(ImportScoresMDocument, { csv: explicit, reason: 'Đơn vị không thuộc diện đánh giá' }, staff.headers);
    expect(removed.data!.importScores).toMatchObject({ ok: true, revisions: 3 });
    expect((await totals()).map(([code]) => code)).toEqual(['436', '437']);
    const contradictory = `index,year,unit_code,A1,A2,B,remove\n${SLUG},2024,436,40,20,30,yes\n${SLUG},2024,437,30,10,35,\n`;
    const bad = await server.query(ImportScoresMDocument, { csv: contradictory }, staff.headers);
    expect(bad.data!.importScores.problems.map((p) => [p.row, p.column])).toEqual([[2, 'remove']]);
  });

  it('refuses the same omissions through npm run import, of one file or of the content directory', async () => {
    const file = path.join(dir, 'data', `${SLUG}.scores.csv`);
    fs.writeFileSync(file, withoutColumn(full, 'A1'));
    const single = await importFailure(() => importFile(db.orm, file));
    expect(single.problems.map((p) => [p.row, p.column])).toEqual([[1, 'A1']]);
    const whole = await importFailure(() => importContent(db.orm, dir));
    expect(whole.problems.map((p) => [path.basename(p.file), p.row, p.column])).toEqual([[`${SLUG}.scores.csv`, 1, 'A1']]);

    fs.writeFileSync(file, smallScores(SLUG, [[2024, '436', 40, 20, 30]]));
    const missingUnit = await importFailure(() => importFile(db.orm, file));
    expect(missingUnit.problems).toEqual([expect.objectContaining({ column: 'unit_code', message: expect.stringContaining('437') })]);
    expect((await totals()).map(([code]) => code)).toEqual(['436', '437']);
  });
});

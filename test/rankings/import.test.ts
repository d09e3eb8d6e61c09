import fs from 'node:fs';
import path from 'node:path';
import { importContent, importFile } from '../../src/content/importer';
import { ImportFailedError } from '../../src/import-kit/problems';
import { Edition } from '../../src/rankings/edition.entity';
import { RankingResult } from '../../src/rankings/result.entity';
import { ScoreSheet } from '../../src/rankings/score.entity';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { generatedCodes, rankingContent, smallMethodology, smallScores, unitsWithGenerated } from './support';

async function failure(run: Promise<unknown>): Promise<ImportFailedError> {
  try {
    await run;
  } catch (e) {
    if (e instanceof ImportFailedError) return e;
    throw e;
  }
  throw new Error('the import was expected to fail');
}

describe('ranking data import', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await db.destroy();
  });
  const count = (entity: typeof ScoreSheet | typeof RankingResult | typeof Edition) => db.orm.em.fork().count(entity, {});

  it('imports the shipped data, and a second run changes nothing', async () => {
    const dir = rankingContent({}, { shipped: true });
    const first = await importContent(db.orm, dir);
    expect(first.stats.counts['score sheets'].created).toBe(13 * 3 + 5 + 5 + 13); // + the illustrative ministries index
    expect(first.stats.counts['ranking rows'].created).toBe(13 * 3 + 5 + 5 + 13);
    const second = await importContent(db.orm, dir);
    expect(second.stats.changed).toBe(false);
    expect(second.stats.summary()).toContain('nothing changed');
  });

  it('reports every problem of the files at once, with file, row and column, and imports nothing', async () => {
    const badTree = smallMethodology('cay-sai', [2020]).replace('{ code: A2, title: Tiêu chí A2, max: 20', '{ code: A2, title: Tiêu chí A2, max: 25');
    const scores = [
      'index,year,unit_code,A1,A2,B,C9',
      'thu-nghiem,2025,436,30,10,20,', // fine
      'thu-nghiem,2025,999,30,10,20,', // unknown unit
      'thu-nghiem,2025,448,30,10,20,', // Lộc Hà no longer exists in 2025
      'thu-nghiem,2025,437,41,10,20,', // A1 above its maximum 40
      'thu-nghiem,2025,439,30,-3,20,', // negative
      'thu-nghiem,2025,436,31,10,20,', // duplicate of row 2
      'thu-nghiem,2025,440,30,10,20,5', // C9 is not in the tree
      'thu-nghiem,2025,441,30,abc,20,', // not a number
      'thu-nghiem,2025,42,30,10,20,', // the province is not a district-level unit
    ].join('\n');
    const dir = rankingContent({
      'thu-nghiem.methodology.yaml': smallMethodology('thu-nghiem', [2025]),
      'thu-nghiem.scores.csv': scores,
      'cay-sai.methodology.yaml': badTree,
    });
    const error = await failure(importContent(db.orm, dir));
    const found = error.problems.map((p) => [path.basename(p.file), p.row, p.column]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['thu-nghiem.scores.csv', 3, 'unit_code'],
        ['thu-nghiem.scores.csv', 4, 'unit_code'],
        ['thu-nghiem.scores.csv', 5, 'A1'],
        ['thu-nghiem.scores.csv', 6, 'A2'],
        ['thu-nghiem.scores.csv', 7, 'unit_code'],
        ['thu-nghiem.scores.csv', 8, 'C9'],
        ['thu-nghiem.scores.csv', 9, 'A2'],
        ['thu-nghiem.scores.csv', 10, 'unit_code'],
        ['cay-sai.methodology.yaml', 12, 'editions[0].criteria[0].max'],
      ]),
    );
    const messages = error.problems.map((p) => p.message).join('\n');
    expect(messages).toContain('unknown unit code "999"');
    expect(messages).toContain('did not exist in 2025: it ended on 2024-12-31 (merged into 445)');
    expect(messages).toContain('above its maximum 40');
    expect(messages).toContain('is negative');
    expect(messages).toContain('duplicate row');
    expect(messages).toContain('criterion "C9" is not in this edition\'s criteria tree');
    expect(messages).toContain('add up to 65, more than its maximum 60');
    expect(error.problems.filter((p) => p.row === 2)).toEqual([]);
    expect(await count(Edition)).toBe(0);
    expect(await count(ScoreSheet)).toBe(0);
  });

  it('imports nothing when row 900 of 1,000 is bad, and everything once it is fixed', async () => {
    const codes = generatedCodes(1000);
    const rows = codes.map((code, i) => [2025, code, 20 + (i % 20), 10, 20 + (i % 7)] as [number, string, number, number, number]);
    rows[899][2] = 40.5; // above A1's maximum
    const units = unitsWithGenerated(1000);
    const dir = rankingContent({ 'lon.methodology.yaml': smallMethodology('lon', [2025]), 'lon.scores.csv': smallScores('lon', rows) }, { units });
    const error = await failure(importContent(db.orm, dir));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ row: 901, column: 'A1' }); // header is line 1
    expect(await count(ScoreSheet)).toBe(0);
    expect(await count(RankingResult)).toBe(0);

    rows[899][2] = 40;
    fs.writeFileSync(path.join(dir, 'data', 'lon.scores.csv'), smallScores('lon', rows));
    await importContent(db.orm, dir);
    expect(await count(ScoreSheet)).toBe(1000);
    expect(await count(RankingResult)).toBe(1000);
  });

  it('imports a single scores or methodology file, all-or-nothing', async () => {
    const dir = rankingContent({ 'don.methodology.yaml': smallMethodology('don', [2024]) });
    await importContent(db.orm, dir);
    const file = path.join(dir, 'data', 'don.scores.csv');
    fs.writeFileSync(
      file,
      smallScores('don', [
        [2024, '436', 30, 10, 20],
        [2024, '437', 30, 10, 50],
      ]),
    );
    const error = await failure(importFile(db.orm, file));
    expect(error.problems).toEqual([expect.objectContaining({ row: 3, column: 'B' })]);
    fs.writeFileSync(
      file,
      smallScores('don', [
        [2024, '436', 30, 10, 20],
        [2024, '437', 30, 10, 25],
      ]),
    );
    const result = await importFile(db.orm, file);
    expect(result.stats.counts['score sheets'].created).toBe(2);
    expect((await importFile(db.orm, file)).stats.changed).toBe(false);
    await expect(importFile(db.orm, path.join(dir, 'units.csv'))).rejects.toThrow('cannot tell what this file is');
  });

  it("refuses to change a published edition's criteria once it has scores, and points at YAML syntax errors", async () => {
    const dir = rankingContent({
      'co-dinh.methodology.yaml': smallMethodology('co-dinh', [2024]),
      'co-dinh.scores.csv': smallScores('co-dinh', [[2024, '436', 30, 10, 20]]),
    });
    await importContent(db.orm, dir);
    const file = path.join(dir, 'data', 'co-dinh.methodology.yaml');
    fs.writeFileSync(file, smallMethodology('co-dinh', [2024]).replace('{ code: B, title: Lĩnh vực B, max: 40 }', '{ code: B, title: Lĩnh vực B, max: 30 }'));
    const changed = await failure(importContent(db.orm, dir));
    expect(changed.problems).toEqual([expect.objectContaining({ column: 'criteria', message: expect.stringContaining('published edition 2024 cannot change') })]);
    // Rewording a title is allowed and keeps the scores.
    fs.writeFileSync(file, smallMethodology('co-dinh', [2024]).replace('title: Lĩnh vực B,', 'title: Lĩnh vực B (sửa),'));
    expect((await importContent(db.orm, dir)).stats.counts.editions.updated).toBe(1);
    expect(await count(ScoreSheet)).toBe(1);
    fs.writeFileSync(file, 'index:\n  slug: co-dinh\n  name: [chưa đóng\n');
    const syntax = await failure(importContent(db.orm, dir));
    expect(syntax.problems[0]).toMatchObject({ row: expect.any(Number), message: expect.stringContaining('not valid YAML/JSON') });
  });
});

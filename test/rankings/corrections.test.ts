import fs from 'node:fs';
import path from 'node:path';
import { importContent } from '../../src/content/importer';
import {
  CorrectScoreMDocument,
  CreateEditionMDocument,
  EditionsQDocument,
  ImportScoresMDocument,
  PublishEditionMDocument,
  RankingTableQDocument,
  ScoreRevisionsQDocument,
  UnitHistoryQDocument,
} from '../gql/graphql';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import type { TestAccount } from '../support/accounts';
import { rankingContent, signedInDataManager, smallMethodology, smallScores } from './support';

const SLUG = 'thu-nghiem-sua';
const NOW = new Date('2026-03-02T03:00:00Z');

describe('editions, score imports and corrections by data managers', () => {
  let db: TestDatabase;
  let server: TestServer;
  let dir: string;
  let dataManager: TestAccount;
  let STAFF: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase();
    dataManager = await signedInDataManager(db, () => NOW);
    STAFF = dataManager.headers;
    dir = rankingContent({
      [`${SLUG}.methodology.yaml`]: smallMethodology(SLUG, [2023, 2024]),
      [`${SLUG}.scores.csv`]: smallScores(SLUG, [
        [2023, '436', 40, 20, 30],
        [2023, '437', 30, 10, 30],
        [2024, '436', 40, 20, 35],
        [2024, '437', 30, 15, 30],
      ]),
    });
    await importContent(db.orm, dir);
    server = await startTestServer(db, {}, () => NOW);
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  it('refuses every data mutation to anonymous readers', async () => {
    const res = await server.query(CorrectScoreMDocument, { input: { index: SLUG, year: 2024, unit: '437', field: 'B', value: 31, reason: 'thử' } });
    expect(res.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const imported = await server.query(ImportScoresMDocument, { csv: 'index,year,unit_code\n' });
    expect(imported.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('corrects a published score, recording who, when, old and new, and bumping the revision', async () => {
    const before = await server.query(RankingTableQDocument, { index: SLUG, year: 2024 });
    const revisionBefore = before.data!.rankingTable.revision;
    const res = await server.query(CorrectScoreMDocument, { input: { index: SLUG, year: 2024, unit: '437', field: 'B', value: 40, reason: 'Sai sót khi nhập liệu' } }, STAFF);
    expect(res.errors).toBeUndefined();
    expect(res.data!.correctScore.revision).toMatchObject({ field: 'B', oldValue: 30, newValue: 40, changedBy: dataManager.displayName, reason: 'Sai sót khi nhập liệu' });
    expect(res.data!.correctScore.edition.revision).toBe(revisionBefore + 1);
    expect(res.data!.correctScore.revision.dataRevision).toBe(revisionBefore + 1);

    const after = await server.query(RankingTableQDocument, { index: SLUG, year: 2024 });
    const rows = after.data!.rankingTable.rows;
    expect(rows.find((r) => r.unit.code === '437')).toMatchObject({ total: 85, rank: 2 });
    expect(rows.every((r) => r.revision === revisionBefore + 1)).toBe(true);

    const history = await server.query(ScoreRevisionsQDocument, { index: SLUG, unit: '437' });
    expect(history.data!.scoreRevisions).toEqual([
      expect.objectContaining({ year: 2024, field: 'B', oldValue: 30, newValue: 40, via: 'correctScore', changedAt: NOW.toISOString() }),
    ]);
  });

  it('rejects a correction above the maximum or for a criterion outside the tree', async () => {
    const above = await server.query(CorrectScoreMDocument, { input: { index: SLUG, year: 2024, unit: '437', field: 'A1', value: 41, reason: 'x' } }, STAFF);
    expect(above.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'value' });
    const unknown = await server.query(CorrectScoreMDocument, { input: { index: SLUG, year: 2024, unit: '437', field: 'Z', value: 1, reason: 'x' } }, STAFF);
    expect(unknown.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'field' });
  });

  it('records a corrected file as revisions too, and re-importing it changes nothing', async () => {
    const file = path.join(dir, 'data', `${SLUG}.scores.csv`);
    fs.writeFileSync(
      file,
      smallScores(SLUG, [
        [2023, '436', 40, 20, 30],
        [2023, '437', 30, 12, 30],
        [2024, '436', 40, 20, 35],
        [2024, '437', 30, 15, 40],
      ]),
    );
    const first = await importContent(db.orm, dir);
    expect(first.stats.counts['score revisions']).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect((await importContent(db.orm, dir)).stats.changed).toBe(false);
    const revisions = await server.query(ScoreRevisionsQDocument, { index: SLUG, year: 2023 });
    expect(revisions.data!.scoreRevisions).toEqual([expect.objectContaining({ field: 'A2', oldValue: 10, newValue: 12, changedBy: 'content import', via: `${SLUG}.scores.csv` })]);
    // The 2023 change moves 2024's score change: 2024 rows are recomputed and carry a new revision.
    const history = await server.query(UnitHistoryQDocument, { index: SLUG, code: '437' });
    expect(history.data!.unitHistory.rows[1].scoreChange).toBe(13);
  });

  it('creates a draft edition, imports its scores, and publishes it', async () => {
    const criteria = JSON.stringify([
      {
        code: 'A',
        title: 'Lĩnh vực A',
        max: 60,
        children: [
          { code: 'A1', title: 'Tiêu chí A1', max: 40 },
          { code: 'A2', title: 'Tiêu chí A2', max: 20 },
        ],
      },
      { code: 'B', title: 'Lĩnh vực B', max: 40 },
    ]);
    const created = await server.query(CreateEditionMDocument, { input: { index: SLUG, year: 2025, title: 'Năm 2025', criteria } }, STAFF);
    expect(created.data!.createEdition).toMatchObject({ year: 2025, status: 'DRAFT', maxTotal: 100 });
    const again = await server.query(CreateEditionMDocument, { input: { index: SLUG, year: 2025, title: 'Năm 2025', criteria } }, STAFF);
    expect(again.errors![0].extensions!.code).toBe('CONFLICT');

    const bad = await server.query(
      ImportScoresMDocument,
      {
        csv: smallScores(SLUG, [
          [2025, '436', 30, 21, 30],
          [2025, '448', 1, 1, 1],
        ]),
      },
      STAFF,
    );
    expect(bad.data!.importScores.ok).toBe(false);
    expect(bad.data!.importScores.problems.map((p) => [p.row, p.column])).toEqual([
      [2, 'A2'],
      [3, 'unit_code'],
    ]);

    const csv = smallScores(SLUG, [
      [2025, '436', 30, 20, 30],
      [2025, '437', 40, 20, 40],
    ]);
    const ok = await server.query(ImportScoresMDocument, { csv, reason: 'Số liệu năm 2025' }, STAFF);
    expect(ok.data!.importScores).toMatchObject({ ok: true, created: 2, revisions: 0, editions: [{ year: 2025 }] });

    const hidden = await server.query(EditionsQDocument, { index: SLUG });
    expect(hidden.data!.editions.map((e) => e.year)).toEqual([2023, 2024]);
    const latestBefore = await server.query(RankingTableQDocument, { index: SLUG });
    expect(latestBefore.data!.rankingTable.edition.year).toBe(2024);

    const published = await server.query(PublishEditionMDocument, { index: SLUG, year: 2025 }, STAFF);
    expect(published.data!.publishEdition).toMatchObject({ status: 'PUBLISHED', publishedOn: '2026-03-02' });
    const latest = await server.query(RankingTableQDocument, { index: SLUG });
    expect(latest.data!.rankingTable.edition.year).toBe(2025);
    // 2024 (after the corrections): 436 first with 95, 437 second with 85.
    expect(latest.data!.rankingTable.rows[0]).toMatchObject({ unit: { code: '437' }, rank: 1, streak: 1, rankChange: 1, previousRank: 2 });
    expect(latest.data!.rankingTable.rows[1]).toMatchObject({ unit: { code: '436' }, rank: 2, streak: 0, rankChange: -1, topStreak: 3 });
  });
});

import { importContent } from '../../src/content/importer';
import { RankingTableQDocument, UnitHistoryQDocument } from '../gql/graphql';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { rankingContent, smallMethodology, smallScores } from './support';

const SLUG = 'thu-nghiem-sap-nhap';

describe('rank changes, streaks, and reported versus computed totals', () => {
  let db: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    db = await createTestDatabase();
    // 2023–2025 around the merger of Lộc Hà (448) into Thạch Hà (445) on 2025-01-01;
    // Hồng Lĩnh (437) has no row in 2024 (a gap year for it).
    const scores = smallScores(SLUG, [
      [2023, '448', 40, 20, 30], // 90
      [2023, '437', 40, 10, 30], // 80
      [2023, '445', 30, 10, 30], // 70
      [2023, '436', 30, 10, 20], // 60
      [2024, '448', 40, 20, 31], // 91
      [2024, '445', 40, 15, 30], // 85
      [2024, '436', 30, 12, 20], // 62
      [2025, '445', 40, 20, 35], // 95
      [2025, '437', 35, 10, 30], // 75
      [2025, '436', 30, 10, 20], // 60
    ]);
    const reported = `index,year,unit_code,reported_total,A1,A2,B
thu-nghiem-bao-cao,2020,436,76.00,30.33,15.33,30.33
thu-nghiem-bao-cao,2020,437,,30.34,15.33,30.33
thu-nghiem-bao-cao,2020,440,,30.00,15.33,30.33
`;
    await importContent(
      db.orm,
      rankingContent({
        [`${SLUG}.methodology.yaml`]: smallMethodology(SLUG, [2023, 2024, 2025]),
        [`${SLUG}.scores.csv`]: scores,
        'thu-nghiem-bao-cao.methodology.yaml': smallMethodology('thu-nghiem-bao-cao', [2020]),
        'thu-nghiem-bao-cao.scores.csv': reported,
      }),
    );
    server = await startTestServer(db);
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  const history = async (code: string) => {
    const res = await server.query(UnitHistoryQDocument, { index: SLUG, code });
    expect(res.errors).toBeUndefined();
    return Object.fromEntries(res.data!.unitHistory.rows.map((r) => [r.year, r]));
  };

  it('counts consecutive editions at rank 1 and the change in rank and score', async () => {
    const locHa = await history('448');
    expect(locHa[2023]).toMatchObject({ rank: 1, streak: 1, topStreak: 1, rankChange: null });
    expect(locHa[2024]).toMatchObject({ rank: 1, streak: 2, topStreak: 2, rankChange: 0, scoreChange: 1 });
    const city = await history('436');
    expect(city[2024]).toMatchObject({ rank: 3, rankChange: 1, scoreChange: 2 });
    expect(city[2025]).toMatchObject({ rank: 3, rankChange: 0, scoreChange: -2 });
  });

  it('does not let Thạch Hà inherit the streak of Lộc Hà, which it absorbed', async () => {
    const thachHa = await history('445');
    expect(thachHa[2025]).toMatchObject({ rank: 1, streak: 1, rankChange: 1, topStreak: 2 });
    const locHa = await history('448');
    expect(Object.keys(locHa)).toEqual(['2023', '2024']);
  });

  it('breaks a streak when the unit is missing from an edition (a gap year)', async () => {
    const hongLinh = await history('437');
    expect(Object.keys(hongLinh)).toEqual(['2023', '2025']);
    expect(hongLinh[2023]).toMatchObject({ rank: 2, topStreak: 1 });
    // Rank 2 again, but after a missing edition: the top-2 streak restarts and there is no change.
    expect(hongLinh[2025]).toMatchObject({ rank: 2, topStreak: 1, rankChange: null, scoreChange: null });
  });

  it('ranks by the published total when given, and shows where it differs from the sum of the parts', async () => {
    const res = await server.query(RankingTableQDocument, { index: 'thu-nghiem-bao-cao' });
    const rows = Object.fromEntries(res.data!.rankingTable.rows.map((r) => [r.unit.code, r]));
    expect(rows['436']).toMatchObject({ total: 76, reportedTotal: 76, computedTotal: 75.99, totalsDiffer: true, rank: 1, rankKind: 'COMPUTED' });
    expect(rows['437']).toMatchObject({ total: 76, reportedTotal: null, computedTotal: 76, totalsDiffer: false, rank: 1 });
    expect(rows['440']).toMatchObject({ total: 75.66, rank: 3, gapToLeader: 0.34 });
  });

  it('ranks one area on request, and keeps ties at the cut of `first`', async () => {
    const byArea = await server.query(RankingTableQDocument, { index: SLUG, year: 2025, area: 'B' });
    expect(byArea.data!.rankingTable.rows.map((r) => [r.unit.code, r.total, r.rank])).toEqual([
      ['445', 35, 1],
      ['437', 30, 2],
      ['436', 20, 3],
    ]);
    const tied = await server.query(RankingTableQDocument, { index: 'thu-nghiem-bao-cao', first: 1, highlight: ['440'] });
    expect(tied.data!.rankingTable.rows.map((r) => [r.unit.code, r.rank, r.highlighted])).toEqual([
      ['436', 1, false],
      ['437', 1, false],
      ['440', 3, true],
    ]);
    expect(tied.data!.rankingTable.outOf).toBe(3);
  });
});

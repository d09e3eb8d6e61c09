import { IndicesQDocument, RankingFactsQDocument, RankingTableQDocument, ScoreSheetQDocument, UnitHistoryQDocument } from '../gql/graphql';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';

describe('shipped ranking content', () => {
  let db: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    db = await createTestDatabase({ content: true }); // the shipped content, imported once per run
    server = await startTestServer(db);
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  it('lists the indices with level and whether their data is illustrative', async () => {
    const res = await server.query(IndicesQDocument);
    expect(res.errors).toBeUndefined();
    const bySlug = Object.fromEntries(res.data!.indices.map((i) => [i.slug, i]));
    expect(bySlug['par-index-cap-tinh']).toMatchObject({ level: 'PROVINCE', illustrative: false, scope: null });
    expect(bySlug['par-index-bo-nganh']).toMatchObject({ level: 'MINISTRY', illustrative: true, scope: null });
    expect(bySlug['cchc-cap-huyen-ha-tinh']).toMatchObject({ level: 'DISTRICT', illustrative: true, scope: { code: '42' } });
    expect(bySlug['cchc-cap-huyen-ha-tinh'].editions.map((e) => e.year)).toEqual([2016, 2017, 2018]);
    const tree = bySlug['cchc-cap-huyen-ha-tinh'].editions[0].criteria;
    expect(tree.filter((n) => n.depth === 0).map((n) => n.title)).toEqual([
      'Cải cách thể chế',
      'Cải cách thủ tục hành chính',
      'Cải cách tổ chức bộ máy',
      'Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức',
      'Cải cách tài chính công',
      'Hiện đại hóa nền hành chính',
    ]);
    expect(tree.find((n) => n.code === 'LV2.2.b')).toMatchObject({ parentCode: 'LV2.2', depth: 2, component: 'APPRAISED' });
    expect(bySlug['cchc-cap-huyen-ha-tinh'].editions[0].maxTotal).toBe(100);
  });

  it("serves Hà Tĩnh's national PAR INDEX ranks as REPORTED, among 63 provinces", async () => {
    const res = await server.query(RankingTableQDocument, { index: 'par-index-cap-tinh' });
    expect(res.errors).toBeUndefined();
    const table = res.data!.rankingTable;
    expect(table.edition.year).toBe(2024);
    expect(table.outOf).toBe(63);
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0]).toMatchObject({
      unit: { code: '42', name: 'Tỉnh Hà Tĩnh' },
      total: 89.72,
      reportedTotal: 89.72,
      rank: 15,
      rankKind: 'REPORTED',
      previousRank: 18,
      rankChange: 3,
      scoreChange: 1.37,
      gapToLeader: null,
    });
    const history = await server.query(UnitHistoryQDocument, { index: 'par-index-cap-tinh', code: '42' });
    expect(history.data!.unitHistory.rows.map((r) => [r.year, r.total, r.rank])).toEqual([
      [2020, 85.31, 16],
      [2021, 88.6, 8],
      [2022, 85.95, 28],
      [2023, 88.35, 18],
      [2024, 89.72, 15],
    ]);
    expect(history.data!.unitHistory.rows.every((r) => r.rankKind === 'REPORTED')).toBe(true);
  });

  it('ranks TP Hà Tĩnh first in every illustrative edition, three years in a row', async () => {
    for (const year of [2016, 2017, 2018]) {
      const res = await server.query(RankingTableQDocument, { index: 'cchc-cap-huyen-ha-tinh', year });
      const rows = res.data!.rankingTable.rows;
      expect(rows).toHaveLength(13);
      expect(rows[0]).toMatchObject({ unit: { code: '436' }, rank: 1, rankKind: 'COMPUTED', streak: year - 2015, gapToLeader: 0 });
      expect(rows.filter((r) => r.rank === 1)).toHaveLength(1);
      expect(res.data!.rankingTable.edition.illustrative).toBe(true);
    }
    const facts = await server.query(RankingFactsQDocument, { index: 'cchc-cap-huyen-ha-tinh', code: '436' });
    expect(facts.data!.rankingFacts).toMatchObject({ timesFirst: 3, editionsRanked: 3, bestRank: 1, bestRankYears: [2016, 2017, 2018], illustrative: true });
    expect(facts.data!.rankingFacts.row).toMatchObject({ year: 2018, rank: 1, outOf: 13, streak: 3 });
    expect(facts.data!.rankingFacts.summary).toContain('3 năm liên tục đứng đầu');
    expect(facts.data!.rankingFacts.summary).toContain('minh họa');
  });

  it('shows ties and movements among the others', async () => {
    const res = await server.query(RankingTableQDocument, { index: 'cchc-cap-huyen-ha-tinh', year: 2017 });
    const rows = res.data!.rankingTable.rows;
    expect(rows.slice(0, 4).map((r) => r.rank)).toEqual([1, 2, 2, 4]);
    const canLoc = rows.find((r) => r.unit.code === '443')!;
    expect(canLoc).toMatchObject({ rank: 2, previousRank: 4, rankChange: 2 });
    expect(rows.some((r) => (r.rankChange ?? 0) < 0)).toBe(true);
  });

  it("shows a unit's scores per node, parents summed from their children", async () => {
    const res = await server.query(ScoreSheetQDocument, { index: 'cchc-cap-huyen-ha-tinh', year: 2016, code: '436' });
    expect(res.errors).toBeUndefined();
    const scores = Object.fromEntries(res.data!.scoreSheet.scores.map((s) => [s.code, s]));
    expect(scores['LV2.2.a']).toMatchObject({ summed: false, depth: 2, maxPoints: 5 });
    expect(scores['LV2.2'].summed).toBe(true);
    expect(scores['LV2.2'].points).toBeCloseTo(scores['LV2.2.a'].points! + scores['LV2.2.b'].points!, 4);
    const total = res.data!.scoreSheet.scores.filter((s) => s.depth === 0).reduce((sum, s) => sum + s.points!, 0);
    expect(total).toBeCloseTo(88.4, 4);
  });

  it('says in the facts that a provincial rank is the published one', async () => {
    const res = await server.query(RankingFactsQDocument, { index: 'par-index-cap-tinh', code: '42', year: 2021 });
    expect(res.data!.rankingFacts.row).toMatchObject({ rank: 8, rankKind: 'REPORTED', outOf: 63 });
    expect(res.data!.rankingFacts).toMatchObject({ bestRank: 8, bestRankYears: [2021], illustrative: false });
    expect(res.data!.rankingFacts.summary).toBe(
      'Tỉnh Hà Tĩnh xếp thứ 8/63 tỉnh, thành phố năm 2021 (Chỉ số cải cách hành chính cấp tỉnh (PAR INDEX)), tăng 8 bậc so với lần xếp hạng trước. Thứ hạng theo công bố chính thức.',
    );
  });
});

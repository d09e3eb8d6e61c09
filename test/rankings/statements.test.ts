import { importContent } from '../../src/content/importer';
import { loadCacheConfig } from '../../src/config';
import { RankingTableQDocument, UnitHistoryQDocument } from '../gql/graphql';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { generatedCodes, rankingContent, smallMethodology, smallScores, unitsWithGenerated } from './support';

const SLUG = 'dem-cau-lenh';

/** Scores for `units` units in each of `years`, with ties (every 7th pair shares a total). */
function dataset(units: string[], years: number[]): string {
  return smallScores(
    SLUG,
    years.flatMap((y) => units.map((code, i) => [y, code, 10 + ((i * 7 + y) % 30), 5 + (i % 15), 10 + (Math.floor(i / 2) % 25)] as [number, string, number, number, number])),
  );
}

describe('SQL statements of ranking queries', () => {
  let db: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.destroy();
  });
  // A server per phase: a long import between requests would outlive the keep-alive socket.
  // Statements are what is measured here, so the response cache stays out of the way.
  const uncached = () => startTestServer(db, { cache: { ...loadCacheConfig({}), enabled: false } });
  beforeEach(async () => {
    server = await uncached();
  });
  afterEach(async () => {
    await server.stop();
  });

  const variants = [
    { name: 'whole table', vars: { index: SLUG } },
    { name: 'one year, first 5, highlighted', vars: { index: SLUG, year: 2020, first: 5, highlight: ['436'] } },
    { name: 'one area', vars: { index: SLUG, area: 'A' } },
  ];

  async function measure(): Promise<number[]> {
    const counts: number[] = [];
    for (const v of variants) {
      const res = await server.query(RankingTableQDocument, v.vars);
      expect(res.errors).toBeUndefined();
      counts.push(res.extensions!.sqlStatements!);
    }
    const history = await server.query(UnitHistoryQDocument, { index: SLUG, code: '436' });
    expect(history.errors).toBeUndefined();
    counts.push(history.extensions!.sqlStatements!);
    return counts;
  }

  it('stays the same from 3 units in 1 edition to 403 units in 6 editions', async () => {
    const codes = generatedCodes(400);
    const small = rankingContent(
      { [`${SLUG}.methodology.yaml`]: smallMethodology(SLUG, [2020]), [`${SLUG}.scores.csv`]: dataset(['436', '437', '439'], [2020]) },
      { units: unitsWithGenerated(400) },
    );
    await importContent(db.orm, small);
    const before = await measure();

    const years = [2020, 2021, 2022, 2023, 2024, 2025];
    const large = rankingContent(
      { [`${SLUG}.methodology.yaml`]: smallMethodology(SLUG, years), [`${SLUG}.scores.csv`]: dataset(['436', '437', '439', ...codes], years) },
      { units: unitsWithGenerated(400) },
    );
    await importContent(db.orm, large);
    await server.stop();
    server = await uncached();
    const table = await server.query(RankingTableQDocument, { index: SLUG });
    expect(table.data!.rankingTable.rows).toHaveLength(403);
    expect(table.data!.rankingTable.edition.year).toBe(2025);
    const history = await server.query(UnitHistoryQDocument, { index: SLUG, code: '436' });
    expect(history.data!.unitHistory.rows).toHaveLength(6);

    const after = await measure();
    expect(after).toEqual(before);
    // Table: the edition with its index, then the rows joined with their units (+1 to count
    // the field when SQL cut it). History: index, unit, rows with their editions.
    expect(before).toEqual([2, 3, 2, 3]);
  });
});

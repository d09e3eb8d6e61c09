/**
 * Issue 14 item 2: rankable subjects that are not territories. A ministries index imported from
 * files ranks by the published totals (computed from unrounded parts), breaking ties only by
 * them; a merged ministry keeps its history and its successor starts its own streak; the same
 * queries, facts and widgets serve ministries and departments.
 */
import fs from 'node:fs';
import path from 'node:path';
import { importContent } from '../../src/content/importer';
import { ImportFailedError } from '../../src/import-kit/problems';
import { RankingFactsQDocument, RankingTableQDocument, UnitByCodeDocument, UnitHistoryQDocument } from '../gql/graphql';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { rankingContent } from './support';

const CONTENT = path.resolve(__dirname, '../../content');
const SLUG = 'thu-nghiem-bo';
const DEPARTMENTS = 'thu-nghiem-so';

const methodology = (slug: string, level: string, years: number[], scope = '') => `index:
  slug: ${slug}
  name: Chỉ số thử nghiệm ${slug}
  level: ${level}
${scope}  illustrative: true
tree: &tree
  - { code: TD, title: Điểm thẩm định, max: 68.5, component: APPRAISED }
  - { code: XHH, title: Điểm điều tra xã hội học, max: 31.5, component: SURVEY }
editions:
${years.map((y) => `  - { year: ${y}, title: Năm ${y}, status: PUBLISHED, criteria: *tree }`).join('\n')}
`;

// Published totals come from unrounded parts: the rounded parts of BTP and NHNN both add up to
// 85.46 but the published totals are 85.47 and 85.46; BTNMT and BGTVT are tied as published
// (80.01) although their rounded parts add up to 80.00 and 80.02.
const scores = `index,year,unit_code,reported_total,TD,XHH
${SLUG},2023,BKHDT,90.12,63.41,26.71
${SLUG},2023,BTP,85.47,60.12,25.34
${SLUG},2023,NHNN,85.46,60.13,25.33
${SLUG},2023,BTNMT,80.01,55,25
${SLUG},2023,BGTVT,80.01,55.01,25.01
${SLUG},2024,BKHDT,91.2,64.1,27.1
${SLUG},2024,BTC,89.75,63.05,26.7
${SLUG},2024,BTP,88.6,62.3,26.3
${SLUG},2025,BTC,91.5,64.3,27.2
${SLUG},2025,BTP,89.1,62.8,26.3
${SLUG},2025,BNNMT,86.2,61.1,25.1
${SLUG},2026,BTC,92,64.5,27.5
${SLUG},2026,BNNMT,87,61.5,25.5
`;

describe('ranked subjects that are not territories: ministries and departments', () => {
  let db: TestDatabase;
  let server: TestServer;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = rankingContent({ [`${SLUG}.methodology.yaml`]: methodology(SLUG, 'MINISTRY', [2023, 2024, 2025, 2026]), [`${SLUG}.scores.csv`]: scores });
    // Two of Hà Tĩnh's departments and a DEPARTMENT index next to the shipped ministries.
    fs.writeFileSync(
      path.join(dir, 'subjects.csv'),
      `${fs.readFileSync(path.join(CONTENT, 'subjects.csv'), 'utf8')}SNV-HT,Sở Nội vụ tỉnh Hà Tĩnh,department,42,,,\nSTC-HT,Sở Tài chính tỉnh Hà Tĩnh,department,42,,,\n`,
    );
    fs.writeFileSync(path.join(dir, 'data', `${DEPARTMENTS}.methodology.yaml`), methodology(DEPARTMENTS, 'DEPARTMENT', [2025], '  scope: "42"\n'));
    fs.writeFileSync(path.join(dir, 'data', `${DEPARTMENTS}.scores.csv`), `index,year,unit_code,TD,XHH\n${DEPARTMENTS},2025,SNV-HT,60,25\n${DEPARTMENTS},2025,STC-HT,61,25\n`);
    await importContent(db.orm, dir);
    server = await startTestServer(db);
  }, 180_000);
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  it('imports the ministries with kinds, validity and successors', async () => {
    const merged = (await server.query(UnitByCodeDocument, { code: 'BKHDT' })).data!.unit;
    expect(merged).toMatchObject({ name: 'Bộ Kế hoạch và Đầu tư', kind: 'MINISTRY', validTo: '2025-02-28', successors: [{ code: 'BTC', name: 'Bộ Tài chính' }], parent: null });
    const created = (await server.query(UnitByCodeDocument, { code: 'BNNMT' })).data!.unit;
    expect(created).toMatchObject({ kind: 'MINISTRY', validFrom: '2025-03-01', validTo: null, successors: [] });
    expect((await server.query(UnitByCodeDocument, { code: 'NHNN' })).data!.unit.kind).toBe('MINISTRY_AGENCY');
  });

  it('ranks by the published totals, ties broken only by them', async () => {
    const table = (await server.query(RankingTableQDocument, { index: SLUG, year: 2023 })).data!.rankingTable;
    expect(table.rows.map((r) => [r.unit.code, r.unit.name, r.total, r.rank, r.rankKind])).toEqual([
      ['BKHDT', 'Bộ Kế hoạch và Đầu tư', 90.12, 1, 'COMPUTED'],
      ['BTP', 'Bộ Tư pháp', 85.47, 2, 'COMPUTED'],
      ['NHNN', 'Ngân hàng Nhà nước Việt Nam', 85.46, 3, 'COMPUTED'],
      ['BGTVT', 'Bộ Giao thông vận tải', 80.01, 4, 'COMPUTED'],
      ['BTNMT', 'Bộ Tài nguyên và Môi trường', 80.01, 4, 'COMPUTED'],
    ]);
    const btp = table.rows.find((r) => r.unit.code === 'BTP')!;
    expect([btp.computedTotal, btp.totalsDiffer]).toEqual([85.46, true]);
  });

  it("keeps a merged ministry's history with it; its successor starts its own streak", async () => {
    const history = (await server.query(UnitHistoryQDocument, { index: SLUG, code: 'BKHDT' })).data!.unitHistory;
    expect(history.rows.map((r) => [r.year, r.rank, r.streak])).toEqual([
      [2023, 1, 1],
      [2024, 1, 2],
    ]);
    const successor = (await server.query(UnitHistoryQDocument, { index: SLUG, code: 'BTC' })).data!.unitHistory;
    expect(successor.rows.map((r) => [r.year, r.rank, r.streak])).toEqual([
      [2024, 2, 0],
      [2025, 1, 1],
      [2026, 1, 2],
    ]);
    const facts = (await server.query(RankingFactsQDocument, { index: SLUG, code: 'BTC', year: 2026 })).data!.rankingFacts;
    expect(facts).toMatchObject({ timesFirst: 2, illustrative: true });
    expect(facts.summary).toContain('bộ, cơ quan ngang bộ');
  });

  it('draws the ministries in the widget image, highlighting one by its letter code', async () => {
    const res = await fetch(`${server.url}/widgets/ranking/${SLUG}/2023.svg?highlight=BTP`);
    expect(res.status).toBe(200);
    const svg = await res.text();
    expect(svg).toContain('Bộ Kế hoạch và Đầu tư');
    expect(svg).toContain('Ngân hàng Nhà nước Việt Nam');
  });

  it("ranks a province's departments in an index that declares DEPARTMENT", async () => {
    const slug = DEPARTMENTS;
    const table = (await server.query(RankingTableQDocument, { index: slug, year: 2025 })).data!.rankingTable;
    expect(table.rows.map((r) => [r.unit.code, r.rank])).toEqual([
      ['STC-HT', 1],
      ['SNV-HT', 2],
    ]);
    const facts = (await server.query(RankingFactsQDocument, { index: slug, code: 'STC-HT', year: 2025 })).data!.rankingFacts;
    expect(facts.summary).toContain('sở, ban, ngành');
  });

  // Last: a long import followed by no request (an idle keep-alive socket can be reset under load).
  it("refuses a ministry that did not exist in the edition's year, and a territory in a ministries index", async () => {
    fs.writeFileSync(path.join(dir, 'data', `${SLUG}.scores.csv`), `${scores}${SLUG},2026,BKHDT,80,55,25\n${SLUG},2026,436,80,55,25\n`);
    const error = await importContent(db.orm, dir).then(
      () => null,
      (e: unknown) => e as ImportFailedError,
    );
    expect(error).toBeInstanceOf(ImportFailedError);
    expect(error!.problems.map((p) => [p.row, p.column])).toEqual([
      [15, 'unit_code'],
      [16, 'unit_code'],
    ]);
    fs.writeFileSync(path.join(dir, 'data', `${SLUG}.scores.csv`), scores);
  });
});

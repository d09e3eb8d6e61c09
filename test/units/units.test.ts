import { ArticleFactUnitsDocument, UnitByCodeDocument, UnitsListDocument } from '../gql/graphql';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';

describe('administrative units over GraphQL', () => {
  let db: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    db = await createTestDatabase({ content: true });
    server = await startTestServer(db);
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  it('finds a unit by GSO code with its parent', async () => {
    const res = await server.query(UnitByCodeDocument, { code: '436' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.unit).toMatchObject({
      code: '436',
      name: 'Thành phố Hà Tĩnh',
      shortName: 'Hà Tĩnh',
      kind: 'CITY',
      slug: 'thanh-pho-ha-tinh',
      parent: { code: '42', name: 'Tỉnh Hà Tĩnh' },
    });
  });

  it('answers NOT_FOUND with the code for an unknown unit', async () => {
    const res = await server.query(UnitByCodeDocument, { code: '999' });
    expect(res.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect(res.errors![0].message).toContain('999');
  });

  it('keeps the two Kỳ Anh units apart by slug', async () => {
    const huyen = await server.query(UnitByCodeDocument, { code: '447' });
    const thiXa = await server.query(UnitByCodeDocument, { code: '449' });
    expect(huyen.data!.unit.slug).toBe('huyen-ky-anh');
    expect(thiXa.data!.unit.slug).toBe('thi-xa-ky-anh');
    expect(huyen.data!.unit.shortName).toBe(thiXa.data!.unit.shortName);
  });

  it('lists the 13 district-level units of Hà Tĩnh in Vietnamese order', async () => {
    const res = await server.query(UnitsListDocument, { parentCode: '42', validOn: '2019-06-13' });
    const names = res.data!.units.map((u) => u.shortName);
    expect(names).toHaveLength(13);
    expect(names.slice(0, 5)).toEqual(['Can Lộc', 'Cẩm Xuyên', 'Đức Thọ', 'Hà Tĩnh', 'Hồng Lĩnh']);
    expect(names.indexOf('Đức Thọ')).toBeGreaterThan(names.indexOf('Cẩm Xuyên'));
  });

  it('lists units valid on a date: Lộc Hà gone after its merger, the districts replaced by 69 communes and wards in July 2025', async () => {
    const before = await server.query(UnitsListDocument, { parentCode: '42', validOn: '2024-12-31' });
    const after = await server.query(UnitsListDocument, { parentCode: '42', validOn: '2025-01-01' });
    const abolished = await server.query(UnitsListDocument, { parentCode: '42', validOn: '2025-07-01' });
    expect(before.data!.units.map((u) => u.code)).toContain('448');
    expect(after.data!.units.map((u) => u.code)).not.toContain('448');
    expect(after.data!.units).toHaveLength(12);
    expect(abolished.data!.units).toHaveLength(69);
    expect(abolished.data!.units.filter((u) => u.kind === 'WARD')).toHaveLength(9);
    expect(abolished.data!.units.filter((u) => u.kind === 'COMMUNE')).toHaveLength(60);
    expect(abolished.data!.units.every((u) => u.parent?.code === '42' && Number(u.code) > 18000)).toBe(true);
    const lastDistrictDay = await server.query(UnitsListDocument, { parentCode: '42', validOn: '2025-06-30' });
    expect(lastDistrictDay.data!.units.map((u) => u.code).sort()).toEqual(['436', '437', '439', '440', '441', '442', '443', '444', '445', '446', '447', '449']);
  });

  it("imports the communes with their validity, and keeps the districts' history with no successor of their own", async () => {
    const ward = await server.query(UnitByCodeDocument, { code: '18073' });
    expect(ward.data!.unit).toMatchObject({ name: 'Phường Thành Sen', kind: 'WARD', validFrom: '2025-07-01', validTo: null, parent: { code: '42' }, successors: [] });
    const city = await server.query(UnitByCodeDocument, { code: '436' });
    expect(city.data!.unit).toMatchObject({ name: 'Thành phố Hà Tĩnh', validTo: '2025-06-30', successor: null, successors: [] });
  });

  it("names in facts and widgets the unit as it was in the fact's year, and says when it ended", async () => {
    const res = await server.query(ArticleFactUnitsDocument, { slug: 'chi-so-cai-cach-hanh-chinh-tp-ha-tinh-lien-tuc-dung-dau-khoi-cap-huyen' });
    expect(res.errors).toBeUndefined();
    const blocks = res.data!.article.body;
    const facts = blocks.flatMap((b) => (b.__typename === 'ParagraphBlock' ? b.facts : []));
    expect(facts.length).toBeGreaterThan(0);
    for (const fact of facts) {
      expect(fact).toMatchObject({ year: 2018, unitName: 'Thành phố Hà Tĩnh', unit: { code: '436', name: 'Thành phố Hà Tĩnh', validTo: '2025-06-30', successors: [] } });
    }
    const rows = blocks.flatMap((b) => (b.__typename === 'RankingWidgetBlock' ? b.rows : []));
    expect(rows).toHaveLength(13);
    expect(rows.every((r) => r.unit?.validTo && r.unit.validTo <= '2025-06-30' && r.unit.code !== null)).toBe(true);
  });

  it('names the successor of a merged unit', async () => {
    const res = await server.query(UnitByCodeDocument, { code: '448' });
    expect(res.data!.unit).toMatchObject({ validTo: '2024-12-31', successor: { code: '445', name: 'Huyện Thạch Hà' }, successors: [{ code: '445', name: 'Huyện Thạch Hà' }] });
  });

  it('rejects an impossible date: BAD_USER_INPUT as a variable, a validation error as a literal', async () => {
    const asVariable = await server.query(UnitsListDocument, { validOn: '2025-02-30' });
    expect(asVariable.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(asVariable.errors![0].message).toContain('2025-02-30');
    const asLiteral = await server.raw({ query: '{ units(validOn: "2025-02-30") { code } }' });
    expect(asLiteral.status).toBe(400);
    expect(asLiteral.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('loads parents of every listed unit in one batched statement', async () => {
    const res = await server.query(UnitsListDocument, {});
    expect(res.data!.units).toHaveLength(107); // 83 territories and 24 ministries (content/subjects.csv)
    // one statement for the list, one batched statement for all parents
    expect(res.extensions!.sqlStatements).toBe(2);
  });
});

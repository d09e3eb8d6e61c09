import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importContent } from '../../src/content/importer';
import { ImportFailedError } from '../../src/import-kit/problems';
import { Unit } from '../../src/units/unit.entity';
import { createTestDatabase, type TestDatabase } from '../support/db';

function contentDirWith(unitsCsv: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-content-'));
  fs.writeFileSync(path.join(dir, 'units.csv'), unitsCsv);
  return dir;
}

describe('content import', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await db.destroy();
  });

  it('imports the shipped units, and a second run changes nothing and says so', async () => {
    const content = path.resolve(__dirname, '../../content');
    const first = await importContent(db.orm, content);
    // The province, 13 district-level units (until 2025-06-30), 69 communes and wards (from 2025-07-01), and 24 ministries and ministry-level agencies (subjects.csv).
    expect(first.stats.counts.units).toEqual({ created: 107, updated: 0, unchanged: 0 });
    const second = await importContent(db.orm, content);
    expect(second.stats.changed).toBe(false);
    expect(second.stats.summary()).toContain('nothing changed');
    expect(await db.orm.em.fork().count(Unit, {})).toBe(107);
  });

  it('updates a changed row and leaves the others alone', async () => {
    await importContent(db.orm, contentDirWith('code,name,kind,parent_code\n42,Tỉnh Hà Tĩnh,province,\n436,Thành phố Hà Tĩnh,city,42\n'));
    const result = await importContent(db.orm, contentDirWith('code,name,kind,parent_code,valid_to\n42,Tỉnh Hà Tĩnh,province,,\n436,Thành phố Hà Tĩnh,city,42,2025-06-30\n'));
    expect(result.stats.counts.units).toEqual({ created: 0, updated: 1, unchanged: 1 });
  });

  it('reports every problem at once with file, row and column, and imports nothing', async () => {
    const bad = contentDirWith(
      [
        'code,name,kind,parent_code,valid_to,successor_code',
        '42,Tỉnh Hà Tĩnh,province,,,',
        '436,Thành phố Hà Tĩnh,city,42,2025-06-31,', // impossible date
        'x1,Huyện Lạ,district,42,,', // code not digits
        '437,,town,42,,', // empty name
        '439,Huyện Hương Sơn,hamlet,42,,', // unknown kind
        '436,Trùng mã,city,42,,', // duplicate
        '440,Huyện Đức Thọ,district,99,,', // unknown parent
        '441,Huyện Vũ Quang,district,42,,777', // unknown successor, no valid_to
      ].join('\n'),
    );
    let error: ImportFailedError | undefined;
    try {
      await importContent(db.orm, bad);
    } catch (e) {
      error = e as ImportFailedError;
    }
    expect(error).toBeInstanceOf(ImportFailedError);
    const found = error!.problems.map((p) => [p.row, p.column]);
    expect(found).toEqual(
      expect.arrayContaining([
        [3, 'valid_to'],
        [4, 'code'],
        [5, 'name'],
        [6, 'kind'],
        [7, 'code'],
        [8, 'parent_code'],
        [9, 'successor_code'],
        [9, 'valid_to'],
      ]),
    );
    expect(error!.problems.every((p) => p.file.endsWith('units.csv'))).toBe(true);
    expect(error!.message).toContain('row 6, column kind');
    expect(await db.orm.em.fork().count(Unit, {})).toBe(0);
  });
});

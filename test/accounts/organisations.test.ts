import type { EntityManager } from '@mikro-orm/postgresql';
import path from 'node:path';
import { importOrganisations } from '../../src/accounts/organisation.import';
import { Organisation } from '../../src/accounts/organisation.entity';
import { Problems } from '../../src/import-kit/problems';
import { ImportStats } from '../../src/import-kit/stats';
import { CONTENT_STEPS, importContent } from '../../src/content/importer';
import { createTestDatabase, type TestDatabase } from '../support/db';

describe('organisations content', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('imports the shipped organisations', async () => {
    await importContent(
      db.orm,
      path.resolve(__dirname, '../../content'),
      CONTENT_STEPS.filter((s) => s.name === 'organisations'),
    );
    const orgs = await db.orm.em.fork().find(Organisation, {}, { orderBy: { slug: 'asc' } });
    expect(orgs.map((o) => o.slug)).toContain('bao-ha-tinh');
    expect(orgs.find((o) => o.slug === 'bao-ha-tinh')).toMatchObject({ name: 'Báo Hà Tĩnh', kind: 'NEWSPAPER' });
  });

  it('reports every bad row with its field', async () => {
    const problems = new Problems();
    const yaml = ['- slug: Bad Slug', '  name: X', '- name: ""', '  kind: NEWSPAPER', '- slug: a', '  name: A', '  kind: PARTY', '- slug: a', '  name: A2'].join('\n');
    await importOrganisations(db.orm.em.fork() as EntityManager, 'organisations.yaml', yaml, problems, new ImportStats());
    expect(problems.list.map((p) => [p.row, p.column])).toEqual([
      [1, 'slug'],
      [2, 'name'],
      [3, 'kind'],
      [4, 'slug'],
    ]);
  });
});

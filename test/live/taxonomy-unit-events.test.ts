/**
 * Taxonomy and unit writes record their change events (issue 12) in the write's transaction:
 * the topic and unit imports (a tag created by saving an article travels with the article's event). Nothing is recorded when
 * nothing changed, and a rolled-back import leaves no event.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CONTENT_STEPS, importContent } from '../../src/content/importer';
import { Tag, Topic } from '../../src/newsroom/taxonomy.entity';
import { useTestApp } from '../support/app';
import { signedInStaff } from '../newsroom/support';

const STEPS = CONTENT_STEPS.filter((s) => ['units', 'topics'].includes(s.name));
const UNITS = ['code,name,kind,parent_code,valid_to,successor_code', '42,Tỉnh Hà Tĩnh,province,,,', '436,Thành phố Hà Tĩnh,city,42,,', '437,Thị xã Hồng Lĩnh,town,42,,'].join('\n');
const TOPICS = ['- slug: cai-cach-hanh-chinh', '  name: Cải cách hành chính', '- slug: chuyen-doi-so', '  name: Chuyển đổi số'].join('\n');

interface Row {
  type: string;
  keys: string[];
  payload: Record<string, unknown>;
}

function contentDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-live-taxonomy-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('taxonomy and unit events in the outbox', () => {
  const app = useTestApp();
  let lastId = 0;
  /** Outbox rows written since the previous call, in commit order. */
  const newRows = async (): Promise<Row[]> => {
    const rows: (Row & { id: string })[] = await (app.db.orm.em.fork() as EntityManager).execute('select id, type, keys, payload from change_outbox where id > ? order by id', [
      lastId,
    ]);
    if (rows.length) lastId = Number(rows[rows.length - 1].id);
    return rows.map(({ type, keys, payload }) => ({ type, keys, payload }));
  };

  it('a unit import records one unit.changed naming the changed units, and nothing when nothing changed', async () => {
    await newRows();
    await importContent(app.db.orm, contentDir({ 'units.csv': UNITS }), STEPS);
    expect(await newRows()).toEqual([{ type: 'unit.changed', keys: ['unit:42', 'unit:436', 'unit:437'], payload: { count: 3 } }]);

    await importContent(app.db.orm, contentDir({ 'units.csv': UNITS }), STEPS);
    expect(await newRows()).toEqual([]);

    await importContent(app.db.orm, contentDir({ 'units.csv': UNITS.replace('Thị xã Hồng Lĩnh', 'Thị xã Hồng Lĩnh mới') }), STEPS);
    expect(await newRows()).toEqual([{ type: 'unit.changed', keys: ['unit:437'], payload: { count: 1 } }]);
  });

  it('a topic import records taxonomy.changed per new or changed topic with its slug and name', async () => {
    await importContent(app.db.orm, contentDir({ 'topics.yaml': TOPICS }), STEPS);
    const topics = await (app.db.orm.em.fork() as EntityManager).find(Topic, {}, { orderBy: { position: 'asc' } });
    expect(await newRows()).toEqual(topics.map((t) => ({ type: 'taxonomy.changed', keys: [`topic:${t.id}`], payload: { kind: 'topic', id: t.id, slug: t.slug, name: t.name } })));
    expect(topics.map((t) => t.name)).toEqual(['Cải cách hành chính', 'Chuyển đổi số']);

    await importContent(app.db.orm, contentDir({ 'topics.yaml': TOPICS }), STEPS);
    expect(await newRows()).toEqual([]);
  });

  it('a rolled-back import leaves no event, though its unit step changed rows', async () => {
    const changedUnits = UNITS.replace('Thành phố Hà Tĩnh', 'Thành phố Hà Tĩnh đổi tên');
    await expect(importContent(app.db.orm, contentDir({ 'units.csv': changedUnits, 'topics.yaml': '- slug: Sai Dạng\n  name: x' }), STEPS)).rejects.toThrow(/slug form/);
    expect(await newRows()).toEqual([]);
    expect((await (app.db.orm.em.fork() as EntityManager).execute(`select name from unit where code = '436'`))[0].name).toBe('Thành phố Hà Tĩnh');
  });

  it("a new tag travels with the article's own event, and creating it does not bump the article's version twice", async () => {
    const staff = (await signedInStaff(app.db)).headers;
    const create = `mutation C($input: ArticleInput!) { createArticle(input: $input) { version } }`;
    const plain = await app.server.raw({ query: create, variables: { input: { title: 'Bài không nhãn' } } }, staff);
    expect(plain.errors).toBeUndefined();
    await newRows();
    const tagged = await app.server.raw({ query: create, variables: { input: { title: 'Bài có nhãn mới', tags: ['Nhãn sự kiện'] } } }, staff);
    expect(tagged.errors).toBeUndefined();
    // One save, one flush: the same version as an article saved without a new tag.
    expect((tagged.data as { createArticle: { version: number } }).createArticle.version).toBe((plain.data as { createArticle: { version: number } }).createArticle.version);
    await (app.db.orm.em.fork() as EntityManager).findOneOrFail(Tag, { slug: 'nhan-su-kien' });
    const rows = await newRows();
    expect(rows.map((r) => r.type)).toEqual(['article.saved']);
  });
});

/**
 * Row-level invalidation: an article page depends on its own article (and its topics and pictures)
 * by row, so a write to another article keeps it cached (zero statements), while every listing that
 * could contain the written article is evicted. A write whose rows are unknown (raw SQL) still
 * evicts every page of the table. Runs on PGlite and PostgreSQL, with Redis when REDIS_URL is set.
 */
import { ArticleBySlugDocument, ArticleListDocument, PublishPendingDocument, UpdateArticleDocument } from '../gql/graphql';
import { createTestDatabase, type TestDatabase } from '../support/db';
import type { TestServer } from '../support/server';
import type { TestAccount } from '../support/accounts';
import { signedInStaff } from '../newsroom/support';
import { changeKeysOf } from '../../src/cache/row-keys';
import { tablesWritten } from '../../src/cache/sql-tables';
import { cachedServer, clearRedisPrefix, post, smallNewsroom, uniquePrefix, warm } from './support';

const NOW = new Date();
const keys = (sql: string) => changeKeysOf(sql, tablesWritten(sql)).sort();

describe('change keys of a write statement', () => {
  it('names the rows of a unit-of-work update or delete by id', () => {
    expect(keys(`update "article" set "title" = 'Tiêu đề mới', "version" = 5 where "id" = 12`)).toEqual(['article', 'article:12']);
    expect(keys(`update "article" set "title" = 'x' where "id" = 12 and "version" = 4 returning "version"`)).toEqual(['article', 'article:12']);
    expect(keys(`update "article" set "title" = case when ("id" = 1) then 'a' when ("id" = 2) then 'b' else "title" end where "id" in (1, 2)`)).toEqual([
      'article',
      'article:1',
      'article:2',
    ]);
    expect(keys(`delete from "media_image" where "id" in ('2880d97e-8d4b-4c24-8be7-a522a9448de3')`)).toEqual(['media_image', 'media_image:2880d97e-8d4b-4c24-8be7-a522a9448de3']);
  });

  it('falls back to every row when it cannot tell which rows changed', () => {
    expect(keys(`update article set state = 'PUBLISHED' where publish_at <= now()`)).toEqual(['article', 'article:*']);
    // the id condition only inside a string literal of the SET clause
    expect(keys(`update "article" set "body" = 'xem where "id" = 7' where "slug" = 'a'`)).toEqual(['article', 'article:*']);
    expect(keys(`update "article" set "body" = 'x where "id" = 7'`)).toEqual(['article', 'article:*']);
    expect(keys(`insert into "topic" ("slug", "name") values ('a', 'b') on conflict ("slug") do update set "name" = excluded."name"`)).toEqual(['topic', 'topic:*']);
  });

  it('publishes only the table for inserts (new rows change no row a page found) and for tables without row keys', () => {
    expect(keys(`insert into "article" ("title") values ('Bài mới') returning "id"`)).toEqual(['article']);
    expect(keys(`update "article_topic" set "position" = 1 where "id" = 3`)).toEqual(['article_topic']);
  });
});

describe('row-level invalidation of cached article pages', () => {
  let db: TestDatabase;
  let server: TestServer;
  let editor: TestAccount;
  let ids: number[];
  let keyPrefix = '';

  beforeAll(async () => {
    db = await createTestDatabase();
    ids = await smallNewsroom(db, 3, NOW);
    editor = await signedInStaff(db);
    keyPrefix = uniquePrefix('rows');
    server = await cachedServer(db, undefined, { redis: !!process.env.REDIS_URL, keyPrefix });
  }, 180_000);
  afterAll(async () => {
    await server.stop();
    await clearRedisPrefix(keyPrefix);
    await db.destroy();
  });

  const slugOf = async (id: number) =>
    ((await db.orm.em.fork().getConnection().execute('select slug, version from article where id = ?', [id])) as { slug: string; version: number }[])[0];
  const ok = <T>(r: { body: { data?: T | null; errors?: unknown[] } }): T => {
    expect(r.body.errors).toBeUndefined();
    return r.body.data as T;
  };
  const titles = async () => (await post(server, ArticleListDocument, { first: 20 })).body.data!.articles.edges.map((e) => e.node.title);

  it('a write to article A keeps the cached page of article B and evicts the listings and A itself', async () => {
    const [a, b] = [await slugOf(ids[0]), await slugOf(ids[1])];
    await warm(server, ArticleBySlugDocument, { slug: a.slug });
    await warm(server, ArticleBySlugDocument, { slug: b.slug });
    await warm(server, ArticleListDocument, { first: 20 });

    const updated = ok(await post(server, UpdateArticleDocument, { id: String(ids[0]), version: a.version, input: { title: 'Bài A đã sửa tiêu đề' } }, editor.headers));
    ok(await post(server, PublishPendingDocument, { id: String(ids[0]), version: updated.updateArticle.version }, editor.headers));

    const pageB = await post(server, ArticleBySlugDocument, { slug: b.slug });
    expect(pageB.headers.get('x-cache')).toBe('HIT');
    expect(pageB.body.extensions?.sqlStatements).toBe(0);
    expect(pageB.body.data!.article!.title).toBe('Bài thử nghiệm số 2');

    const pageA = await post(server, ArticleBySlugDocument, { slug: a.slug });
    expect(pageA.headers.get('x-cache')).toBe('MISS');
    expect(pageA.body.data!.article!.title).toBe('Bài A đã sửa tiêu đề');
    expect(await titles()).toContain('Bài A đã sửa tiêu đề');
    expect(pageB.headers.get('surrogate-key')?.split(' ')).toEqual(expect.arrayContaining([`article:${ids[1]}`, 'article:*']));
  });

  it('a write whose rows are unknown (raw SQL on the article table) evicts every cached page', async () => {
    const b = await slugOf(ids[1]);
    await warm(server, ArticleBySlugDocument, { slug: b.slug });
    // As a maintenance script would: no unit of work, no id in the statement.
    await db.orm.em.fork().getConnection().execute(`update article set sapo = 'Tóm tắt sửa hàng loạt' where sapo like 'Tóm tắt bài%'`);
    const pageB = await post(server, ArticleBySlugDocument, { slug: b.slug });
    expect(pageB.headers.get('x-cache')).toBe('MISS');
    expect(pageB.body.data!.article!.sapo).toBe('Tóm tắt sửa hàng loạt');
  });
});

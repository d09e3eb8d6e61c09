import { Article } from '../../src/newsroom/article.entity';
import { CreateArticleDocument } from '../gql/graphql';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { em, importNewsroomContent, signedInStaff } from '../newsroom/support';

const NOW = new Date('2026-05-01T00:00:00Z');

describe('directive argument values with quotes or angle brackets are refused, quoted or not', () => {
  let db: TestDatabase;
  let server: TestServer;
  let staff: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase();
    await importNewsroomContent(db);
    staff = (await signedInStaff(db, undefined, () => NOW)).headers;
    server = await startTestServer(db, {}, () => NOW);
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  it.each([
    ['a quoted value with <script>', '::: related slugs="a><script>"\nĐọc thêm\n:::'],
    ['an unquoted value with <', '::: related slugs=a<script>\nĐọc thêm\n:::'],
    ['a quoted value with a backtick', '::: related slugs="a`b"\nĐọc thêm\n:::'],
    ['a value with a single quote', "::: ranking index='cchc-cap-huyen-ha-tinh' edition=2018\n:::"],
  ])('refuses %s with BAD_USER_INPUT on body, naming the line, and saves nothing', async (_what, directive) => {
    const before = await em(db).count(Article, {});
    const res = await server.query(CreateArticleDocument, { input: { title: 'Bài có chỉ thị lạ', body: `Mở đầu.\n\n${directive}` } }, staff);
    expect(res.data).toBeNull();
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
    const problems = res.errors![0].extensions!.problems as { field: string; message: string }[];
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.field === 'body' && p.message.startsWith('line 3:'))).toBe(true);
    expect(await em(db).count(Article, {})).toBe(before);
  });

  it('still accepts a quoted value with spaces and Vietnamese text', async () => {
    const res = await server.query(
      CreateArticleDocument,
      {
        input: {
          title: 'Bài có chỉ thị đúng',
          body: 'Mở đầu.\n\n::: related slugs="chi-so-cai-cach-hanh-chinh-tp-ha-tinh-lien-tuc-dung-dau-khoi-cap-huyen" count=2\nĐọc thêm\n:::',
        },
      },
      staff,
    );
    expect(res.errors).toBeUndefined();
  });
});

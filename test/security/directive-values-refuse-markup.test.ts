import { Article } from '../../src/newsroom/article.entity';
import { CreateArticleDocument } from '../gql/graphql';
import { Role } from '../../src/core/roles';
import { useTestApp } from '../support/app';
import { em } from '../newsroom/support';

const NOW = new Date('2026-05-01T00:00:00Z');

describe('directive argument values with quotes or angle brackets are refused, quoted or not', () => {
  // The run's content template (units, topics, rankings, the shipped articles the directives name) instead of importing them here.
  const app = useTestApp({ database: { content: true }, now: () => NOW, accounts: { staff: { roles: [Role.ADMIN], displayName: 'Biên tập viên Thử nghiệm' } } });

  it.each([
    ['a quoted value with <script>', '::: related slugs="a><script>"\nĐọc thêm\n:::'],
    ['an unquoted value with <', '::: related slugs=a<script>\nĐọc thêm\n:::'],
    ['a quoted value with a backtick', '::: related slugs="a`b"\nĐọc thêm\n:::'],
    ['a value with a single quote', "::: ranking index='cchc-cap-huyen-ha-tinh' edition=2018\n:::"],
  ])('refuses %s with BAD_USER_INPUT on body, naming the line, and saves nothing', async (_what, directive) => {
    const before = await em(app.db).count(Article, {});
    const res = await app.server.query(CreateArticleDocument, { input: { title: 'Bài có chỉ thị lạ', body: `Mở đầu.\n\n${directive}` } }, app.accounts.staff.headers);
    expect(res.data).toBeNull();
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
    const problems = res.errors![0].extensions!.problems as { field: string; message: string }[];
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.field === 'body' && p.message.startsWith('line 3:'))).toBe(true);
    expect(await em(app.db).count(Article, {})).toBe(before);
  });

  it('still accepts a quoted value with spaces and Vietnamese text', async () => {
    const res = await app.server.query(
      CreateArticleDocument,
      {
        input: {
          title: 'Bài có chỉ thị đúng',
          body: 'Mở đầu.\n\n::: related slugs="chi-so-cai-cach-hanh-chinh-tp-ha-tinh-lien-tuc-dung-dau-khoi-cap-huyen" count=2\nĐọc thêm\n:::',
        },
      },
      app.accounts.staff.headers,
    );
    expect(res.errors).toBeUndefined();
  });
});

/**
 * Body validation is wired explicitly (src/newsroom/hooks.ts): the hooks a service is given are
 * the ones that run, whatever modules were imported before, and a service cannot be built
 * without choosing them.
 */
import { BODY_HOOKS } from '../../src/bodies/body.hooks';
import { DomainError } from '../../src/graphql/errors';
import { ArticleService } from '../../src/newsroom/article.service';
import { NO_NEWSROOM_HOOKS } from '../../src/newsroom/hooks';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { em, staff } from './support';

const BROKEN_BODY = 'Mở đầu.\n\n::: ranking index=khong-co edition=2018\n:::';

describe('newsroom hooks are passed in, not registered', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ content: true });
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('the assembled hooks refuse a body whose directives name unknown data, and save nothing', async () => {
    const service = new ArticleService(em(db), staff(), new Date(), BODY_HOOKS);
    const error: unknown = await service.create({ title: 'Bài có chỉ thị sai (nối dây)', body: BROKEN_BODY }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('BAD_USER_INPUT');
    expect((error as DomainError).details).toMatchObject({ field: 'body' });
    const saved = await em(db).getConnection().execute(`select count(*)::int as n from article where title = ?`, ['Bài có chỉ thị sai (nối dây)']);
    expect(saved[0].n).toBe(0);
  });

  it('runs only the hooks it is given: importing the bodies feature registers nothing behind the scenes', async () => {
    const article = await new ArticleService(em(db), staff(), new Date(), NO_NEWSROOM_HOOKS).create({ title: 'Bài của tòa soạn không kiểm tra dữ liệu', body: BROKEN_BODY });
    expect(article.id).toBeGreaterThan(0);
  });

  it('cannot be constructed without choosing the hooks (a type error)', () => {
    // @ts-expect-error the hooks are a required argument: a caller cannot forget them
    const build = () => new ArticleService(em(db), staff(), new Date());
    expect(typeof build).toBe('function');
  });
});

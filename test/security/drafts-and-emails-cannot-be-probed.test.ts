/**
 * Nothing private can be probed by anonymous readers through filters, search, ordering or error
 * messages (the lesson of Ghost CVE-2023-31133): drafts, their words, their tags and staff
 * emails stay invisible however the question is asked.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '../../src/core/roles';
import { ArticleService } from '../../src/newsroom/article.service';
import { ArticleBySlugDocument, ArticleListDocument, LoginDocument } from '../gql/graphql';
import { signedInAs } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { seedTopics, staff } from '../newsroom/support';
import { BODY_HOOKS } from '../../src/bodies/body.hooks';

describe('private data cannot be probed', () => {
  let db: TestDatabase;
  let server: TestServer;
  let draftSlug: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTopics(db);
    const draft = await new ArticleService(db.orm.em.fork() as EntityManager, staff(), new Date(), BODY_HOOKS).create({
      title: 'Bản nháp chưa đăng',
      body: 'Từ khóa bí mật xyzzyquux chỉ có trong bản nháp.',
      tags: ['thẻ-bí-mật'],
    });
    draftSlug = draft.slug;
    server = await startTestServer(db);
  });
  afterAll(async () => {
    await server.stop();
    await db.destroy();
  });

  it('search, state and tag filters reveal nothing of drafts to anonymous readers', async () => {
    for (const filter of [{ search: 'xyzzyquux' }, { state: 'DRAFT' as const }, { tag: 'the-bi-mat' }, { search: 'Bản nháp' }]) {
      const res = await server.query(ArticleListDocument, filter);
      expect(res.errors).toBeUndefined();
      expect(res.data!.articles.totalCount).toBe(0);
    }
  });

  it('a draft answers exactly like a slug that does not exist', async () => {
    const draft = await server.query(ArticleBySlugDocument, { slug: draftSlug });
    const missing = await server.query(ArticleBySlugDocument, { slug: 'khong-ton-tai' });
    expect(draft.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect(draft.errors![0].message.replace(draftSlug, 'X')).toBe(missing.errors![0].message.replace('khong-ton-tai', 'X'));
  });

  it('emails are not exposed to other accounts and sign-in errors do not tell whether an account exists', async () => {
    const admin = await signedInAs(db, [Role.ADMIN]);
    const editor = await signedInAs(db, [Role.EDITOR]);
    const asEditor = await server.raw({ query: '{ users { email } }' }, editor.headers);
    expect(asEditor.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(JSON.stringify(asEditor)).not.toContain(admin.email);
    const unknown = await server.query(LoginDocument, { email: 'khong-co@vi-du.vn', password: 'x'.repeat(12) });
    const wrong = await server.query(LoginDocument, { email: editor.email, password: 'x'.repeat(12) });
    expect(unknown.errors![0].message).toBe(wrong.errors![0].message);
  });
});

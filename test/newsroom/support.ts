/** Helpers for newsroom tests: a staff viewer for direct service calls and a seeded topic list. */
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CONTENT_STEPS, importContent } from '../../src/content/importer';
import type { Database } from '../../src/db/orm';
import type { StaffViewer } from '../../src/graphql/viewer';
import { Role } from '../../src/core/roles';
import { ArticleService, type ContentChanges } from '../../src/newsroom/article.service';
import { WorkflowService } from '../../src/newsroom/workflow.service';
import { ArticleState } from '../../src/newsroom/article.entity';
import { Topic } from '../../src/newsroom/taxonomy.entity';
import { signedInAs } from '../support/accounts';
import { BODY_HOOKS } from '../../src/bodies/body.hooks';

export function staff(name = 'Biên tập viên Thử nghiệm', roles: Role[] = [Role.ADMIN]): StaffViewer {
  return { kind: 'staff', name, userId: null, email: null, roles, organisationId: null, mustChangePassword: false, via: 'session', writable: true };
}

export const em = (db: Database) => db.orm.em.fork() as EntityManager;

export async function seedTopics(db: Database): Promise<void> {
  const e = em(db);
  e.create(Topic, { slug: 'cai-cach-hanh-chinh', name: 'Cải cách hành chính', description: 'CCHC', position: 0 });
  e.create(Topic, { slug: 'hoat-dong-cua-lanh-dao-tinh', name: 'Hoạt động của lãnh đạo tỉnh', position: 1 });
  await e.flush();
}

/** Creates an article and publishes it at `publishAt` (back-dated) through the real services. */
export async function publishedArticle(db: Database, input: ContentChanges, publishAt: Date, now = new Date()): Promise<number> {
  const a = await new ArticleService(em(db), staff(), now, BODY_HOOKS).create(input);
  const w = new WorkflowService(em(db), staff(), now, BODY_HOOKS);
  const reviewed = await w.transition(a.id, a.version, ArticleState.IN_REVIEW);
  await w.transition(a.id, reviewed.version, ArticleState.PUBLISHED, publishAt);
  return a.id;
}

/** The content steps this feature needs (units, topics, articles): other features' content stays out of these tests. */
export const NEWSROOM_STEPS = CONTENT_STEPS.filter((s) => ['units', 'topics', 'ranking methodologies', 'ranking scores', 'articles'].includes(s.name));
export const CONTENT_DIR = path.resolve(__dirname, '../../content');
export const importNewsroomContent = (db: Database, dir = CONTENT_DIR) => importContent(db.orm, dir, NEWSROOM_STEPS);

/** A signed-in admin account for HTTP tests (create once per file, in beforeAll: hashing is slow). */
export const signedInStaff = (db: Database, displayName = 'Biên tập viên Thử nghiệm', now?: () => Date) => signedInAs(db, [Role.ADMIN], { displayName, now });

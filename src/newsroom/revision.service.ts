/** Revision history of an article (staff only): list and compare. Restoring is a save (ArticleService.restore). */
import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError } from '../core/errors';
import type { Viewer } from '../core/viewer';
import { changedFields } from './article.content';
import { parseArticleId } from './article.save';
import { staffName } from './article.policy';
import { ArticleRevision } from './revision.entity';

export interface RevisionDiff {
  from: number;
  to: number;
  changes: { field: string; before: unknown; after: unknown }[];
}

export class RevisionService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
  ) {}

  /** Newest first. */
  async list(articleId: string | number): Promise<ArticleRevision[]> {
    staffName(this.viewer, 'read revisions');
    return this.em.find(ArticleRevision, { article: parseArticleId(articleId) }, { orderBy: { number: 'desc' } });
  }

  /** Content fields that differ between two revisions, with both values. */
  async compare(articleId: string | number, from: number, to: number): Promise<RevisionDiff> {
    staffName(this.viewer, 'compare revisions');
    const id = parseArticleId(articleId);
    const rows = await this.em.find(ArticleRevision, { article: id, number: { $in: [from, to] } });
    const a = rows.find((r) => r.number === from);
    const b = rows.find((r) => r.number === to);
    if (!a) throw new NotFoundError('Revision', `${id}#${from}`);
    if (!b) throw new NotFoundError('Revision', `${id}#${to}`);
    const changes = changedFields(a.snapshot, b.snapshot).map((field) => {
      const key = field as keyof typeof a.snapshot;
      return { field, before: a.snapshot[key] ?? null, after: b.snapshot[key] ?? null };
    });
    return { from, to, changes };
  }
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { BadInputError, NotFoundError } from '../core/errors';
import type { Viewer } from '../core/viewer';
import { seesUnpublished } from './article.policy';
import { compareVietnamese, slugify } from '../text/vietnamese';
import { Tag, Topic } from './taxonomy.entity';
import { LIVE_SQL } from './workflow';

export const TAGS_MAX = 200;

export class TaxonomyService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly now: Date,
  ) {}

  async topics(): Promise<Topic[]> {
    const topics = await this.em.find(Topic, {});
    return topics.sort((a, b) => a.position - b.position || compareVietnamese(a.name, b.name));
  }

  async topic(slug: string): Promise<Topic> {
    const topic = await this.em.findOne(Topic, { slug: slugify(slug) });
    if (!topic) throw new NotFoundError('Topic', slug);
    return topic;
  }

  /**
   * Tags by number of live articles. A tag used only on drafts would reveal the draft, so
   * anonymous viewers get only tags with at least one live article.
   */
  async tags(first?: number | null): Promise<Tag[]> {
    if (first != null && first < 0) throw new BadInputError('first', 'first cannot be negative');
    const limit = Math.min(first ?? TAGS_MAX, TAGS_MAX);
    const having = seesUnpublished(this.viewer) ? '' : 'where n > 0';
    const rows: { id: number }[] = await this.em.execute(
      `select id from (
         select t.id, t.name, (select count(*) from article_tag x join article a on a.id = x.article_id where x.tag_id = t.id and ${LIVE_SQL}) as n from tag t
       ) c ${having} order by n desc, name, id limit ?`,
      [this.now, limit],
    );
    const tags = await this.em.find(Tag, { id: { $in: rows.map((r) => Number(r.id)) } });
    return rows.map((r) => tags.find((t) => t.id === Number(r.id))!);
  }
}

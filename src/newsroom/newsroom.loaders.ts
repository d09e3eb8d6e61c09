/**
 * Request-scoped batching for article relations: a page of N articles loads each relation
 * (topics, tags, authors, units) in one statement, whatever N is. Keys are article ids;
 * what they return is the same for every viewer (the articles themselves are gated upstream).
 */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Unit } from '../units/unit.entity';
import { ArticleAuthor, ArticleTag, ArticleTopic, ArticleUnit } from './article-links.entity';
import type { Author, Tag, Topic } from './taxonomy.entity';
import { LIVE_SQL } from './workflow';

function linkLoader<T>(em: EntityManager, entity: new () => object, key: string, pick: (row: never) => T) {
  return new DataLoader<number, T[]>(async (ids) => {
    const rows = (await em.find(entity as never, { article: { $in: [...ids] } } as never, {
      populate: [key] as never,
      orderBy: { position: 'asc' } as never,
    })) as unknown as { article: { id: number } }[];
    const byArticle = new Map<number, T[]>(ids.map((id) => [id, []]));
    for (const row of rows) byArticle.get(row.article.id)?.push(pick(row as never));
    return ids.map((id) => byArticle.get(id)!);
  });
}

/** Public (live) article counts per topic or tag, keyed by the request's "now" so one statement serves all. */
function countLoader(em: EntityManager, pivot: 'article_topic' | 'article_tag', column: 'topic_id' | 'tag_id') {
  return new DataLoader<string, Map<number, number>>(async (nows) =>
    Promise.all(
      nows.map(async (now) => {
        const rows: { id: number; n: string }[] = await em.execute(
          `select x.${column} as id, count(*) as n from ${pivot} x join article a on a.id = x.article_id where ${LIVE_SQL} group by x.${column}`,
          [new Date(now)],
        );
        return new Map(rows.map((r) => [Number(r.id), Number(r.n)]));
      }),
    ),
  );
}

export function createNewsroomLoaders(em: EntityManager) {
  return {
    topicsByArticle: linkLoader<Topic>(em, ArticleTopic, 'topic', (r: ArticleTopic) => r.topic),
    tagsByArticle: linkLoader<Tag>(em, ArticleTag, 'tag', (r: ArticleTag) => r.tag),
    authorsByArticle: linkLoader<Author>(em, ArticleAuthor, 'author', (r: ArticleAuthor) => r.author),
    unitsByArticle: linkLoader<Unit>(em, ArticleUnit, 'unit', (r: ArticleUnit) => r.unit),
    publicTopicCounts: countLoader(em, 'article_topic', 'topic_id'),
    publicTagCounts: countLoader(em, 'article_tag', 'tag_id'),
  };
}

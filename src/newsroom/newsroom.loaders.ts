/**
 * Request-scoped batching for article relations: a page of N articles loads each relation
 * (topics, tags, authors, units) in one statement, whatever N is. Keys are article ids;
 * what they return is the same for every viewer (the articles themselves are gated upstream).
 */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Unit } from '../units/unit.entity';
import { ArticleUnit } from './article-links.entity';
import type { Author, Tag, Topic } from './taxonomy.entity';
import { LIVE_SQL } from './workflow';

/**
 * The lean variant for the public read path: one statement over the pivot and the linked table,
 * plain rows shaped like the entity (no hydration). `columns` are of the linked table, alias t.
 */
function rowLinkLoader<T>(em: EntityManager, pivot: string, column: string, table: string, columns: string, shape: (row: Record<string, unknown>) => T) {
  return new DataLoader<number, T[]>(async (ids) => {
    const rows: Record<string, unknown>[] = await em.execute(
      `select x.article_id as rd_article_id, ${columns} from ${pivot} x join ${table} t on t.id = x.${column} where x.article_id in (${ids.map(() => '?').join(', ')}) order by x.position, x.article_id`,
      [...ids],
    );
    const byArticle = new Map<number, T[]>(ids.map((id) => [id, []]));
    for (const row of rows) byArticle.get(Number(row.rd_article_id))?.push(shape(row));
    return ids.map((id) => byArticle.get(id)!);
  });
}

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
    topicsByArticle: rowLinkLoader<Topic>(em, 'article_topic', 'topic_id', 'topic', 't.id, t.slug, t.name, t.description, t.position', (r) => ({
      id: Number(r.id),
      slug: r.slug as string,
      name: r.name as string,
      description: (r.description as string | null) ?? null,
      position: Number(r.position),
    })),
    tagsByArticle: rowLinkLoader<Tag>(em, 'article_tag', 'tag_id', 'tag', 't.id, t.slug, t.name', (r) => ({ id: Number(r.id), slug: r.slug as string, name: r.name as string })),
    authorsByArticle: rowLinkLoader<Author>(em, 'article_author', 'author_id', 'author', 't.id, t.slug, t.display_name, t.role', (r) => ({
      id: Number(r.id),
      slug: r.slug as string,
      displayName: r.display_name as string,
      role: (r.role as string | null) ?? null,
    })),
    unitsByArticle: linkLoader<Unit>(em, ArticleUnit, 'unit', (r: ArticleUnit) => r.unit),
    publicTopicCounts: countLoader(em, 'article_topic', 'topic_id'),
    publicTagCounts: countLoader(em, 'article_tag', 'tag_id'),
  };
}

/** This feature's share of the request context's loaders (created in src/app/loaders.ts). */
declare module '../graphql/context' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Loaders extends ReturnType<typeof createNewsroomLoaders> {}
}

/**
 * Related reading: editor-pinned articles first (in the order given), then live articles
 * sharing topics, units or tags (weighted 3, 2, 1), then the most recent; never the article
 * itself; ties broken by recency and id so the order is deterministic. One statement.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Article } from '../newsroom/article.entity';
import { ARTICLE_COLUMNS, articleFromRow, WITH_TOPICS } from '../newsroom/article.rows';
import { LIVE_SQL } from '../newsroom/workflow';
import { RelatedReasonKind } from './body.enums';

export interface RelatedCandidate {
  article: Article;
  reasons: { kind: RelatedReasonKind; label: string; name: string | null }[];
}

const WEIGHT = { topics: 3, units: 2, tags: 1 } as const;
const RECENT_POOL = 50;

export async function relatedArticles(em: EntityManager, articleId: number, first: number, pinnedSlugs: string[], now: Date): Promise<RelatedCandidate[]> {
  const limit = Math.min(Math.max(first, 0), 20);
  if (limit === 0) return [];
  const shared = (pivot: string, column: string, table: string) =>
    `coalesce((select json_agg(s.name order by s.name) from ${pivot} x join ${pivot} y on y.${column} = x.${column} and y.article_id = ? join ${table} s on s.id = x.${column} where x.article_id = a.id), '[]'::json)`;
  // Ranked and cut in SQL (the same order as the sort below), so only `limit` full rows come back
  // however many live articles are candidates. publish_at compared at millisecond precision, as in JS.
  const rows: Record<string, unknown>[] = await em.execute(
    `select c.* from (
       select ${ARTICLE_COLUMNS}, ${WITH_TOPICS}, ${shared('article_topic', 'topic_id', 'topic')} as rd_topics, ${shared('article_unit', 'unit_id', 'unit')} as rd_units, ${shared('article_tag', 'tag_id', 'tag')} as rd_tags,
              coalesce(array_position(array(select jsonb_array_elements_text(?::jsonb)), a.slug::text), 0) as rd_pin
         from article a
        where a.id <> ? and ${LIVE_SQL}
          and (a.slug in (select jsonb_array_elements_text(?::jsonb))
               or a.id in (select x.article_id from article_topic x where x.topic_id in (select topic_id from article_topic where article_id = ?))
               or a.id in (select x.article_id from article_unit x where x.unit_id in (select unit_id from article_unit where article_id = ?))
               or a.id in (select x.article_id from article_tag x where x.tag_id in (select tag_id from article_tag where article_id = ?))
               or a.id in (select r.id from article r where ${LIVE_SQL.replace(/\ba\./g, 'r.')} order by r.publish_at desc limit ${RECENT_POOL}))
     ) c
     order by c.rd_pin = 0, c.rd_pin, ${WEIGHT.topics} * json_array_length(c.rd_topics) + ${WEIGHT.units} * json_array_length(c.rd_units) + ${WEIGHT.tags} * json_array_length(c.rd_tags) desc,
              date_trunc('milliseconds', c.publish_at) desc, c.id desc
     limit ${limit}`,
    [articleId, articleId, articleId, JSON.stringify(pinnedSlugs), articleId, now, JSON.stringify(pinnedSlugs), articleId, articleId, articleId, now],
  );
  const scored = rows.map((row) => {
    const names = (key: string) => (typeof row[key] === 'string' ? JSON.parse(row[key] as string) : row[key]) as string[];
    const topics = names('rd_topics');
    const units = names('rd_units');
    const tags = names('rd_tags');
    const pin = Number(row.rd_pin);
    const score = topics.length * WEIGHT.topics + units.length * WEIGHT.units + tags.length * WEIGHT.tags;
    const reasons: RelatedCandidate['reasons'] = [];
    if (pin) reasons.push({ kind: RelatedReasonKind.PINNED, label: 'Biên tập viên chọn', name: null });
    for (const name of topics) reasons.push({ kind: RelatedReasonKind.TOPIC, label: `Cùng chủ đề: ${name}`, name });
    for (const name of units) reasons.push({ kind: RelatedReasonKind.UNIT, label: `Cùng địa bàn: ${name}`, name });
    for (const name of tags) reasons.push({ kind: RelatedReasonKind.TAG, label: `Cùng thẻ: ${name}`, name });
    if (reasons.length === 0) reasons.push({ kind: RelatedReasonKind.RECENT, label: 'Mới đăng', name: null });
    const article = articleFromRow(row); // a plain row: related lists are read-only
    return { article, reasons, pin, score, publishedAt: article.publishAt!.getTime() };
  });
  scored.sort((a, b) => {
    if (a.pin || b.pin) return (a.pin || Infinity) - (b.pin || Infinity);
    return b.score - a.score || b.publishedAt - a.publishedAt || b.article.id - a.article.id;
  });
  return scored.slice(0, limit).map(({ article, reasons }) => ({ article, reasons }));
}

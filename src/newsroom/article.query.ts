/**
 * Reading articles: one by slug (old slugs too) or id, and filtered, searched, paginated lists.
 * Anonymous viewers only ever see live articles: anything else answers NOT_FOUND, exactly as a
 * slug that never existed, so a draft's existence does not leak.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { BadInputError, NotFoundError } from '../core/errors';
import type { Viewer } from '../core/viewer';
import { nfc, slugify } from '../text/vietnamese';
import { ArticleSlug } from './article-links.entity';
import { Article, type ArticleState, SEARCH_EXPRESSION } from './article.entity';
import { parseArticleId } from './article.save';
import { seesUnpublished } from './article.policy';
import { ARTICLE_COLUMNS, articleFromRow, articleRowById, articleRowBySlug, WITH_TOPICS } from './article.rows';
import { EFFECTIVE_STATE_SQL, isLive, LIVE_SQL } from './workflow';

export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 100;
export const SEARCH_MAX_LENGTH = 200;

export interface ArticleFilter {
  search?: string | null;
  topic?: string | null;
  tag?: string | null;
  /** GSO code; also matches articles about the unit's direct children (province → its districts) */
  unit?: string | null;
  author?: string | null;
  state?: ArticleState | null;
  publishedFrom?: Date | null;
  publishedTo?: Date | null;
}

export interface ArticlePage {
  nodes: Article[];
  offset: number;
  totalCount: number;
  hasNextPage: boolean;
}

/** Opaque cursors; offsets inside, because relevance order has no stable key to seek from. */
export const encodeCursor = (offset: number): string => Buffer.from(`o:${offset}`).toString('base64url');
export function decodeCursor(cursor: string): number {
  const m = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new BadInputError('after', `"${cursor}" is not a cursor from this API`);
  return Number(m[1]);
}

/** Words of a search string, NFC; folding (accents, đ, case) happens in SQL with the same function the index uses. */
export function searchTerms(search: string): string[] {
  return nfc(search)
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 12);
}

/**
 * The one rule of who reads which article: newsroom staff everything, everyone else live articles
 * only. `article(…)`, listings and every other feature that shows articles (outreach links) ask it.
 */
export function canReadArticle(viewer: Viewer, article: Pick<Article, 'state' | 'publishAt'>, now: Date): boolean {
  return seesUnpublished(viewer) || isLive(article.state, article.publishAt, now);
}

export class ArticleQueries {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly now: Date,
  ) {}

  private visible(article: Article | null): article is Article {
    return !!article && canReadArticle(this.viewer, article, this.now);
  }

  /** By current or former slug; the returned article carries its current slug so callers can redirect. */
  async bySlug(slug: string): Promise<Article> {
    // Lenient: "Đức Thọ" or "DUC-THO" find the article whose slug is duc-tho.
    const key = slugify(slug, 120);
    // Readers get a plain row (the lean read path, article.rows.ts); staff keep the entity they may go on to edit.
    const article = seesUnpublished(this.viewer)
      ? ((await this.em.findOne(ArticleSlug, { slug: key }, { populate: ['article'] }))?.article ?? null)
      : await articleRowBySlug(this.em, key);
    if (!this.visible(article)) throw new NotFoundError('Article', slug);
    return article;
  }

  async byId(id: string): Promise<Article> {
    const articleId = parseArticleId(id);
    const article = seesUnpublished(this.viewer) ? await this.em.findOne(Article, { id: articleId }) : await articleRowById(this.em, articleId);
    if (!this.visible(article)) throw new NotFoundError('Article', id);
    return article;
  }

  /** One statement: the page and its total (window count), ranked by relevance when searching. */
  async list(filter: ArticleFilter, first?: number | null, after?: string | null): Promise<ArticlePage> {
    if (first != null && first < 0) throw new BadInputError('first', 'first cannot be negative');
    const limit = Math.min(first ?? PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX);
    const offset = after ? decodeCursor(after) + 1 : 0;
    const where: string[] = [];
    const params: unknown[] = [];
    if (!seesUnpublished(this.viewer)) {
      where.push(LIVE_SQL);
      params.push(this.now);
    }
    const exists = (join: string, condition: string, ...values: unknown[]) => {
      where.push(`exists (select 1 from ${join} where x.article_id = a.id and ${condition})`);
      params.push(...values);
    };
    if (filter.topic) exists('article_topic x join topic t on t.id = x.topic_id', 't.slug = ?', slugify(filter.topic));
    if (filter.tag) exists('article_tag x join tag t on t.id = x.tag_id', 't.slug = ?', slugify(filter.tag));
    if (filter.author) exists('article_author x join author t on t.id = x.author_id', 't.slug = ?', slugify(filter.author));
    if (filter.unit) {
      exists('article_unit x join unit u on u.id = x.unit_id left join unit p on p.id = u.parent_id', '(u.code = ? or p.code = ?)', filter.unit.trim(), filter.unit.trim());
    }
    if (filter.state) {
      where.push(`${EFFECTIVE_STATE_SQL} = ?`);
      params.push(this.now, filter.state);
    }
    if (filter.publishedFrom) {
      where.push('a.publish_at >= ?');
      params.push(filter.publishedFrom);
    }
    if (filter.publishedTo) {
      where.push('a.publish_at < ?');
      params.push(filter.publishedTo);
    }
    let rank = '0';
    const rankParams: unknown[] = [];
    if (filter.search != null && filter.search.trim() !== '') {
      if (filter.search.length > SEARCH_MAX_LENGTH) throw new BadInputError('search', `search is too long (at most ${SEARCH_MAX_LENGTH} characters)`);
      const terms = searchTerms(filter.search);
      if (terms.length === 0) throw new BadInputError('search', 'search has no letters or digits');
      // Every word must appear (trigram index); title matches weigh most, then the lead, then the body.
      for (const term of terms) {
        where.push(`${SEARCH_EXPRESSION.replace(/(title|sapo|body)/g, 'a.$1')} ilike '%' || f_unaccent(lower(?)) || '%'`);
        params.push(term);
      }
      const q = terms.join(' ');
      rank = `(3 * word_similarity(f_unaccent(lower(?)), f_unaccent(lower(a.title))) + 2 * word_similarity(f_unaccent(lower(?)), f_unaccent(lower(a.sapo))) + word_similarity(f_unaccent(lower(?)), f_unaccent(lower(a.body))))`;
      rankParams.push(q, q, q);
    }
    const whereSql = where.length ? `where ${where.join(' and ')}` : '';
    const sql = `select ${ARTICLE_COLUMNS}, ${WITH_TOPICS}, count(*) over () as total_count, ${rank} as rank from article a ${whereSql}
      order by rank desc, coalesce(a.publish_at, a.created_at) desc, a.id desc limit ? offset ?`;
    const rows: Record<string, unknown>[] = await this.em.execute(sql, [...rankParams, ...params, limit, offset]);
    let totalCount = rows.length ? Number(rows[0].total_count) : 0;
    if (rows.length === 0 && (offset > 0 || limit === 0)) {
      // The window count rides on the rows; an empty page past the end (or first: 0) needs its own count.
      const [{ n }] = await this.em.execute(`select count(*) as n from article a ${whereSql}`, params);
      totalCount = Number(n);
    }
    // Plain rows, not entities: hydrating a page of full articles was most of a listing's CPU.
    const nodes = rows.map(articleFromRow);
    return { nodes, offset, totalCount, hasNextPage: offset + nodes.length < totalCount };
  }
}

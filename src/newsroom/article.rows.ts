/**
 * The lean read path: articles as plain rows shaped like the entity, without MikroORM hydration
 * (no entity instances, identity map or change tracking). The Article GraphQL type reads only
 * properties, so a row serves it exactly as an entity would. Read-only: never pass one to a writer.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Article, ArticleState } from './article.entity';

/** Every column the Article type can show (alias `a`); `import_key`, `created_at` and the search index stay out. */
export const ARTICLE_COLUMNS = [
  'id', 'title', 'sapo', 'body', 'slug', 'state', 'publish_at', 'source', 'byline', 'dateline', 'cover_image', 'images',
  'seo_title', 'seo_description', 'external_url', 'external_stub', 'pending', 'pending_publish_at', 'version', 'updated_at', 'updated_by',
]
  .map((c) => `a.${c}`)
  .join(', ');

/** Timestamps come back as text from the PostgreSQL driver (MikroORM's type parsers), as Date from some drivers. */
export const toDate = (v: unknown): Date | null => (v == null ? null : v instanceof Date ? v : new Date(v as string));
/** JSON columns come back parsed from pg, as text from some drivers. */
export const fromJson = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

export function articleFromRow(row: Record<string, unknown>): Article {
  return {
    id: Number(row.id),
    title: row.title as string,
    sapo: row.sapo as string,
    body: row.body as string,
    slug: row.slug as string,
    state: row.state as ArticleState,
    publishAt: toDate(row.publish_at),
    source: (row.source as string | null) ?? null,
    byline: (row.byline as string | null) ?? null,
    dateline: (row.dateline as string | null) ?? null,
    coverImage: fromJson(row.cover_image) ?? null,
    images: fromJson(row.images) ?? [],
    seoTitle: (row.seo_title as string | null) ?? null,
    seoDescription: (row.seo_description as string | null) ?? null,
    externalUrl: (row.external_url as string | null) ?? null,
    externalStub: !!row.external_stub,
    pending: fromJson(row.pending) ?? null,
    pendingPublishAt: toDate(row.pending_publish_at),
    version: Number(row.version),
    updatedAt: toDate(row.updated_at)!,
    updatedBy: row.updated_by as string,
  } as Article;
}

/** One article by current or former slug (already slugified), as a row; null when no slug matches. */
export async function articleRowBySlug(em: EntityManager, slug: string): Promise<Article | null> {
  const rows: Record<string, unknown>[] = await em.execute(`select ${ARTICLE_COLUMNS} from article_slug s join article a on a.id = s.article_id where s.slug = ?`, [slug]);
  return rows.length ? articleFromRow(rows[0]) : null;
}

export async function articleRowById(em: EntityManager, id: number): Promise<Article | null> {
  const rows: Record<string, unknown>[] = await em.execute(`select ${ARTICLE_COLUMNS} from article a where a.id = ?`, [id]);
  return rows.length ? articleFromRow(rows[0]) : null;
}

/**
 * What field resolvers take as `@Root()`: the Article's shape, not its class. type-graphql converts a
 * root whose declared parameter type is a class into an instance of it (a `new Article()` and a copy
 * per field per article) unless it already is one; a structural type is passed through untouched,
 * so rows and entities both reach the resolver as they are.
 */
export type ArticleData = { [K in keyof Article]: Article[K] };

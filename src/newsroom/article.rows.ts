/**
 * The lean read path: articles as plain rows shaped like the entity, without MikroORM hydration
 * (no entity instances, identity map or change tracking). The Article GraphQL type reads only
 * properties, so a row serves it exactly as an entity would. Read-only: never pass one to a writer.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { describedRead } from '../cache/read-record';
import type { HtmlImageSource } from '../media/image-source';
import type { Article, ArticleState } from './article.entity';
import type { Topic } from './taxonomy.entity';
import { fromJson, toDate } from '../db-kit/row-values';

/** Every column the Article type can show (alias `a`); `import_key`, `created_at` and the search index stay out. */
export const ARTICLE_COLUMNS = [
  'id',
  'title',
  'sapo',
  'body',
  'slug',
  'state',
  'publish_at',
  'source',
  'byline',
  'dateline',
  'cover_image',
  'images',
  'seo_title',
  'seo_description',
  'external_url',
  'external_stub',
  'pending',
  'pending_publish_at',
  'version',
  'updated_at',
  'updated_by',
]
  .map((c) => `a.${c}`)
  .join(', ');

/** Timestamps come back as text from the PostgreSQL driver (MikroORM's type parsers), as Date from some drivers. */
export { fromJson, toDate } from '../db-kit/row-values';

/**
 * Extra columns a page query can carry so it needs no statement after it: the article's topics
 * (every page shows them), its latest as-published snapshot (the article page compares with it)
 * and its library pictures (the article's HTML shows them).
 */
export const WITH_TOPICS = `coalesce((select json_agg(json_build_object('id', t.id, 'slug', t.slug, 'name', t.name, 'description', t.description, 'position', t.position) order by x.position)
  from article_topic x join topic t on t.id = x.topic_id where x.article_id = a.id), '[]'::json) as rd_linked_topics`;
export const WITH_LATEST_SNAPSHOT = `(select json_build_object('bodyHash', s.body_hash, 'widgets', s.widgets, 'facts', s.facts) from body_snapshot s
  where s.article_id = a.id order by s.taken_at desc, s.id desc limit 1) as rd_latest_snapshot`;

/** The media library rows the article's image references name (what its HTML shows for each picture). */
export const WITH_LIBRARY_IMAGES = `(select coalesce(json_agg(json_build_object('id', m.id, 'width', m.width, 'height', m.height, 'focalX', m.focal_x,
     'focalY', m.focal_y, 'revision', m.revision, 'alt', m.alt, 'caption', m.caption, 'credit', m.credit, 'placeholder', m.placeholder,
     'dominantColor', m.dominant_color)), '[]'::json)
  from media_image m where m.id::text in (select x->>'imageId' from jsonb_array_elements(a.images) x)) as rd_library_images`;

const TOPICS = Symbol('topics fetched with the row');
const LIBRARY_IMAGES = Symbol('library images fetched with the row');
const LATEST_SNAPSHOT = Symbol('latest snapshot fetched with the row');

/** The topics fetched with the row, if they were (else ask the loader). */
export const preloadedTopics = (a: object): Topic[] | undefined => (a as { [TOPICS]?: Topic[] })[TOPICS];
/**
 * undefined: not fetched with the row; null: the article has no snapshot at all. `Values`: the
 * snapshot's widgets and facts, whose shape the bodies own (BodySnapshotValues), not the newsroom.
 */
export const preloadedLatestSnapshot = <Values>(a: object): (Values & { bodyHash: string }) | null | undefined =>
  (a as { [LATEST_SNAPSHOT]?: (Values & { bodyHash: string }) | null })[LATEST_SNAPSHOT];

/** The library images fetched with the row, by id, if they were (else ask the imageById loader). */
export const preloadedLibraryImages = (a: object): Map<string, HtmlImageSource> | undefined => (a as { [LIBRARY_IMAGES]?: Map<string, HtmlImageSource> })[LIBRARY_IMAGES];

export function articleFromRow(row: Record<string, unknown>): Article {
  const article = {
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
  // Symbol keys: invisible to GraphQL and JSON, read only through the helpers above.
  if ('rd_linked_topics' in row) Object.assign(article, { [TOPICS]: fromJson<Topic[]>(row.rd_linked_topics) });
  if ('rd_library_images' in row) {
    const images = fromJson<HtmlImageSource[]>(row.rd_library_images) ?? [];
    Object.assign(article, { [LIBRARY_IMAGES]: new Map(images.map((i) => [i.id, i])) });
  }
  if ('rd_latest_snapshot' in row) Object.assign(article, { [LATEST_SNAPSHOT]: fromJson(row.rd_latest_snapshot) ?? null });
  return article;
}

/**
 * For the response cache: a page row depends on its article, its topics and its pictures by row
 * (a write to another article keeps it); the slug history, topic links and snapshots it read stay
 * table-level. Not found: every table it read stays table-level (a later insert may match).
 */
function pageRowReads(article: Article | null): Record<string, (string | number)[]> | null {
  if (!article) return null;
  return {
    article: [article.id],
    topic: (preloadedTopics(article) ?? []).map((t) => t.id),
    media_image: [...(preloadedLibraryImages(article)?.keys() ?? [])],
  };
}

/** One article by current or former slug (already slugified), as a row; null when no slug matches. */
export function articleRowBySlug(em: EntityManager, slug: string): Promise<Article | null> {
  return describedRead(async () => {
    const rows: Record<string, unknown>[] = await em.execute(
      `select ${ARTICLE_COLUMNS}, ${WITH_TOPICS}, ${WITH_LATEST_SNAPSHOT}, ${WITH_LIBRARY_IMAGES} from article_slug s join article a on a.id = s.article_id where s.slug = ?`,
      [slug],
    );
    return rows.length ? articleFromRow(rows[0]) : null;
  }, pageRowReads);
}

export function articleRowById(em: EntityManager, id: number): Promise<Article | null> {
  return describedRead(async () => {
    const rows: Record<string, unknown>[] = await em.execute(
      `select ${ARTICLE_COLUMNS}, ${WITH_TOPICS}, ${WITH_LATEST_SNAPSHOT}, ${WITH_LIBRARY_IMAGES} from article a where a.id = ?`,
      [id],
    );
    return rows.length ? articleFromRow(rows[0]) : null;
  }, pageRowReads);
}

/**
 * What field resolvers take as `@Root()`: the Article's shape, not its class. type-graphql converts a
 * root whose declared parameter type is a class into an instance of it (a `new Article()` and a copy
 * per field per article) unless it already is one; a structural type is passed through untouched,
 * so rows and entities both reach the resolver as they are.
 */
export type ArticleData = { [K in keyof Article]: Article[K] };

/**
 * Reads and writes an article's content (columns + pivot tables) as one ArticleContent value,
 * and checks what needs the database: topics and units exist, slugs are free.
 * Runs inside the caller's transaction; never commits.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { slugify } from '../text/vietnamese';
import { Unit } from '../units/unit.entity';
import { ArticleAuthor, ArticleSlug, ArticleTag, ArticleTopic, ArticleUnit } from './article-links.entity';
import { MediaImage } from '../media/image.entity';
import { type ArticleContent, contentProblems, type FieldProblem, imageRefs, isUuid } from './article.content';
import { bodyProblems, type NewsroomHooks } from './hooks';
import { type Article } from './article.entity';
import { Author, Tag, Topic } from './taxonomy.entity';

export interface ArticleLinks {
  topics: Topic[];
  tags: Tag[];
  authors: Author[];
  units: Unit[];
}

/** The content value of an article's columns and its relations, in editorial order. */
export function contentOf(article: Article, links: ArticleLinks): ArticleContent {
  return {
    title: article.title,
    sapo: article.sapo,
    body: article.body,
    slug: article.slug,
    topics: links.topics.map((t) => t.slug),
    tags: links.tags.map((t) => t.name),
    authors: links.authors.map((a) => ({ name: a.displayName, role: a.role ?? null })),
    units: links.units.map((u) => u.code),
    source: article.source ?? null,
    byline: article.byline ?? null,
    dateline: article.dateline ?? null,
    coverImage: article.coverImage ?? null,
    images: article.images ?? [],
    seoTitle: article.seoTitle ?? null,
    seoDescription: article.seoDescription ?? null,
    externalUrl: article.externalUrl ?? null,
    externalStub: article.externalStub,
  };
}

export async function loadContent(em: EntityManager, article: Article): Promise<ArticleContent> {
  // One after another: inside a transaction they share one connection, which runs one query at a time.
  const topics = await em.find(ArticleTopic, { article }, { populate: ['topic'], orderBy: { position: 'asc' } });
  const tags = await em.find(ArticleTag, { article }, { populate: ['tag'], orderBy: { position: 'asc' } });
  const authors = await em.find(ArticleAuthor, { article }, { populate: ['author'], orderBy: { position: 'asc' } });
  const units = await em.find(ArticleUnit, { article }, { populate: ['unit'], orderBy: { position: 'asc' } });
  return contentOf(article, {
    topics: topics.map((t) => t.topic),
    tags: tags.map((t) => t.tag),
    authors: authors.map((a) => a.author),
    units: units.map((u) => u.unit),
  });
}

/** Is the slug used (now or before) by another article? */
export async function slugOwner(em: EntityManager, slug: string, articleId?: number): Promise<number | null> {
  const row = await em.findOne(ArticleSlug, { slug }, { fields: ['article'] });
  const owner = row ? row.article.id : null;
  return owner !== null && owner !== articleId ? owner : null;
}

/** The slug itself when free, else the first free "slug-2", "slug-3"… */
export async function freeSlug(em: EntityManager, base: string, articleId?: number): Promise<string> {
  const rows = await em.find(ArticleSlug, { slug: { $like: `${base}%` } }, { fields: ['slug', 'article'] });
  const taken = new Set(rows.filter((r) => r.article.id !== articleId).map((r) => r.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * Every problem of a content value, the database ones included, and the content with topics
 * given as names turned into their slugs. Nothing is written.
 */
export async function checkContent(
  hooks: NewsroomHooks,
  em: EntityManager,
  content: ArticleContent,
  options: { articleId?: number; rawSlug?: string | null; slugChanged: boolean },
): Promise<{ content: ArticleContent; problems: FieldProblem[] }> {
  const problems = contentProblems(content, options.rawSlug);
  if (content.body) problems.push(...(await bodyProblems(hooks, em, content.body)));
  const topics = content.topics.length ? await em.find(Topic, { slug: { $in: content.topics.map((t) => slugify(t)) } }) : [];
  const topicBySlug = new Map(topics.map((t) => [t.slug, t]));
  const unknownTopics = content.topics.filter((t) => !topicBySlug.has(slugify(t)));
  if (unknownTopics.length) problems.push({ field: 'topics', message: `unknown topic(s): ${unknownTopics.join(', ')} (topics are a curated list)` });
  const units = content.units.length ? await em.find(Unit, { code: { $in: content.units } }) : [];
  const unknownUnits = content.units.filter((code) => !units.some((u) => u.code === code));
  if (unknownUnits.length) problems.push({ field: 'units', message: `unknown unit code(s): ${unknownUnits.join(', ')}` });
  const imageIds = [...new Set(imageRefs(content).flatMap(({ image }) => (image.imageId && isUuid(image.imageId) ? [image.imageId] : [])))];
  const known = imageIds.length ? await em.find(MediaImage, { id: { $in: imageIds } }, { fields: ['id'] }) : [];
  for (const { field, image } of imageRefs(content)) {
    if (image.imageId && isUuid(image.imageId) && !known.some((k) => k.id === image.imageId))
      problems.push({ field: `${field}.imageId`, message: `no media image has the id ${image.imageId}` });
  }
  if (options.slugChanged && content.slug) {
    const owner = await slugOwner(em, content.slug, options.articleId);
    if (owner !== null) problems.push({ field: 'slug', message: `slug "${content.slug}" is already used by another article` });
  }
  return { content: { ...content, topics: content.topics.map((t) => topicBySlug.get(slugify(t))?.slug ?? t) }, problems };
}

/** Applies a checked content value to the article's columns and pivot rows. */
export async function writeContent(em: EntityManager, article: Article, content: ArticleContent, now: Date): Promise<void> {
  Object.assign(article, {
    title: content.title,
    sapo: content.sapo,
    body: content.body,
    source: content.source,
    byline: content.byline,
    dateline: content.dateline,
    coverImage: content.coverImage,
    images: content.images,
    seoTitle: content.seoTitle,
    seoDescription: content.seoDescription,
    externalUrl: content.externalUrl,
    externalStub: content.externalStub,
  });
  if (article.slug !== content.slug) article.slug = content.slug;
  if (!(await em.findOne(ArticleSlug, { slug: content.slug }))) {
    em.create(ArticleSlug, { slug: content.slug, article, createdAt: now });
  }
  const topics = content.topics.length ? await em.find(Topic, { slug: { $in: content.topics } }) : [];
  await syncLinks(
    em,
    ArticleTopic,
    article,
    'topic',
    content.topics.map((s) => topics.find((t) => t.slug === s)!),
  );
  const units = content.units.length ? await em.find(Unit, { code: { $in: content.units } }) : [];
  await syncLinks(
    em,
    ArticleUnit,
    article,
    'unit',
    content.units.map((c) => units.find((u) => u.code === c)!),
  );
  await syncLinks(em, ArticleTag, article, 'tag', await upsertTags(em, content.tags));
  await syncLinks(em, ArticleAuthor, article, 'author', await upsertAuthors(em, content.authors));
}

async function upsertTags(em: EntityManager, names: string[]): Promise<Tag[]> {
  const slugs = names.map((n) => slugify(n, 120));
  const existing = slugs.length ? await em.find(Tag, { slug: { $in: slugs } }) : [];
  // A tag keeps the spelling of its first use; later spellings with the same slug join it.
  const created: Tag[] = [];
  const tags = names.map((name, i) => {
    const found = existing.find((t) => t.slug === slugs[i]) ?? created.find((t) => t.slug === slugs[i]);
    if (found) return found;
    const tag = em.create(Tag, { slug: slugs[i], name });
    created.push(tag);
    return tag;
  });
  // New tags travel with the article's own change event: flushing here to give them ids would
  // flush the article twice and bump its optimistic-lock version by two for one save.
  return tags;
}

async function upsertAuthors(em: EntityManager, authors: ArticleContent['authors']): Promise<Author[]> {
  const slugs = authors.map((a) => slugify(a.name, 120));
  const existing = slugs.length ? await em.find(Author, { slug: { $in: slugs } }) : [];
  return authors.map((a, i) => {
    const found = existing.find((e) => e.slug === slugs[i]);
    if (!found) return em.create(Author, { slug: slugs[i], displayName: a.name, role: a.role ?? null });
    if (a.role && found.role !== a.role) found.role = a.role;
    return found;
  });
}

type Link = ArticleTopic | ArticleTag | ArticleAuthor | ArticleUnit;

/** Removes, re-orders and adds pivot rows so they equal `targets` in order. */
async function syncLinks<L extends Link, K extends 'topic' | 'tag' | 'author' | 'unit'>(
  em: EntityManager,
  entity: new () => L,
  article: Article,
  key: K,
  targets: { id?: number }[],
): Promise<void> {
  const existing = article.id ? ((await em.find(entity as never, { article } as never)) as unknown as Record<string, unknown>[]) : [];
  const wanted = new Set(targets);
  for (const row of existing) {
    if (!wanted.has(row[key] as { id?: number })) em.remove(row as never);
  }
  targets.forEach((target, position) => {
    const row = existing.find((r) => r[key] === target);
    if (row) {
      if (row.position !== position) row.position = position;
    } else {
      em.create(entity as never, { article, [key]: target, position } as never);
    }
  });
}

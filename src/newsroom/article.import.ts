/**
 * content/articles/*.md: one article per file, YAML front matter + Markdown body (see
 * docs/newsroom.md). The file is the source of truth for its article: an import writes the
 * live columns directly and keeps an IMPORT revision; an unchanged file changes nothing.
 */
import { recordArticleChange } from './article.events';
import fs from 'node:fs';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MediaConfig } from '../config';
import type { MediaStorage } from '../media/media.storage';
import type { NewsroomHooks } from './hooks';
import type { Problems } from '../import-kit/problems';
import { ensureSampleImage } from '../media/image.samples';
import type { ImportStats } from '../import-kit/stats';
import { nfcDeep } from '../text/vietnamese';
import { localMidnight } from '../text/vietnam-time';
import { type ArticleContent, changedFields, CONTENT_FIELDS, emptyContent, type ImageRef, normalizeContent } from './article.content';
import { Article, ArticleState } from './article.entity';
import { recordSave } from './article.save';
import { checkContent, loadContent, writeContent } from './article.store';
import { parseMarkdownFile } from './front-matter';
import { RevisionAction } from './revision.entity';

export const IMPORT_NAME = 'Nhập nội dung (content/articles)';
const STATES = new Set<string>(Object.values(ArticleState));
/**
 * Front-matter keys: the article's content fields (CONTENT_FIELDS, the one list, so the two
 * cannot drift apart) except the body, which is the Markdown below the front matter, plus the
 * import's own two: the workflow state and the publication date.
 */
const IMPORT_ONLY_KEYS = ['state', 'publishedAt'];
const KNOWN_KEYS = new Set<string>([...CONTENT_FIELDS.filter((f) => f !== 'body'), ...IMPORT_ONLY_KEYS]);

export function articleFiles(contentDir: string): string[] {
  const dir = path.join(contentDir, 'articles');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.md') && !n.startsWith('_'))
    .sort()
    .map((n) => path.join('articles', n));
}

/** "2019-06-13" is midnight in Hà Tĩnh (Asia/Ho_Chi_Minh); a full time needs its offset. */
export function parsePublishedAt(value: string): Date | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return localMidnight(value);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

const list = (v: unknown): unknown[] => (v == null ? [] : Array.isArray(v) ? v : [v]);
const str = (v: unknown): string | null => (v == null ? null : String(v));

/** What importing articles needs from the import run (the content importer hands over its context). */
export interface ArticleImportContext {
  media: MediaConfig;
  storage: MediaStorage;
  newsroom: NewsroomHooks;
}

export async function importArticleFile(em: EntityManager, file: string, text: string, problems: Problems, stats: ImportStats, context: ArticleImportContext): Promise<void> {
  const parsed = parseMarkdownFile(file, text, problems);
  if (!parsed) return;
  const front = nfcDeep(parsed.front.value) as Record<string, unknown>;
  const bad = (field: string, message: string) => {
    const top = field.split(/[.[]/)[0];
    const line = field === 'body' ? bodyLineOf(message) : (parsed.front.lineOf(field) ?? parsed.front.lineOf(top) ?? 2);
    problems.add(file, message, line, field);
  };
  /** The body line that shows the image a problem names, else the body's first line. */
  const bodyLineOf = (message: string): number => {
    const ref = /image "([^"]+)"/.exec(message)?.[1];
    const index = ref ? parsed.body.split('\n').findIndex((l) => l.includes(`(image:${ref})`)) : -1;
    return parsed.bodyLine + Math.max(index, 0);
  };
  const before = problems.list.length;
  for (const key of Object.keys(front)) if (!KNOWN_KEYS.has(key)) bad(key, `unknown key "${key}" (known: ${[...KNOWN_KEYS].join(', ')})`);
  if (!front.slug) bad('slug', 'slug is required in content files (so links stay stable)');
  const state = String(front.state ?? 'PUBLISHED');
  if (!STATES.has(state)) bad('state', `unknown state "${state}" (expected one of ${[...STATES].join(', ')})`);
  const publishAt = front.publishedAt == null ? null : parsePublishedAt(String(front.publishedAt));
  if (front.publishedAt != null && !publishAt) bad('publishedAt', `"${front.publishedAt}" is not YYYY-MM-DD or an ISO time with offset`);
  if (front.publishedAt == null && ['SCHEDULED', 'PUBLISHED', 'ARCHIVED'].includes(state)) bad('publishedAt', `a ${state} article needs publishedAt`);

  const content = normalizeContent({
    ...emptyContent(),
    title: str(front.title) ?? '',
    sapo: str(front.sapo) ?? '',
    body: nfcDeep(parsed.body),
    slug: str(front.slug) ?? '',
    topics: list(front.topics).map(String),
    tags: list(front.tags).map(String),
    authors: list(front.authors).map((a) =>
      typeof a === 'string' ? { name: a } : { name: str((a as Record<string, unknown>)?.name) ?? '', role: str((a as Record<string, unknown>)?.role) },
    ),
    units: list(front.units).map(String),
    source: str(front.source),
    byline: str(front.byline),
    dateline: str(front.dateline),
    coverImage: (front.coverImage as ArticleContent['coverImage']) ?? null,
    images: list(front.images) as ArticleContent['images'],
    seoTitle: str(front.seoTitle),
    seoDescription: str(front.seoDescription),
    externalUrl: str(front.externalUrl),
    externalStub: front.externalStub === true,
  });
  const importKey = file.split(path.sep).slice(-2).join('/');
  const article = await em.findOne(Article, { importKey });
  const slugChanged = !article || article.slug !== content.slug;
  const checked = await checkContent(context.newsroom, em, content, { articleId: article?.id, rawSlug: str(front.slug), slugChanged });
  for (const p of checked.problems) bad(p.field, p.message);
  if (problems.list.length > before) return;

  const now = new Date();
  // Only now, with the file valid: photo lines without a picture get a generated sample.
  const desired = await withSamplePictures(em, context, importKey, checked.content, now);
  const current = article ? await loadContent(em, article) : emptyContent();
  const changed = changedFields(current, desired);
  const target = article ?? em.create(Article, { importKey, title: desired.title, slug: desired.slug, createdAt: now, updatedAt: now, updatedBy: IMPORT_NAME });
  if (target.state !== state) changed.push('state');
  if ((target.publishAt?.getTime() ?? null) !== (publishAt?.getTime() ?? null)) changed.push('publishAt');
  if (article && changed.length === 0) {
    stats.unchanged('articles');
    return;
  }
  target.state = state as ArticleState;
  target.publishAt = publishAt;
  await writeContent(em, target, desired, now);
  recordSave(em, target, now, { action: article ? RevisionAction.IMPORT : RevisionAction.CREATE, savedBy: { userId: null, name: IMPORT_NAME }, changed, snapshot: desired });
  await recordArticleChange(em, target, article ? RevisionAction.IMPORT : RevisionAction.CREATE, now);
  if (article) stats.updated('articles');
  else stats.created('articles');
}

/**
 * Every image reference without a picture (no url, no imageId) gets a generated sample image
 * (flagged isSample) seeded by file and ref: the same file always links the same library
 * entries, so a re-import compares equal and changes nothing.
 */
async function withSamplePictures(em: EntityManager, context: ArticleImportContext, importKey: string, content: ArticleContent, now: Date): Promise<ArticleContent> {
  const link = async (ref: ImageRef, fallback: string): Promise<ImageRef> => {
    if (ref.url || ref.imageId) return ref;
    const input = { seed: `${importKey}#${ref.ref ?? fallback}`, alt: ref.alt, caption: ref.caption, credit: ref.credit ?? undefined };
    const image = await ensureSampleImage(em, context.media, context.storage, input, now);
    // Flushed at once: the cover and an inline image often share a ref, hence a picture.
    await em.flush();
    return { ...ref, imageId: image.id };
  };
  const coverImage = content.coverImage ? await link(content.coverImage, 'cover') : null;
  const images: ImageRef[] = [];
  for (const [i, ref] of content.images.entries()) images.push(await link(ref, `images-${i}`));
  return { ...content, coverImage, images };
}

/**
 * The editable content of an article as one plain value: what a save changes, what a
 * revision snapshots, what a pending revision holds. Pure functions only (no database).
 */
import { nfc, slugify } from '../text/vietnamese';

export interface ImageRef {
  /** Key used in the body as ![alt](image:REF); unique within the article. */
  ref?: string | null;
  /** An outside picture; null when the picture is in the media library (imageId) or not there yet. */
  url?: string | null;
  /** The media library image (id of MediaImage); absent, not null, when none, so older stored values compare equal. */
  imageId?: string | null;
  caption?: string | null;
  credit?: string | null;
  alt?: string | null;
}

export interface AuthorRef {
  name: string;
  role?: string | null;
}

export interface ArticleContent {
  title: string;
  sapo: string;
  body: string;
  slug: string;
  /** Topic slugs, in editorial order */
  topics: string[];
  /** Tag names as written */
  tags: string[];
  authors: AuthorRef[];
  /** GSO unit codes */
  units: string[];
  source: string | null;
  byline: string | null;
  dateline: string | null;
  coverImage: ImageRef | null;
  images: ImageRef[];
  seoTitle: string | null;
  seoDescription: string | null;
  externalUrl: string | null;
  externalStub: boolean;
}

export const CONTENT_FIELDS: (keyof ArticleContent)[] = [
  'title',
  'sapo',
  'body',
  'slug',
  'topics',
  'tags',
  'authors',
  'units',
  'source',
  'byline',
  'dateline',
  'coverImage',
  'images',
  'seoTitle',
  'seoDescription',
  'externalUrl',
  'externalStub',
];

export const LIMITS = { title: 250, sapo: 1000, slug: 120, tag: 120, name: 200, seoTitle: 120, seoDescription: 400, text: 1000 };

export interface FieldProblem {
  field: string;
  message: string;
}

const text = (value: string | null | undefined): string => nfc(value ?? '').trim();
const optional = (value: string | null | undefined): string | null => (text(value) === '' ? null : text(value));

function image(value: ImageRef): ImageRef {
  const imageId = optional(value.imageId)?.toLowerCase();
  return {
    ref: optional(value.ref),
    url: optional(value.url),
    caption: optional(value.caption),
    credit: optional(value.credit),
    alt: optional(value.alt),
    ...(imageId ? { imageId } : {}),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const isUuid = (value: string) => UUID.test(value);

export interface ImageHolder {
  coverImage?: ImageRef | null;
  images?: ImageRef[] | null;
}

/** The cover and inline image references with the field name a problem about each would carry. */
export function imageRefs(c: ImageHolder): { field: string; image: ImageRef }[] {
  return [...(c.coverImage ? [{ field: 'coverImage', image: c.coverImage }] : []), ...(c.images ?? []).map((image, i) => ({ field: `images[${i}]`, image }))];
}

/** NFC, trimmed, empty optional text as null, slugs and tags in canonical form. Applied to every write. */
export function normalizeContent(content: ArticleContent): ArticleContent {
  const dedupe = (items: string[], key: (s: string) => string) => items.filter((s, i) => items.findIndex((o) => key(o) === key(s)) === i);
  return {
    title: text(content.title).replace(/\s+/g, ' '),
    sapo: text(content.sapo),
    body: nfc(content.body ?? '')
      .replace(/\r\n?/g, '\n')
      .trim(),
    slug: slugify(nfc(content.slug ?? ''), LIMITS.slug),
    topics: dedupe((content.topics ?? []).map(text).filter(Boolean), slugify),
    tags: dedupe((content.tags ?? []).map((t) => text(t).replace(/\s+/g, ' ')).filter(Boolean), slugify),
    authors: (content.authors ?? []).map((a) => ({ name: text(a.name), role: optional(a.role) })),
    units: dedupe((content.units ?? []).map(text).filter(Boolean), (s) => s),
    source: optional(content.source),
    byline: optional(content.byline),
    dateline: optional(content.dateline),
    coverImage: content.coverImage ? image(content.coverImage) : null,
    images: (content.images ?? []).map(image),
    seoTitle: optional(content.seoTitle),
    seoDescription: optional(content.seoDescription),
    externalUrl: optional(content.externalUrl),
    externalStub: Boolean(content.externalStub),
  };
}

const isUrl = (value: string) => /^https?:\/\/[^\s]+$/.test(value) || /^\/[^\s]*$/.test(value);

/** Every problem of a normalised content value that needs no database; field names match the input's. */
export function contentProblems(c: ArticleContent, rawSlug?: string | null): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  const tooLong = (field: keyof typeof LIMITS, value: string | null) => {
    if (value && value.length > LIMITS[field]) add(field, `${field} is too long: ${value.length} characters (at most ${LIMITS[field]})`);
  };
  if (c.title === '') add('title', 'title is empty');
  tooLong('title', c.title);
  tooLong('sapo', c.sapo);
  if (rawSlug != null && c.slug === '') add('slug', `slug "${rawSlug}" has no letters or digits`);
  tooLong('seoTitle', c.seoTitle);
  tooLong('seoDescription', c.seoDescription);
  for (const t of c.tags) {
    if (slugify(t) === '') add('tags', `tag "${t}" has no letters or digits`);
    if (t.length > LIMITS.tag) add('tags', `tag "${t.slice(0, 30)}…" is too long (at most ${LIMITS.tag})`);
  }
  c.authors.forEach((a, i) => {
    if (slugify(a.name) === '') add(`authors[${i}].name`, 'author name is empty');
    if (a.name.length > LIMITS.name || (a.role ?? '').length > LIMITS.name) add(`authors[${i}]`, `author name and role are at most ${LIMITS.name} characters`);
  });
  const checkImage = (field: string, img: ImageRef) => {
    if (img.url && !isUrl(img.url)) add(`${field}.url`, `"${img.url}" is not an http(s) URL or a site path`);
    if (img.imageId && !UUID.test(img.imageId)) add(`${field}.imageId`, `"${img.imageId}" is not a media image id`);
    for (const key of ['caption', 'credit', 'alt'] as const) {
      if ((img[key] ?? '').length > LIMITS.text) add(`${field}.${key}`, `${key} is too long (at most ${LIMITS.text})`);
    }
  };
  if (c.coverImage) checkImage('coverImage', c.coverImage);
  const refs = new Set<string>();
  c.images.forEach((img, i) => {
    checkImage(`images[${i}]`, img);
    if (!img.ref) add(`images[${i}].ref`, 'an inline image needs a ref (used in the body as ![alt](image:REF))');
    else if (refs.has(img.ref)) add(`images[${i}].ref`, `image ref "${img.ref}" is used twice`);
    else refs.add(img.ref);
  });
  for (const match of c.body.matchAll(/!\[[^\]]*\]\(image:([^)\s]+)\)/g)) {
    if (!refs.has(match[1])) add('body', `the body shows image "${match[1]}" but images has no such ref`);
  }
  if (c.externalUrl && !/^https?:\/\/\S+$/.test(c.externalUrl)) add('externalUrl', `"${c.externalUrl}" is not an http(s) URL`);
  if (c.externalStub && !c.source) add('source', 'a stub of an external article must name its source');
  return problems;
}

/** JSON with object keys sorted: jsonb gives keys back in its own order, so plain JSON.stringify would see changes that are not. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** Fields whose values differ, in CONTENT_FIELDS order. */
export function changedFields(before: ArticleContent, after: ArticleContent): string[] {
  return CONTENT_FIELDS.filter((f) => stableJson(before[f]) !== stableJson(after[f]));
}

export function emptyContent(): ArticleContent {
  return {
    title: '',
    sapo: '',
    body: '',
    slug: '',
    topics: [],
    tags: [],
    authors: [],
    units: [],
    source: null,
    byline: null,
    dateline: null,
    coverImage: null,
    images: [],
    seoTitle: null,
    seoDescription: null,
    externalUrl: null,
    externalStub: false,
  };
}

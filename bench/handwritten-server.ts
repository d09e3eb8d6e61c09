/**
 * The hand-written comparator of `npm run bench`: node:http + pg, no ORM, no GraphQL, no DataLoader.
 * It answers the two benchmark pages with the same `data` JSON as ReformDesk, in as few SQL
 * statements as it can:
 *   GET /front-page          1 statement (20 live articles with their topics as JSON)
 *   GET /article?slug=…      2 statements: the article with its topics; then, knowing the body's
 *                            directives, related reading (ranked in SQL, with topics) and the ranking
 *                            data the widgets and facts need, and the current slugs of linked articles, in one statement.
 *                            The article's library pictures come with the first statement.
 * Markdown parsing, widget/fact phrasing and HTML come from the same src/bodies functions ReformDesk
 * uses (parseCached, resolveDirectives over the rows fetched here, toBlocks, htmlImage, renderHtml), with the
 * same render cache (renderCached, per body text and shown values): reproducing a markdown renderer in SQL is
 * not reasonable, and the JSON must be byte-identical.
 * Run as a child process: `node dist/bench/handwritten-server.js postgres://…`; it sends { url } over IPC
 * and stops on the message "stop". Every response carries extensions.sqlStatements (its own count).
 */
import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { toBlocks } from '../src/bodies/blocks';
import { extendRenderKey, parseCached, renderCached, renderKey } from '../src/bodies/body.cache';
import type { BodyLoaders } from '../src/bodies/body.loaders';
import { resolveDirectives } from '../src/bodies/body.resolve';
import type { RelatedDirective } from '../src/bodies/directives';
import { renderHtml } from '../src/bodies/render';
import { type HtmlAssets, type HtmlImage, type HtmlImageSource, htmlImage, linkedSlugs } from '../src/bodies/html-assets';
import { loadMediaConfig } from '../src/config';
import { loadThumbhash } from '../src/media/media.analyze';
import type { ImageRef } from '../src/newsroom/article.content';

const LIVE = `a.state in ('PUBLISHED', 'SCHEDULED') and a.publish_at <= $2`;
const TOPICS = `(select coalesce(json_agg(json_build_object('slug', t.slug, 'name', t.name) order by x.position), '[]'::json)
   from article_topic x join topic t on t.id = x.topic_id where x.article_id = a.id)`;

const FRONT_PAGE = `select a.slug, a.title, a.sapo, a.publish_at, a.cover_image, ${TOPICS} as topics
  from article a where ${LIVE.replace('$2', '$1')}
 order by coalesce(a.publish_at, a.created_at) desc, a.id desc limit 20`;

// The library pictures the article's image references name, for the HTML's <figure>s.
const MEDIA = `(select coalesce(json_agg(json_build_object('id', m.id, 'width', m.width, 'height', m.height, 'focalX', m.focal_x, 'focalY', m.focal_y,
     'revision', m.revision, 'alt', m.alt, 'caption', m.caption, 'credit', m.credit, 'placeholder', m.placeholder, 'dominantColor', m.dominant_color)), '[]'::json)
   from media_image m where m.id::text in (select x->>'imageId' from jsonb_array_elements(a.images) x))`;

const ARTICLE = `select a.id, a.title, a.sapo, a.slug, a.body, a.state, a.publish_at, a.images, ${TOPICS} as topics, ${MEDIA} as media
  from article_slug s join article a on a.id = s.article_id where s.slug = $1`;

// $1 article id, $2 now, $3 pinned slugs (json), $4 how many related, $5 index slugs,
// $6 "index:year" editions whose results are needed, $7 indexes whose latest edition is needed, $8 indexes needing all (trend),
// $9 slugs the body links to (current or former; answered with the live article's current slug).
const shared = (pivot: string, column: string, table: string) =>
  `coalesce((select json_agg(s.name order by s.name) from ${pivot} x join ${pivot} y on y.${column} = x.${column} and y.article_id = $1
     join ${table} s on s.id = x.${column} where x.article_id = a.id), '[]'::json)`;
const sharing = (pivot: string, column: string) => `a.id in (select x.article_id from ${pivot} x where x.${column} in (select ${column} from ${pivot} where article_id = $1))`;
const PAGE_DATA = `with candidates as (
  select a.id, a.slug, a.title, a.publish_at, ${TOPICS} as topics,
         ${shared('article_topic', 'topic_id', 'topic')} as st, ${shared('article_unit', 'unit_id', 'unit')} as su, ${shared('article_tag', 'tag_id', 'tag')} as sg,
         coalesce(array_position(array(select jsonb_array_elements_text($3::jsonb)), a.slug::text), 0) as pin
    from article a
   where a.id <> $1 and ${LIVE}
     and (a.slug in (select jsonb_array_elements_text($3::jsonb)) or ${sharing('article_topic', 'topic_id')} or ${sharing('article_unit', 'unit_id')}
          or ${sharing('article_tag', 'tag_id')}
          or a.id in (select r.id from article r where ${LIVE.replace(/\ba\./g, 'r.')} order by r.publish_at desc limit 50))
), ranked as (
  select c.*, row_number() over (order by c.pin = 0, c.pin, 3 * json_array_length(c.st) + 2 * json_array_length(c.su) + json_array_length(c.sg) desc,
                                 c.publish_at desc, c.id desc) as ord
    from candidates c
)
select (select coalesce(json_agg(json_build_object('slug', r.slug, 'title', r.title, 'topics', r.topics, 'pin', r.pin, 'topicNames', r.st,
                       'unitNames', r.su, 'tagNames', r.sg) order by r.ord), '[]'::json) from ranked r where r.ord <= $4) as related,
       (select coalesce(json_agg(json_build_object('id', e.id, 'slug', i.slug, 'name', i.name, 'year', e.year, 'title', e.title, 'maxTotal', e.max_total,
                 'illustrative', e.illustrative, 'sourceDocument', e.source_document, 'revision', e.revision, 'results',
                 case when i.slug || ':' || e.year = any($6) or i.slug = any($8)
                        or (i.slug = any($7) and e.year = (select max(m.year) from ranking_edition m where m.index_id = e.index_id and m.status = 'PUBLISHED'))
                      then (select coalesce(json_agg(json_build_object('code', u.code, 'name', u.name, 'total', r.total, 'rank', r.rank, 'rankKind', r.rank_kind,
                              'rankChange', r.rank_change, 'scoreChange', r.score_change, 'streak', r.streak, 'areas', r.areas) order by r.rank), '[]'::json)
                              from ranking_result r join unit u on u.id = r.unit_id where r.edition_id = e.id)
                      else '[]'::json end) order by e.year), '[]'::json)
          from ranking_edition e join ranking_index i on i.id = e.index_id where i.slug = any($5) and e.status = 'PUBLISHED') as editions,
       (select coalesce(json_object_agg(s.slug, a.slug), '{}'::json) from article_slug s join article a on a.id = s.article_id
         where s.slug = any($9) and ${LIVE}) as links`;

interface Topic {
  slug: string;
  name: string;
}
interface RelatedRow {
  slug: string;
  title: string;
  topics: Topic[];
  pin: number;
  topicNames: string[];
  unitNames: string[];
  tagNames: string[];
}
interface ResultRow {
  code: string;
  name: string;
  total: number;
  rank: number;
  rankKind: string;
  rankChange: number | null;
  scoreChange: number | null;
  streak: number;
  areas: unknown[];
}
interface EditionRow {
  id: number;
  slug: string;
  name: string;
  year: number;
  title: string;
  maxTotal: number;
  illustrative: boolean;
  sourceDocument: string | null;
  revision: number;
  results: ResultRow[];
}

const TYPENAMES: Record<string, string> = {
  paragraph: 'ParagraphBlock',
  heading: 'HeadingBlock',
  list: 'ListBlock',
  quote: 'QuoteBlock',
  image: 'ImageBlock',
  code: 'CodeBlock',
  divider: 'DividerBlock',
  table: 'TableBlock',
  ranking: 'RankingWidgetBlock',
  related: 'RelatedReadingBlock',
};

function reasons(r: RelatedRow): { label: string }[] {
  const labels = [
    ...(r.pin ? ['Biên tập viên chọn'] : []),
    ...r.topicNames.map((n) => `Cùng chủ đề: ${n}`),
    ...r.unitNames.map((n) => `Cùng địa bàn: ${n}`),
    ...r.tagNames.map((n) => `Cùng thẻ: ${n}`),
  ];
  return (labels.length ? labels : ['Mới đăng']).map((label) => ({ label }));
}

async function frontPage(pool: Pool) {
  const { rows } = await pool.query(FRONT_PAGE, [new Date()]);
  const edges = rows.map((a) => ({
    node: {
      slug: a.slug,
      title: a.title,
      sapo: a.sapo,
      publishedAt: (a.publish_at as Date).toISOString(),
      topics: a.topics,
      coverImage: a.cover_image ? { url: a.cover_image.url ?? null, caption: a.cover_image.caption ?? null } : null,
    },
  }));
  return { data: { articles: { edges } }, statements: 1 };
}

const media = loadMediaConfig({});

/** Pictures (by the body's image reference) and link targets, as ReformDesk's HTML shows them. */
async function assets(a: { images: ImageRef[]; media: HtmlImageSource[] }, links: Record<string, string>): Promise<HtmlAssets> {
  const { thumbHashToDataURL } = await loadThumbhash();
  const byId = new Map(a.media.map((m) => [m.id, m]));
  const images = new Map<string, HtmlImage>();
  for (const r of a.images) {
    if (!r.ref) continue;
    const shown = htmlImage(r, (r.imageId && byId.get(r.imageId)) || null, media, thumbHashToDataURL);
    if (shown) images.set(r.ref, shown);
  }
  return { images, links: new Map(Object.entries(links)) };
}

async function articlePage(pool: Pool, slug: string, first = 5) {
  const now = new Date();
  const {
    rows: [a],
  } = await pool.query(ARTICLE, [slug]);
  if (!a || !['PUBLISHED', 'SCHEDULED'].includes(a.state) || !a.publish_at || a.publish_at > now) return { data: { article: null }, statements: 1 };
  const parsed = parseCached(a.body);
  const relatedDirectives = parsed.directives.filter((d): d is RelatedDirective => d.kind === 'related');
  const pinned = relatedDirectives.flatMap((d) => d.slugs);
  // One ranked list serves the related field and every related directive; directives pinning other lists are not needed here.
  if (relatedDirectives.some((d) => d.slugs.join() !== pinned.join())) throw new Error('related directives with different pinned lists are not supported');
  const data = parsed.directives.filter((d) => d.kind !== 'related') as { index: string; edition: number | 'latest'; display?: string }[];
  const {
    rows: [page],
  } = await pool.query(PAGE_DATA, [
    a.id,
    now,
    JSON.stringify(pinned),
    Math.max(Math.min(first, 20), ...relatedDirectives.map((d) => d.count)),
    [...new Set(data.map((d) => d.index))],
    data.filter((d) => d.edition !== 'latest').map((d) => `${d.index}:${d.edition}`),
    data.filter((d) => d.edition === 'latest').map((d) => d.index),
    data.filter((d) => d.display === 'trend').map((d) => d.index),
    linkedSlugs(parsed.tokens),
  ]);
  const related = page.related as RelatedRow[];
  const editions = page.editions as EditionRow[];
  const loaders = {
    publishedEditionsByIndex: { load: async (index: string) => editions.filter((e) => e.slug === index).map((e) => ({ ...e, index: { name: e.name } })) },
    resultsByEdition: { load: async (id: number) => (editions.find((e) => e.id === id)?.results ?? []).map((r) => ({ ...r, unit: { code: r.code, name: r.name } })) },
  } as unknown as BodyLoaders;
  const resolved = await resolveDirectives(parsed.directives, loaders);
  for (const d of relatedDirectives)
    resolved.related.set(
      d.id,
      related.slice(0, d.count).map((r) => ({ slug: r.slug, title: r.title })),
    );
  // Rendering reused per body text and shown values, exactly as ReformDesk does (same keys, same functions).
  const key = renderKey(parsed.hash, resolved, [a.images ?? [], media.baseUrl]);
  const htmlAssets = await assets(a, page.links);
  const html = renderCached('html', extendRenderKey(key, [[...htmlAssets.images], [...htmlAssets.links]]), () => renderHtml(parsed.tokens, resolved, htmlAssets));
  const body = renderCached('blocks', key, () => toBlocks(parsed.tokens, resolved)).map((b) => {
    const __typename = TYPENAMES[b.type];
    if (b.type === 'paragraph') {
      const facts = b.factIds.flatMap((id) => resolved.facts.get(id) ?? []).map((f) => ({ kind: f.kind, value: f.value, text: f.text }));
      return { __typename, text: b.text, facts };
    }
    if (b.type === 'ranking') return { __typename, rows: (resolved.widgets.get(b.directiveId)?.rows ?? []).map((r) => ({ unitCode: r.unitCode, rank: r.rank, total: r.total })) };
    return { __typename };
  });
  const article = {
    slug: a.slug,
    title: a.title,
    sapo: a.sapo,
    topics: a.topics,
    body,
    html,
    related: related.slice(0, first).map((r) => ({ article: { slug: r.slug, title: r.title, topics: r.topics }, reasons: reasons(r) })),
  };
  return { data: { article }, statements: 2 };
}

export async function startHandwritten(connectionString: string, poolSize = 10) {
  const pool = new Pool({ connectionString, max: poolSize });
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const out = url.pathname === '/front-page' ? await frontPage(pool) : url.pathname === '/article' ? await articlePage(pool, url.searchParams.get('slug') ?? '') : null;
      if (!out) {
        res.writeHead(404).end();
        return;
      }
      const json = `${JSON.stringify({ data: out.data, extensions: { sqlStatements: out.statements } })}\n`; // newline-terminated like Apollo's
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) }).end(json);
    } catch (e) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: (e as Error).message }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    },
  };
}

if (require.main === module) {
  startHandwritten(process.argv[2]).then(
    (running) => {
      process.send?.({ url: running.url });
      process.on('message', async (m) => {
        if (m === 'cpu') process.send?.({ cpu: process.cpuUsage() });
        if (m !== 'stop') return;
        await running.stop();
        process.disconnect?.();
      });
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}

/**
 * HTML for an article body: markdown-it's safe output, with ranking widgets as placeholders a
 * frontend can hydrate (data attributes plus a plain table for readers without JavaScript)
 * and facts as text inside a marked element. Every attribute value is escaped.
 */
import { articlePath, internalArticleLink } from '../newsroom/article.urls';
import type { Directive, FactDirective, RankingDirective, RelatedDirective } from './directives';
import type { HtmlAssets, HtmlImage } from './html-assets';
import { markdown, type Token } from './markdown';
import type { RankingWidgetValue, ResolvedBody } from './resolved';
import { formatVietnameseNumber } from '../text/vietnamese';

interface RenderEnv {
  resolved: ResolvedBody;
  /** Pictures and link targets (see html-assets.ts); without them images render as references only */
  assets?: HtmlAssets;
}

const escape = (value: unknown) => markdown.utils.escapeHtml(String(value));
const attrs = (pairs: Record<string, unknown>) =>
  Object.entries(pairs)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => ` ${k}="${escape(v)}"`)
    .join('');

const formatNumber = (n: number) => formatVietnameseNumber(n, 2);

function rankingHtml(d: RankingDirective, resolved: ResolvedBody): string {
  const value = resolved.widgets.get(d.id);
  const head = `<figure class="rd-widget rd-ranking"${attrs({
    'data-widget': 'ranking',
    'data-widget-id': d.id,
    'data-index': d.index,
    'data-edition': value?.year ?? d.edition,
    'data-area': d.area,
    'data-highlight': d.highlight.join(','),
    'data-limit': d.limit,
    'data-display': d.display,
    'data-revision': value?.revision,
  })}>`;
  const caption = d.caption || (value ? `${value.indexName} ${value.year}` : '');
  if (!value) return `${head}<figcaption>${escape(caption)}</figcaption></figure>\n`;
  const rows = value.rows
    .map((r) => `<tr${r.highlighted ? ' class="rd-highlight"' : ''}><td>${r.rank}</td><td>${escape(r.unitName)}</td><td>${formatNumber(r.total)}</td></tr>`)
    .join('');
  const note = value.illustrative ? '<p class="rd-note">Số liệu minh họa, không phải số liệu chính thức.</p>' : '';
  const source = value.source ? `<p class="rd-source">Nguồn: ${escape(value.source)}</p>` : '';
  return `${head}<figcaption>${escape(caption)}</figcaption><table><thead><tr><th>Hạng</th><th>Đơn vị</th><th>Điểm</th></tr></thead><tbody>${rows}</tbody></table>${note}${source}</figure>\n`;
}

/** The same figure outside an article body (embed pages): one directive and its resolved value. */
export function renderRankingFigure(d: RankingDirective, value: RankingWidgetValue): string {
  return rankingHtml(d, { widgets: new Map([[d.id, value]]), facts: new Map(), related: new Map() });
}

function relatedHtml(d: RelatedDirective, resolved: ResolvedBody): string {
  const items = resolved.related.get(d.id) ?? [];
  const list = items.map((i) => `<li><a href="${escape(articlePath(i.slug))}"${attrs({ 'data-article-slug': i.slug })}>${escape(i.title)}</a></li>`).join('');
  return `<aside class="rd-related"${attrs({ 'data-widget': 'related', 'data-widget-id': d.id })}><h2>${escape(d.caption || 'Đọc thêm')}</h2><ul>${list}</ul></aside>\n`;
}

function factHtml(d: FactDirective, resolved: ResolvedBody): string {
  const value = resolved.facts.get(d.id);
  return `<span class="rd-fact"${attrs({
    'data-fact-id': d.id,
    'data-fact': d.kind,
    'data-unit': d.unit,
    'data-index': d.index,
    'data-edition': value?.year ?? d.edition,
    'data-value': value?.value,
    'data-revision': value?.revision,
    title: value?.meaning,
  })}>${escape(value?.text ?? '…')}</span>`;
}

export function renderHtml(tokens: Token[], resolved: ResolvedBody, assets?: HtmlAssets): string {
  const env: RenderEnv = { resolved, assets };
  return markdown.renderer.render(tokens, markdown.options, env as unknown as Record<string, unknown>);
}

/** Column width of an article picture: full width on phones, at most 760 CSS px otherwise. */
export const IMAGE_SIZES = '(max-width: 800px) 100vw, 760px';

/**
 * A picture as delivered: responsive variants with their real widths, intrinsic width/height
 * (the browser reserves the box: no layout shift), the ThumbHash placeholder as background
 * until it loads, alt text, caption and credit.
 */
function pictureHtml(image: HtmlImage | undefined, ref: string, fallbackAlt: string, title: string | null, block: boolean): string {
  if (!image) {
    // A reference the article does not (yet) resolve: no broken <img>, the alt text stays readable.
    return block
      ? `<figure class="rd-image rd-image-missing"${attrs({ 'data-image-ref': ref })}><figcaption>${escape(title || fallbackAlt)}</figcaption></figure>\n`
      : escape(fallbackAlt);
  }
  const style = image.placeholderUrl ? `background:${image.color ?? '#ddd'} url(${image.placeholderUrl}) center/cover no-repeat` : null;
  const img = `<img${attrs({
    src: image.src,
    srcset: image.srcset,
    sizes: image.srcset ? IMAGE_SIZES : null,
    width: image.width,
    height: image.height,
    alt: image.alt || fallbackAlt,
    loading: 'lazy',
    decoding: 'async',
    'data-thumbhash': image.thumbhash,
    style,
  })}>`;
  if (!block) return img;
  const caption = image.caption ?? title;
  const parts = [caption ? escape(caption) : '', image.credit ? `<span class="rd-credit">${escape(image.credit)}</span>` : ''].filter(Boolean);
  const figcaption = parts.length ? `<figcaption>${parts.join(' ')}</figcaption>` : '';
  return `<figure class="rd-image"${attrs({ 'data-image-ref': ref })}>${img}${figcaption}</figure>\n`;
}

/** A paragraph holding one picture and nothing else is a figure, not a <p>. */
const soleImage = (inline: Token | undefined): Token | null => {
  const parts = (inline?.children ?? []).filter((c) => !(c.type === 'text' && c.content.trim() === '') && c.type !== 'softbreak');
  return parts.length === 1 && parts[0].type === 'image' && String(parts[0].attrGet('src') ?? '').startsWith('image:') ? parts[0] : null;
};

const defaultParagraphOpen = markdown.renderer.rules.paragraph_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
const defaultParagraphClose = markdown.renderer.rules.paragraph_close ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
markdown.renderer.rules.paragraph_open = (tokens, idx, options, env, self) => (soleImage(tokens[idx + 1]) ? '' : defaultParagraphOpen(tokens, idx, options, env, self));
markdown.renderer.rules.paragraph_close = (tokens, idx, options, env, self) => (soleImage(tokens[idx - 1]) ? '' : defaultParagraphClose(tokens, idx, options, env, self));

const defaultImage = markdown.renderer.rules.image!;
markdown.renderer.rules.image = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  const src = String(token.attrGet('src') ?? '');
  if (!src.startsWith('image:')) return defaultImage(tokens, idx, options, env, self);
  const ref = src.slice('image:'.length);
  const block = tokens.filter((c) => !(c.type === 'text' && c.content.trim() === '') && c.type !== 'softbreak').length === 1;
  const title = (token.attrGet('title') as string | null) || null;
  return pictureHtml((env as unknown as RenderEnv).assets?.images.get(ref), ref, token.content, title, block);
};

/** Links to our articles point at their current slug (a renamed article keeps its old links working, and readers skip the redirect). */
const defaultLinkOpen = markdown.renderer.rules.link_open!;
markdown.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const links = (env as unknown as RenderEnv).assets?.links;
  const internal = links ? internalArticleLink(String(tokens[idx].attrGet('href') ?? '')) : null;
  const current = internal ? links!.get(internal.slug) : undefined;
  if (internal && current) {
    tokens[idx].attrSet('href', articlePath(current) + internal.fragment);
    tokens[idx].attrSet('data-article-slug', current);
  }
  return defaultLinkOpen(tokens, idx, options, env, self);
};

markdown.renderer.rules.rd_directive = (tokens, idx, _options, env) => {
  const d = tokens[idx].meta as unknown as Directive;
  const resolved = (env as { resolved: ResolvedBody }).resolved;
  return d.kind === 'ranking' ? rankingHtml(d, resolved) : d.kind === 'related' ? relatedHtml(d as RelatedDirective, resolved) : '';
};

markdown.renderer.rules.rd_fact = (tokens, idx, _options, env) => factHtml(tokens[idx].meta as unknown as FactDirective, (env as { resolved: ResolvedBody }).resolved);

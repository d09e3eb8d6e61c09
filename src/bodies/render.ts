/**
 * HTML for an article body: markdown-it's safe output, with ranking widgets as placeholders a
 * frontend can hydrate (data attributes plus a plain table for readers without JavaScript)
 * and facts as text inside a marked element. Every attribute value is escaped.
 */
import type { Directive, FactDirective, RankingDirective, RelatedDirective } from './directives';
import { markdown, Token } from './markdown';
import type { ResolvedBody } from './resolved';
import { formatVietnameseNumber } from '../text/vietnamese';

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

function relatedHtml(d: RelatedDirective, resolved: ResolvedBody): string {
  const items = resolved.related.get(d.id) ?? [];
  const list = items.map((i) => `<li><a href="/${escape(i.slug)}"${attrs({ 'data-article-slug': i.slug })}>${escape(i.title)}</a></li>`).join('');
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

export function renderHtml(tokens: Token[], resolved: ResolvedBody): string {
  const env = { resolved };
  return markdown.renderer.render(tokens, markdown.options, env);
}

markdown.renderer.rules.rd_directive = (tokens, idx, _options, env) => {
  const d = tokens[idx].meta as unknown as Directive;
  const resolved = (env as { resolved: ResolvedBody }).resolved;
  return d.kind === 'ranking' ? rankingHtml(d, resolved) : d.kind === 'related' ? relatedHtml(d as RelatedDirective, resolved) : '';
};

markdown.renderer.rules.rd_fact = (tokens, idx, _options, env) => factHtml(tokens[idx].meta as unknown as FactDirective, (env as { resolved: ResolvedBody }).resolved);

/** HTML pages ReformDesk serves to browsers: one layout, the widget script and stylesheet, a page policy each. */
import { markdown } from '../bodies/markdown';
import type { PagePolicy } from './security';
import { formatLocalDate } from '../text/vietnam-time';

const escape = (value: unknown) => markdown.utils.escapeHtml(String(value));

export const WIDGET_SCRIPT_PATH = '/assets/reformdesk-widgets.js';
export const WIDGET_CSS_PATH = '/assets/reformdesk-widgets.css';

export interface PageParts {
  title: string;
  description?: string | null;
  /** Absolute URL of the oEmbed answer for this page (discovery) */
  oembedUrl?: string | null;
  canonical?: string | null;
  bodyClass: string;
  /** Preview pages say so at the top, always visible */
  banner?: string | null;
  noindex?: boolean;
  main: string;
}

export function pageHtml(p: PageParts): string {
  const head = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escape(p.title)}</title>`,
    p.description ? `<meta name="description" content="${escape(p.description)}">` : '',
    p.noindex ? '<meta name="robots" content="noindex, nofollow">' : '',
    p.canonical ? `<link rel="canonical" href="${escape(p.canonical)}">` : '',
    p.oembedUrl ? `<link rel="alternate" type="application/json+oembed" href="${escape(p.oembedUrl)}" title="${escape(p.title)}">` : '',
    `<link rel="stylesheet" href="${WIDGET_CSS_PATH}" data-reformdesk-css>`,
    `<script src="${WIDGET_SCRIPT_PATH}" defer></script>`,
  ].filter(Boolean);
  const banner = p.banner ? `<div class="rd-preview-banner" role="status">${escape(p.banner)}</div>\n` : '';
  return `<!doctype html>
<html lang="vi">
<head>
${head.join('\n')}
</head>
<body class="${escape(p.bodyClass)}">
${banner}<main class="rd-page">
${p.main}
</main>
</body>
</html>`;
}

export interface ArticleParts {
  title: string;
  sapo: string;
  publishedAt: Date | null;
  source: string | null;
  bodyHtml: string;
}

const dateVi = formatLocalDate;

export function articleMain(a: ArticleParts): string {
  const meta = [a.publishedAt ? `<time datetime="${a.publishedAt.toISOString()}">${dateVi(a.publishedAt)}</time>` : '', a.source ? `Nguồn: ${escape(a.source)}` : '']
    .filter(Boolean)
    .join(' · ');
  return `<article>
<h1>${escape(a.title)}</h1>
${meta ? `<p class="rd-meta">${meta}</p>` : ''}
${a.sapo ? `<p class="rd-sapo">${escape(a.sapo)}</p>` : ''}
${a.bodyHtml}
</article>`;
}

/**
 * Article pages and previews: our scripts only; inline styles for picture placeholders;
 * pictures from here, data: placeholders and outside https pictures; JSON from here.
 */
export const ARTICLE_POLICY: PagePolicy = {
  scripts: ["'self'"],
  styles: ["'self'", "'unsafe-inline'"],
  images: ["'self'", 'data:', 'https:'],
  connect: ["'self'"],
  fonts: ["'self'"],
};
/** Embeds: the same, and any site may frame them. */
export const EMBED_POLICY: PagePolicy = { ...ARTICLE_POLICY, frameable: true };

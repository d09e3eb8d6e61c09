/**
 * A ranking's trend drawn as SVG (display=trend): one line per unit (the highlighted ones,
 * else the top five) of its score across the published editions, the rank beside each point,
 * with the same header, illustrative badge and footer (source, data revision) as the bars.
 */
import type { RankingWidgetValue } from '../bodies/resolved';
import { escapeXml, FONT_FAMILY } from '../media/svg-text';
import { clip } from './ranking.svg';
import type { WidgetSize } from './ranking.svg';

const COLOURS = ['#c8102e', '#2f6db5', '#1e7b34', '#8a5a00', '#6b3fa0', '#00838f'];
const INK = '#1b1f24';
const GREY = '#5b6470';
const number = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

const text = (x: number, y: number, size: number, content: string, attrs = '') => `<text x="${x}" y="${y}" font-size="${size}" ${attrs}>${escapeXml(content)}</text>`;

export function renderTrendSvg(value: RankingWidgetValue, options: { size: WidgetSize }): { svg: string; width: number; height: number } {
  const s = options.size === 'print' ? 2 : 1;
  const width = 1200 * s;
  const height = 630 * s;
  const pad = 48 * s;
  const units = value.trend.filter((u) => u.points.length > 0).slice(0, COLOURS.length);
  const years = [...new Set(units.flatMap((u) => u.points.map((p) => p.year)))].sort((a, b) => a - b);
  const totals = units.flatMap((u) => u.points.map((p) => p.total));
  const lo = Math.floor(Math.min(...totals, 100) - 2);
  const hi = Math.ceil(Math.max(...totals, 0) + 2);
  const plot = { left: pad + 60 * s, right: width - pad - 300 * s, top: 150 * s, bottom: height - 110 * s };
  const x = (year: number) => (years.length < 2 ? (plot.left + plot.right) / 2 : plot.left + ((plot.right - plot.left) * years.indexOf(year)) / (years.length - 1));
  const y = (total: number) => plot.bottom - ((plot.bottom - plot.top) * (total - lo)) / Math.max(1, hi - lo);

  const parts: string[] = [`<rect width="${width}" height="${height}" fill="#ffffff"/>`, `<rect width="${width}" height="${8 * s}" fill="#2f6db5"/>`];
  parts.push(text(pad, 68 * s, 34 * s, clip(value.indexName, 52), `font-weight="bold" fill="${INK}"`));
  const subtitle = [`Diễn biến ${years.length ? `${years[0]}–${years[years.length - 1]}` : ''}`, value.areaTitle ? `Lĩnh vực: ${value.areaTitle}` : 'Tổng điểm'].join(' · ');
  parts.push(text(pad, 108 * s, 22 * s, clip(subtitle, 62), `fill="${GREY}"`));
  if (value.illustrative) {
    parts.push(`<rect x="${width - pad - 250 * s}" y="${82 * s}" width="${250 * s}" height="${36 * s}" rx="${6 * s}" fill="#c8102e"/>`);
    parts.push(text(width - pad - 125 * s, 107 * s, 18 * s, 'SỐ LIỆU MINH HỌA', `font-weight="bold" fill="#ffffff" text-anchor="middle"`));
  }
  // Axes: years below, a few score guides on the left.
  for (let i = 0; i <= 4; i++) {
    const v = lo + ((hi - lo) * i) / 4;
    parts.push(`<line x1="${plot.left}" y1="${y(v)}" x2="${plot.right}" y2="${y(v)}" stroke="#e3e7ec" stroke-width="${s}"/>`);
    parts.push(text(plot.left - 10 * s, y(v) + 6 * s, 16 * s, number.format(Math.round(v * 10) / 10), `fill="${GREY}" text-anchor="end"`));
  }
  for (const year of years) parts.push(text(x(year), plot.bottom + 30 * s, 18 * s, String(year), `fill="${INK}" text-anchor="middle"`));
  units.forEach((u, i) => {
    const colour = COLOURS[i];
    const points = u.points.map((p) => `${Math.round(x(p.year))},${Math.round(y(p.total))}`).join(' ');
    parts.push(`<polyline points="${points}" fill="none" stroke="${colour}" stroke-width="${4 * s}" stroke-linejoin="round"/>`);
    for (const p of u.points) {
      parts.push(`<circle cx="${Math.round(x(p.year))}" cy="${Math.round(y(p.total))}" r="${6 * s}" fill="${colour}"/>`);
      parts.push(text(Math.round(x(p.year)), Math.round(y(p.total)) - 12 * s, 15 * s, `#${p.rank}`, `fill="${colour}" text-anchor="middle"`));
    }
    const last = u.points[u.points.length - 1];
    const ly = plot.top + 20 * s + i * 44 * s;
    parts.push(`<rect x="${plot.right + 30 * s}" y="${ly - 14 * s}" width="${18 * s}" height="${18 * s}" fill="${colour}"/>`);
    parts.push(text(plot.right + 56 * s, ly, 18 * s, clip(u.unitName, 22), `fill="${INK}"`));
    parts.push(text(plot.right + 56 * s, ly + 22 * s, 15 * s, `${last.year}: ${number.format(last.total)} điểm, hạng ${last.rank}`, `fill="${GREY}"`));
  });
  if (!units.length) parts.push(text(width / 2, height / 2, 24 * s, 'Chưa có dữ liệu qua các năm', `fill="${GREY}" text-anchor="middle"`));
  const footerY = height - 36 * s;
  parts.push(text(pad, footerY, 16 * s, clip(`Nguồn: ${value.source ?? value.indexName}`, 95), `fill="${GREY}"`));
  parts.push(text(width - pad, footerY, 16 * s, `Dữ liệu bản ${value.revision} · ReformDesk`, `fill="${GREY}" text-anchor="end"`));
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">${parts.join('')}</svg>`;
  return { svg, width, height };
}

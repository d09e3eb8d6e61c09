/**
 * A ranking table drawn as SVG: a horizontal bar chart with Vietnamese labels, highlighted
 * units, the source line and the data revision. Sized for social sharing (1200×630) or for
 * print (2400 wide, every row). sharp turns it into PNG with the system fonts (DejaVu Sans,
 * Debian package fonts-dejavu-core), which cover Vietnamese diacritics.
 */
import { escapeXml, FONT_FAMILY } from '../media/svg-text';
import type { RankingTableView as RankingTable } from '../rankings/ranking.views';

export type WidgetSize = 'social' | 'print';

export interface WidgetOptions {
  size: WidgetSize;
}

const ACCENT = '#c8102e';
const BAR = '#2f6db5';
const BAR_MUTED = '#9fb7d6';
const INK = '#1b1f24';
const GREY = '#5b6470';
const UP = '#1e7b34';

const number = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

/** Cuts a label to a number of characters (no text measuring here), with an ellipsis. */
export function clip(text: string, max: number): string {
  const t = text.normalize('NFC');
  return t.length <= max ? t : `${t.slice(0, max - 1).trimEnd()}…`;
}

function text(x: number, y: number, size: number, content: string, attrs = ''): string {
  return `<text x="${x}" y="${y}" font-size="${size}" ${attrs}>${escapeXml(content)}</text>`;
}

export function renderRankingSvg(table: RankingTable, options: WidgetOptions): { svg: string; width: number; height: number } {
  const s = options.size === 'print' ? 2 : 1;
  const width = 1200 * s;
  const pad = 48 * s;
  const headerHeight = 150 * s;
  const footerHeight = 80 * s;
  const rows = table.rows;
  const social = options.size === 'social';
  // Social images have a fixed height: rows shrink to fit; print grows to show every row.
  const rowHeight = social ? Math.max(26, Math.min(52, Math.floor((630 - 150 - 80) / Math.max(1, rows.length)))) : 52 * s;
  const height = social ? 630 : headerHeight + rows.length * rowHeight + footerHeight;
  const areaTitle = table.area ? (table.rows[0]?.areas.find((a) => a.code === table.area)?.title ?? table.area) : null;
  const max = table.area
    ? Math.max(...table.rows.flatMap((r) => r.areas.filter((a) => a.code === table.area).map((a) => a.max)), 1)
    : table.edition.maxTotal || Math.max(...rows.map((r) => r.total), 1);
  const anyHighlight = rows.some((r) => r.highlighted);

  const parts: string[] = [];
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<rect width="${width}" height="${8 * s}" fill="${BAR}"/>`);
  parts.push(text(pad, 68 * s, 34 * s, clip(table.index.name, 52), `font-weight="bold" fill="${INK}"`));
  const subtitle = [`Năm ${table.edition.year}`, areaTitle ? `Lĩnh vực: ${areaTitle}` : 'Tổng điểm', `${table.outOf} đơn vị được xếp hạng`].join(' · ');
  const illustrative = table.edition.illustrative || table.index.illustrative;
  parts.push(text(pad, 108 * s, 22 * s, clip(subtitle, illustrative ? 62 : 90), `fill="${GREY}"`));
  if (illustrative) {
    // Made-up data must never travel without saying so, even when cropped by a feed.
    parts.push(`<rect x="${width - pad - 250 * s}" y="${82 * s}" width="${250 * s}" height="${36 * s}" rx="${6 * s}" fill="${ACCENT}"/>`);
    parts.push(text(width - pad - 125 * s, 107 * s, 18 * s, 'SỐ LIỆU MINH HỌA', `font-weight="bold" fill="#ffffff" text-anchor="middle"`));
  }

  const nameX = pad + 64 * s;
  const barX = pad + 420 * s;
  const barMax = width - barX - pad - 150 * s;
  const fontSize = Math.round(Math.min(22 * s, rowHeight * 0.5));
  rows.forEach((row, i) => {
    const top = headerHeight + i * rowHeight;
    const mid = top + rowHeight / 2 + fontSize * 0.35;
    const weight = row.highlighted ? 'font-weight="bold"' : '';
    const colour = row.highlighted ? ACCENT : anyHighlight ? BAR_MUTED : BAR;
    if (i % 2 === 0) parts.push(`<rect x="${pad - 12 * s}" y="${top}" width="${width - 2 * pad + 24 * s}" height="${rowHeight}" fill="#f3f5f8"/>`);
    parts.push(text(nameX - 16 * s, mid, fontSize, String(row.rank), `${weight} fill="${INK}" text-anchor="end"`));
    parts.push(text(nameX, mid, fontSize, clip(row.unit.name, 30), `${weight} fill="${row.highlighted ? ACCENT : INK}"`));
    const barWidth = Math.max(2, Math.round((barMax * Math.max(0, row.total)) / max));
    const barHeight = Math.round(rowHeight * 0.56);
    parts.push(`<rect x="${barX}" y="${Math.round(top + (rowHeight - barHeight) / 2)}" width="${barWidth}" height="${barHeight}" rx="${3 * s}" fill="${colour}"/>`);
    const change = !row.rankChange
      ? ''
      : row.rankChange > 0
        ? `<tspan fill="${UP}" dx="${8 * s}">▲${row.rankChange}</tspan>`
        : `<tspan fill="${ACCENT}" dx="${8 * s}">▼${-row.rankChange}</tspan>`;
    parts.push(`<text x="${barX + barWidth + 10 * s}" y="${mid}" font-size="${fontSize}" ${weight} fill="${INK}">${escapeXml(number.format(row.total))}${change}</text>`);
  });

  const footerY = height - footerHeight + 44 * s;
  const source = table.edition.sourceDocument ?? table.index.publisher ?? table.index.name;
  parts.push(`<line x1="${pad}" y1="${height - footerHeight + 12 * s}" x2="${width - pad}" y2="${height - footerHeight + 12 * s}" stroke="#d5dae1" stroke-width="${2 * s}"/>`);
  parts.push(text(pad, footerY, 16 * s, clip(`Nguồn: ${source}`, 95), `fill="${GREY}"`));
  parts.push(text(width - pad, footerY, 16 * s, `Dữ liệu bản ${table.revision} · ReformDesk`, `fill="${GREY}" text-anchor="end"`));

  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">${parts.join('')}</svg>`;
  return { svg, width, height };
}

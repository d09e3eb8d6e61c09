/** What every SVG we draw shares (sample images, ranking widgets): the font stack and text escaping. */

/** Fonts the container has (DejaVu) before the ones a viewer may have. */
export const FONT_FAMILY = "'DejaVu Sans', 'Noto Sans', sans-serif";

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

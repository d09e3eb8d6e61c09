/**
 * URLs of variants as handed out to pages: `<base>/<id>/<width>.<format>[?ratio=W:H&rev=N]`.
 * A cropped URL carries the image revision so an edited focal point yields a new URL.
 */
import type { MediaConfig } from '../config';
import { outputSize, type VariantFormat } from './media.variants';

export interface UrlSource {
  id: string;
  width: number;
  height: number;
  focalX: number;
  focalY: number;
  revision: number;
}

/** The smallest offered width at least as wide as asked (or the widest offered). */
export function snapWidth(media: MediaConfig, width: number): number {
  return media.widths.find((w) => w >= width) ?? media.widths[media.widths.length - 1];
}

export function variantUrl(media: MediaConfig, image: UrlSource, width: number, format: VariantFormat, ratio: string | null): string {
  const base = `${media.baseUrl}/${image.id}/${snapWidth(media, width)}.${format}`;
  return ratio ? `${base}?ratio=${encodeURIComponent(ratio)}&rev=${image.revision}` : base;
}

/**
 * A srcset whose `w` descriptors are the real output widths: offered widths narrower than
 * the picture, plus one entry at the picture's own width (never an enlarged copy).
 */
export function srcSet(media: MediaConfig, image: UrlSource, format: VariantFormat, ratio: string | null): string {
  const entries: string[] = [];
  const seen = new Set<number>();
  for (const w of media.widths) {
    const actual = outputSize(image, { width: w, format, ratio }).width;
    if (seen.has(actual)) break;
    seen.add(actual);
    entries.push(`${variantUrl(media, image, w, format, ratio)} ${actual}w`);
    if (actual < w) break;
  }
  return entries.join(', ');
}

/** The variant an image reference shows when a page asks for no size: wide enough for an article column. */
export const DEFAULT_VARIANT = { width: 1280, format: 'webp' as VariantFormat };

/** Needs only the id (a whole-picture URL carries no revision), so lists need not load the images. */
export function defaultVariantUrl(media: MediaConfig, imageId: string): string {
  return `${media.baseUrl}/${imageId}/${snapWidth(media, DEFAULT_VARIANT.width)}.${DEFAULT_VARIANT.format}`;
}

/** The social card (Open Graph) of a picture: 1200×630 JPEG cropped around the focal point; JPEG because not every crawler reads WebP. */
export function socialCardUrl(media: MediaConfig, image: UrlSource): string {
  return variantUrl(media, image, 1200, 'jpeg', media.ratios.includes('40:21') ? '40:21' : null);
}

/**
 * Variants: which ones may be asked for, their geometry (crop around the focal point), their
 * storage key and ETag, and how sharp produces them. No HTTP and no database here.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { MediaConfig } from '../config';
import { MediaInputError } from './media.errors';

export const VARIANT_FORMATS = ['webp', 'avif', 'jpeg'] as const;
export type VariantFormat = (typeof VARIANT_FORMATS)[number];

/** Bump when the encoder settings change, so ETags and cache keys of old bytes stop matching. */
export const PIPELINE_VERSION = 1;

export interface VariantSpec {
  width: number;
  format: VariantFormat;
  /** "W:H" from the configured list, or null for the whole picture. */
  ratio: string | null;
}

/** What producing a variant needs to know about its image. */
export interface VariantSource {
  id: string;
  width: number;
  height: number;
  focalX: number;
  focalY: number;
}

export interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Parses "<width>.<format>" and the ratio query parameter; refuses anything not configured. */
export function parseVariantRequest(file: string, ratio: unknown, media: MediaConfig): VariantSpec {
  const m = /^(\d{1,5})\.([a-z]+)$/.exec(file);
  if (!m) throw new MediaInputError(400, 'BAD_VARIANT', 'expected /media/<id>/<width>.<format>, e.g. /media/<id>/640.webp');
  const width = Number(m[1]);
  const format = m[2] as VariantFormat;
  if (!VARIANT_FORMATS.includes(format)) {
    throw new MediaInputError(400, 'BAD_FORMAT', `format "${m[2]}" is not offered; use one of ${VARIANT_FORMATS.join(', ')}`);
  }
  if (!media.widths.includes(width)) {
    throw new MediaInputError(400, 'BAD_WIDTH', `width ${width} is not offered; use one of ${media.widths.join(', ')}`, { widths: media.widths });
  }
  if (ratio !== undefined && (typeof ratio !== 'string' || !media.ratios.includes(ratio))) {
    throw new MediaInputError(400, 'BAD_RATIO', `ratio must be one of ${media.ratios.join(', ')}`, { ratios: media.ratios });
  }
  return { width, format, ratio: (ratio as string | undefined) ?? null };
}

export function parseRatio(ratio: string): [number, number] {
  const [w, h] = ratio.split(':').map(Number);
  return [w, h];
}

/** The largest region of the ratio that fits, centred on the focal point, slid inside the picture. */
export function cropRegion(src: VariantSource, ratio: string): Region {
  const [rw, rh] = parseRatio(ratio);
  let width = src.width;
  let height = Math.round((src.width * rh) / rw);
  if (height > src.height) {
    height = src.height;
    width = Math.min(src.width, Math.round((src.height * rw) / rh));
  }
  width = Math.max(1, width);
  height = Math.max(1, height);
  const clamp = (v: number, max: number) => Math.max(0, Math.min(max, v));
  const left = clamp(Math.round(src.focalX * src.width - width / 2), src.width - width);
  const top = clamp(Math.round(src.focalY * src.height - height / 2), src.height - height);
  return { left, top, width, height };
}

/** Output size: never enlarged beyond the original (or the crop), aspect kept. */
export function outputSize(src: VariantSource, spec: VariantSpec): { width: number; height: number; region: Region | null } {
  const region = spec.ratio ? cropRegion(src, spec.ratio) : null;
  const base = region ?? { width: src.width, height: src.height };
  const width = Math.min(spec.width, base.width);
  const height = Math.max(1, Math.round((base.height * width) / base.width));
  return { width, height, region };
}

const permille = (v: number) => Math.round(v * 1000);

/**
 * A cropped variant's key carries the focal point, so editing the focal point makes new
 * crops under new keys instead of serving a stale crop.
 */
export function variantKey(src: Pick<VariantSource, 'id' | 'focalX' | 'focalY'>, spec: VariantSpec): string {
  if (!spec.ratio) return `${variantDir(src.id)}/${spec.width}.${spec.format}`;
  const [rw, rh] = parseRatio(spec.ratio);
  return `${variantDir(src.id)}/${spec.width}-${rw}x${rh}-f${permille(src.focalX)}_${permille(src.focalY)}.${spec.format}`;
}

/** Variants of one image; the pipeline version is part of it so new encoder settings start a fresh cache. */
export const variantDir = (id: string) => `variants/v${PIPELINE_VERSION}/${id}`;

/** Strong ETag from the key: an original never changes under its id, so the key names the bytes. */
export function variantEtag(key: string): string {
  return `"${createHash('sha256').update(`${PIPELINE_VERSION}:${key}`).digest('base64url').slice(0, 27)}"`;
}

export const VARIANT_MIME: Record<VariantFormat, string> = { webp: 'image/webp', avif: 'image/avif', jpeg: 'image/jpeg' };

/** Encodes one variant. Metadata (EXIF with GPS, XMP, IPTC) is dropped; colours end in sRGB. */
export async function produceVariant(original: Buffer, src: VariantSource, spec: VariantSpec, maxPixels: number): Promise<Buffer> {
  const { width, height, region } = outputSize(src, spec);
  // autoOrient first, so the region and sizes (computed on oriented dimensions) line up.
  let pipeline = sharp(original, { limitInputPixels: maxPixels, autoOrient: true });
  if (region) pipeline = pipeline.extract(region);
  pipeline = pipeline.resize(width, height, { fit: 'fill' });
  switch (spec.format) {
    case 'webp':
      return pipeline.webp({ quality: 80 }).toBuffer();
    case 'avif':
      // effort 2: ~4× faster than the default 4 for a few percent more bytes.
      return pipeline.avif({ quality: 50, effort: 2 }).toBuffer();
    case 'jpeg':
      // JPEG has no transparency: flatten onto white like a page background.
      return pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: 80, mozjpeg: true }).toBuffer();
  }
}

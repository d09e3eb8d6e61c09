/**
 * Checks an uploaded file and computes what is stored about it, before anything is written:
 * type from bytes, dimensions from the header (refusing bombs before decoding), then one full
 * decode (refusing truncated or damaged data) that also yields the ThumbHash placeholder and
 * the dominant colour.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { MediaInputError } from './media.errors';
import { checkExtension, exifOrientation, type ImageFormatName, sniffFormat } from './media.formats';

export interface ImageLimits {
  maxPixels: number;
  maxDimension: number;
}

export interface ImageFacts {
  format: ImageFormatName;
  /** Dimensions after the EXIF orientation is applied (what a reader sees). */
  width: number;
  height: number;
  bytes: number;
  sha256: string;
  /** ThumbHash, base64. */
  placeholder: string;
  /** "#rrggbb" */
  dominantColor: string;
  hasAlpha: boolean;
  /** Frames in the file; only the first of an animated GIF/WebP is used. */
  frames: number;
}

// thumbhash ships as an ES module only; a dynamic import loads it from CommonJS.
// typescript-eslint reads the import attributes of this type query as an untyped object literal.
// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment
type Thumbhash = typeof import('thumbhash', { with: { 'resolution-mode': 'import' } });
let thumbhashModule: Promise<Thumbhash> | null = null;
export const loadThumbhash = () => (thumbhashModule ??= import('thumbhash'));

/** The metadata format name sharp reports for each accepted format. */
const SHARP_FORMAT: Record<ImageFormatName, string> = { jpeg: 'jpeg', png: 'png', webp: 'webp', avif: 'heif', gif: 'gif' };

/** libvips errors can run over many lines; the last one says what was wrong. */
const reason = (e: unknown) => ((e as Error).message.trim().split('\n').pop() ?? '').slice(0, 200);

const hex = (n: number) =>
  Math.max(0, Math.min(255, Math.round(n)))
    .toString(16)
    .padStart(2, '0');

/**
 * The mean colour of the most common of 64 coarse colour bins (4 levels per channel) of the
 * thumbnail, ignoring nearly transparent pixels. Coarse bins keep the answer stable when the
 * same picture arrives re-encoded; the mean gives a real colour of the picture, not a bin edge.
 */
export function dominantColour(rgba: Buffer): { colour: string; opaque: boolean } {
  const counts = new Array<number>(64).fill(0);
  const sums = Array.from({ length: 64 }, () => [0, 0, 0]);
  let opaque = true;
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i + 3] < 255) opaque = false;
    if (rgba[i + 3] < 128) continue;
    const bin = ((rgba[i] >> 6) << 4) | ((rgba[i + 1] >> 6) << 2) | (rgba[i + 2] >> 6);
    counts[bin]++;
    for (let c = 0; c < 3; c++) sums[bin][c] += rgba[i + c];
  }
  const best = counts.indexOf(Math.max(...counts));
  if (counts[best] === 0) return { colour: '#ffffff', opaque };
  const [r, g, b] = sums[best].map((s) => s / counts[best]);
  return { colour: `#${hex(r)}${hex(g)}${hex(b)}`, opaque };
}

export async function analyzeImage(data: Buffer, fileName: string | null, limits: ImageLimits): Promise<ImageFacts> {
  const format = sniffFormat(data);
  checkExtension(fileName, format);

  let meta: sharp.Metadata;
  try {
    // Header only: no pixel is decoded here, so a huge claimed size costs nothing yet.
    meta = await sharp(data, { limitInputPixels: false }).metadata();
  } catch (e) {
    throw new MediaInputError(422, 'CORRUPT_IMAGE', `the image header cannot be read (${reason(e)})`);
  }
  if (meta.format !== SHARP_FORMAT[format] || (format === 'avif' && meta.compression !== 'av1')) {
    throw new MediaInputError(415, 'UNSUPPORTED_TYPE', `the file starts like ${format.toUpperCase()} but decodes as ${meta.format}`);
  }
  const orientation = exifOrientation(meta.exif);
  if (orientation !== null && (orientation < 1 || orientation > 8)) {
    throw new MediaInputError(422, 'BAD_ORIENTATION', `the EXIF orientation ${orientation} is not a valid value (1–8)`);
  }
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (!width || !height) throw new MediaInputError(422, 'CORRUPT_IMAGE', 'the image has no pixels');
  if (width > limits.maxDimension || height > limits.maxDimension) {
    throw new MediaInputError(422, 'IMAGE_TOO_LARGE', `${width}×${height} px: a side is longer than ${limits.maxDimension} px`, { width, height });
  }
  if (width * height > limits.maxPixels) {
    throw new MediaInputError(422, 'IMAGE_TOO_LARGE', `${width}×${height} px is more than the limit of ${limits.maxPixels} pixels`, { width, height });
  }

  let thumb: { data: Buffer; info: sharp.OutputInfo };
  try {
    // failOn 'warning' (sharp's strictest) refuses truncated JPEG/PNG data that would otherwise
    // decode as a grey or half-missing picture; the pixel limit guards against lying headers.
    thumb = await sharp(data, { limitInputPixels: limits.maxPixels, failOn: 'warning', autoOrient: true })
      .resize(100, 100, { fit: 'inside', fastShrinkOnLoad: false })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (e) {
    throw new MediaInputError(422, 'CORRUPT_IMAGE', `the image data is truncated or damaged (${reason(e)})`);
  }
  const { rgbaToThumbHash } = await loadThumbhash();
  const hash = rgbaToThumbHash(thumb.info.width, thumb.info.height, thumb.data);
  const { colour, opaque } = dominantColour(thumb.data);

  return {
    format,
    width,
    height,
    bytes: data.length,
    sha256: createHash('sha256').update(data).digest('hex'),
    placeholder: Buffer.from(hash).toString('base64'),
    dominantColor: colour,
    hasAlpha: !opaque,
    frames: meta.pages ?? 1,
  };
}

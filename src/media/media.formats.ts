/**
 * What an uploaded file is, decided from its first bytes (never from its name or the
 * Content-Type the client sent), and the EXIF orientation as written in the file.
 */
import { MediaInputError } from './media.errors';

export type ImageFormatName = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif';

export const FORMAT_EXTENSIONS: Record<ImageFormatName, string[]> = {
  jpeg: ['jpg', 'jpeg', 'jpe', 'jfif'],
  png: ['png'],
  webp: ['webp'],
  avif: ['avif'],
  gif: ['gif'],
};

const startsWith = (buf: Buffer, bytes: number[], at = 0) => bytes.every((b, i) => buf[at + i] === b);
const ascii = (buf: Buffer, from: number, to: number) => buf.subarray(from, to).toString('latin1');

/** ISO-BMFF brands (major + compatible) of an ftyp box, or null when the file has none. */
function ftypBrands(buf: Buffer): string[] | null {
  if (buf.length < 16 || ascii(buf, 4, 8) !== 'ftyp') return null;
  const size = Math.min(buf.readUInt32BE(0), buf.length, 256);
  const brands = [ascii(buf, 8, 12)];
  for (let at = 16; at + 4 <= size; at += 4) brands.push(ascii(buf, at, at + 4));
  return brands;
}

/** SVG or any XML/HTML text: refused, because it can carry scripts and is never served as-is. */
function looksLikeMarkup(buf: Buffer): boolean {
  const head = buf
    .subarray(0, 1024)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  return head.startsWith('<?xml') || head.startsWith('<svg') || head.startsWith('<!doctype') || head.startsWith('<html') || /<svg[\s>]/.test(head);
}

export function sniffFormat(buf: Buffer): ImageFormatName {
  if (buf.length === 0) throw new MediaInputError(400, 'EMPTY_FILE', 'the file is empty (0 bytes)');
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(buf, 0, 6) === 'GIF87a' || ascii(buf, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(buf, 0, 4) === 'RIFF' && ascii(buf, 8, 12) === 'WEBP') return 'webp';
  const brands = ftypBrands(buf);
  if (brands && (brands.includes('avif') || brands.includes('avis'))) return 'avif';
  if (brands && brands.some((b) => ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1'].includes(b))) {
    throw new MediaInputError(415, 'UNSUPPORTED_TYPE', 'HEIC/HEIF photos are not accepted: export the photo as JPEG, PNG, WebP or AVIF');
  }
  if (looksLikeMarkup(buf)) {
    throw new MediaInputError(415, 'SVG_REFUSED', 'SVG and other markup files are refused (they can carry scripts): upload a PNG or JPEG instead');
  }
  throw new MediaInputError(415, 'UNSUPPORTED_TYPE', 'the file is not a JPEG, PNG, WebP, AVIF or GIF image');
}

/**
 * A name whose extension names another type than the bytes is refused: a ".png" that is a
 * JPEG, or a ".jpg" that is really something else, is usually a mistake or a disguise.
 * Names without an extension are fine: the bytes decide.
 */
export function checkExtension(fileName: string | null, format: ImageFormatName): void {
  if (!fileName) return;
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(fileName.trim());
  if (!m) return;
  const ext = m[1].toLowerCase();
  if (!FORMAT_EXTENSIONS[format].includes(ext)) {
    throw new MediaInputError(415, 'EXTENSION_MISMATCH', `the file is named ".${ext}" but its bytes are a ${format.toUpperCase()} image: rename it or export it again`, {
      detected: format,
    });
  }
}

/**
 * The Orientation tag (0x0112) as written in a raw EXIF block ("Exif\0\0" + TIFF), or null.
 * libvips silently treats an out-of-range value as 1; we refuse it instead, because the
 * same file would then look different in other software.
 */
export function exifOrientation(exif: Buffer | undefined): number | null {
  if (!exif || exif.length < 14) return null;
  const tiff = ascii(exif, 0, 6) === 'Exif\0\0' ? 6 : 0;
  const order = ascii(exif, tiff, tiff + 2);
  if (order !== 'II' && order !== 'MM') return null;
  const le = order === 'II';
  const u16 = (at: number) => (le ? exif.readUInt16LE(at) : exif.readUInt16BE(at));
  const u32 = (at: number) => (le ? exif.readUInt32LE(at) : exif.readUInt32BE(at));
  const ifd = tiff + u32(tiff + 4);
  if (ifd + 2 > exif.length) return null;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > exif.length) return null;
    if (u16(entry) === 0x0112) return u16(entry + 8);
  }
  return null;
}

/**
 * Removes what a camera or phone writes about the shot (EXIF with GPS position, XMP, IPTC) from an
 * uploaded original before it is stored, unless MEDIA_KEEP_ORIGINAL_METADATA=1. Pixels are kept
 * byte for byte where the container allows it (JPEG, PNG, WebP: metadata segments and chunks are
 * dropped), so the original loses no quality; an AVIF carrying metadata is re-encoded once.
 * The EXIF orientation is kept (as a minimal EXIF block without anything else), because the
 * stored width/height and every variant follow it.
 */
import sharp from 'sharp';
import { exifOrientation, type ImageFormatName } from './media.formats';

/** A 34-byte APP1 segment: "Exif", a big-endian TIFF header and one IFD entry, Orientation. */
function orientationApp1(orientation: number): Buffer {
  const tiff = Buffer.alloc(26);
  tiff.write('MM\0*', 0, 'latin1');
  tiff.writeUInt32BE(8, 4); // IFD0 right after the header
  tiff.writeUInt16BE(1, 8); // one entry
  tiff.writeUInt16BE(0x0112, 10); // Orientation
  tiff.writeUInt16BE(3, 12); // SHORT
  tiff.writeUInt32BE(1, 14); // one value
  tiff.writeUInt16BE(orientation, 18); // value, left-aligned in the 4-byte field
  tiff.writeUInt32BE(0, 22); // no next IFD
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(2 + 6 + tiff.length, 2);
  return Buffer.concat([header, Buffer.from('Exif\0\0', 'latin1'), tiff]);
}

/** JPEG: drops APP1 (EXIF, XMP) and APP13 (IPTC) segments before the image data; APP0/APP2 (ICC)/APP14 stay. */
function stripJpeg(data: Buffer, orientation: number | null): Buffer {
  const kept: Buffer[] = [data.subarray(0, 2)];
  let at = 2;
  while (at + 4 <= data.length && data[at] === 0xff) {
    const marker = data[at + 1];
    if (marker === 0xda || marker === 0xd9) break; // start of scan: the rest is image data
    const end = at + 2 + data.readUInt16BE(at + 2);
    if (end > data.length) break;
    if (marker !== 0xe1 && marker !== 0xed) kept.push(data.subarray(at, end));
    at = end;
  }
  if (orientation && orientation !== 1) kept.splice(1, 0, orientationApp1(orientation));
  kept.push(data.subarray(at));
  return Buffer.concat(kept);
}

/** PNG: drops eXIf and the text chunks (XMP travels in iTXt). */
function stripPng(data: Buffer): Buffer {
  const kept: Buffer[] = [data.subarray(0, 8)];
  for (let at = 8; at + 12 <= data.length;) {
    const end = at + 12 + data.readUInt32BE(at);
    const type = data.toString('latin1', at + 4, at + 8);
    if (!['eXIf', 'tEXt', 'zTXt', 'iTXt'].includes(type)) kept.push(data.subarray(at, Math.min(end, data.length)));
    at = end;
  }
  return Buffer.concat(kept);
}

/** WebP: drops the EXIF and XMP chunks and clears their flags in VP8X. */
function stripWebp(data: Buffer): Buffer {
  const chunks: Buffer[] = [];
  for (let at = 12; at + 8 <= data.length;) {
    const size = data.readUInt32LE(at + 4);
    const end = Math.min(at + 8 + size + (size % 2), data.length);
    const fourcc = data.toString('latin1', at, at + 4);
    if (fourcc === 'VP8X') {
      const chunk = Buffer.from(data.subarray(at, end));
      chunk[8] &= ~(0x08 | 0x04); // EXIF and XMP flags
      chunks.push(chunk);
    } else if (fourcc !== 'EXIF' && fourcc !== 'XMP ') chunks.push(data.subarray(at, end));
    at = end;
  }
  const body = Buffer.concat(chunks);
  const header = Buffer.from(data.subarray(0, 12));
  header.writeUInt32LE(4 + body.length, 4);
  return Buffer.concat([header, body]);
}

/** The bytes to store as the original. */
export async function originalToStore(data: Buffer, format: ImageFormatName, keepMetadata: boolean): Promise<Buffer> {
  if (keepMetadata) return data;
  const meta = await sharp(data, { limitInputPixels: false }).metadata();
  if (!meta.exif && !meta.xmp && !meta.iptc) return data;
  switch (format) {
    case 'jpeg':
      return stripJpeg(data, exifOrientation(meta.exif));
    case 'png':
      return stripPng(data);
    case 'webp':
      return stripWebp(data);
    case 'avif':
      // Metadata sits in HEIF item boxes: re-encode once, turned upright, without it.
      return sharp(data, { autoOrient: true }).keepIccProfile().avif({ quality: 80 }).toBuffer();
    case 'gif':
      return data; // GIF has no EXIF; XMP application blocks are not read by anything we serve
  }
}

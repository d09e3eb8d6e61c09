/**
 * Sample pictures for imported content that has no real photo to ship (the seed article's
 * photo lines): drawn with sharp from a seed text, always the same bytes for the same seed,
 * labelled "ẢNH MINH HỌA" in the picture and flagged isSample in the library.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import sharp from 'sharp';
import type { MediaConfig } from '../config';
import { MediaImage } from './image.entity';
import { createImageRow } from './image.create';
import { analyzeImage } from './media.analyze';
import type { MediaStorage } from './media.storage';
import { escapeXml, FONT_FAMILY } from './svg-text';

export interface SampleInput {
  /** Decides the picture: the same seed gives the same bytes (and the same library entry). */
  seed: string;
  alt?: string | null;
  caption?: string | null;
  credit?: string | null;
}

/** A calm landscape-like picture: sky gradient, hills, a sun, and the sample label. */
export async function renderSamplePhoto(seed: string, width = 1200, height = 800): Promise<Buffer> {
  const h = createHash('sha256').update(seed.normalize('NFC')).digest();
  const hue = (i: number) => Math.round((h[i] / 255) * 360);
  const sky = `hsl(${hue(0)}, 55%, 72%)`;
  const horizon = `hsl(${hue(1)}, 45%, 88%)`;
  const hills = [2, 3, 4].map((i, n) => `hsl(${(hue(i) % 120) + 80}, ${35 + n * 10}%, ${45 - n * 8}%)`);
  const sunX = Math.round(width * (0.2 + (h[5] / 255) * 0.6));
  const ridge = (n: number) => {
    const base = height * (0.55 + n * 0.12);
    const points = Array.from({ length: 9 }, (_, i) => `${Math.round((i * width) / 8)},${Math.round(base - (h[6 + n * 9 + i] / 255) * height * 0.18)}`);
    return `<polygon points="0,${height} ${points.join(' ')} ${width},${height}" fill="${hills[n]}"/>`;
  };
  const label = 'ẢNH MINH HỌA';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${sky}"/><stop offset="1" stop-color="${horizon}"/></linearGradient></defs>
<rect width="${width}" height="${height}" fill="url(#sky)"/>
<circle cx="${sunX}" cy="${Math.round(height * 0.28)}" r="${Math.round(height * 0.08)}" fill="hsl(45, 95%, 75%)"/>
${ridge(0)}${ridge(1)}${ridge(2)}
<rect x="${width - 330}" y="${height - 74}" width="300" height="46" rx="6" fill="rgba(0,0,0,0.55)"/>
<text x="${width - 180}" y="${height - 42}" font-size="24" font-weight="bold" font-family="${FONT_FAMILY}" fill="#fff" text-anchor="middle">${escapeXml(label)}</text>
</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 82, mozjpeg: true }).toBuffer();
}

/** Rendered and analysed once per process and seed: every test and re-import asks for the same few pictures. */
const samples = new Map<string, Promise<{ data: Buffer; facts: Awaited<ReturnType<typeof analyzeImage>> }>>();

function sampleOf(seed: string, media: MediaConfig) {
  const key = `${seed}\u0000${media.maxPixels}:${media.maxDimension}`;
  let sample = samples.get(key);
  if (!sample) {
    sample = renderSamplePhoto(seed).then(async (data) => ({ data, facts: await analyzeImage(data, null, media) }));
    sample.catch(() => samples.delete(key));
    samples.set(key, sample);
  }
  return sample;
}

/**
 * The library entry of a sample picture, created on first use. Used by importers (trusted
 * code, no viewer): re-running an import finds the same entry by its bytes.
 */
export async function ensureSampleImage(em: EntityManager, media: MediaConfig, storage: MediaStorage, input: SampleInput, now = new Date()): Promise<MediaImage> {
  const { data, facts } = await sampleOf(input.seed, media);
  const existing = await em.findOne(MediaImage, { sha256: facts.sha256, isSample: true });
  if (existing) return existing;
  const id = randomUUID();
  // Named by content, not by id: an import that fails after this write rolls its row back,
  // and the retry (whatever id it picks) reuses the same file instead of leaving another orphan.
  const storageKey = `originals/sample-${facts.sha256}`;
  if (!(await storage.has(storageKey))) await storage.put(storageKey, data);
  const image = createImageRow(em, {
    id,
    storageKey,
    facts,
    fileName: null,
    alt: input.alt ?? null,
    caption: input.caption ?? null,
    credit: input.credit ?? 'Ảnh minh họa (tạo tự động)',
    isSample: true,
    uploadedBy: null,
    at: now,
  });
  em.persist(image);
  return image;
}

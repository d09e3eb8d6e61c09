import path from 'node:path';

import { ConfigError, type Env, flag, integer, integerList } from './env';

/** Media library (src/media): where originals and variants live, upload limits, transform cap. */
export interface MediaConfig {
  /** Filesystem storage root for originals and cached variants (MEDIA_DIR). */
  dir: string;
  /** Prefix of variant URLs handed out by GraphQL, e.g. "/media" or a CDN origin (MEDIA_BASE_URL). */
  baseUrl: string;
  maxUploadBytes: number;
  /** Width × height limit checked from the header before decoding (decompression bombs). */
  maxPixels: number;
  /** Longest allowed side in pixels. */
  maxDimension: number;
  /** Widths a variant may be asked for, ascending. */
  widths: number[];
  /** Aspect ratios a cropped variant may be asked for, as "W:H". */
  ratios: string[];
  /** sharp jobs running at once; past this (plus the queue) requests get 503 + Retry-After. */
  maxConcurrentTransforms: number;
  maxQueuedTransforms: number;
  /** Bytes of recently served variants kept in memory (0 = off), sparing a disk read per hit. */
  memoryCacheBytes: number;
  /** Keep EXIF/XMP/IPTC (GPS position included) in stored originals (MEDIA_KEEP_ORIGINAL_METADATA=1); off by default. */
  keepOriginalMetadata?: boolean;
}

// 1200 is the width of the Open Graph card (1200×630, ratio 40:21) that articles hand out.
export const DEFAULT_MEDIA_WIDTHS = [160, 320, 480, 640, 768, 1024, 1200, 1280, 1600, 1920, 2560];
export const DEFAULT_MEDIA_RATIOS = ['1:1', '4:3', '3:2', '16:9', '40:21', '4:5', '3:4', '2:3', '9:16'];

export function loadMediaConfig(env: Env = {}): MediaConfig {
  const ratios = env.MEDIA_RATIOS?.trim() ? env.MEDIA_RATIOS.split(',').map((r) => r.trim()) : DEFAULT_MEDIA_RATIOS;
  const bad = ratios.find((r) => !/^[1-9]\d{0,3}:[1-9]\d{0,3}$/.test(r));
  if (bad !== undefined) throw new ConfigError('MEDIA_RATIOS', `expected comma-separated W:H pairs like 16:9, got "${bad}"`);
  return {
    dir: path.resolve(env.MEDIA_DIR || './data/media'),
    baseUrl: (env.MEDIA_BASE_URL || '/media').replace(/\/+$/, ''),
    maxUploadBytes: integer(env, 'MEDIA_MAX_UPLOAD_BYTES', 25 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    maxPixels: integer(env, 'MEDIA_MAX_PIXELS', 50_000_000, 1, 268_402_689),
    maxDimension: integer(env, 'MEDIA_MAX_DIMENSION', 16384, 16, 65535),
    widths: integerList(env, 'MEDIA_WIDTHS', DEFAULT_MEDIA_WIDTHS, 16, 8192),
    ratios,
    maxConcurrentTransforms: integer(env, 'MEDIA_MAX_TRANSFORMS', 2, 1, 64),
    maxQueuedTransforms: integer(env, 'MEDIA_TRANSFORM_QUEUE', 16, 0, 10000),
    memoryCacheBytes: integer(env, 'MEDIA_MEMORY_CACHE_BYTES', 64 * 1024 * 1024, 0, 4 * 1024 * 1024 * 1024),
    keepOriginalMetadata: flag(env, 'MEDIA_KEEP_ORIGINAL_METADATA'),
  };
}

/** Pictures made with sharp for the media tests, and an upload client that speaks multipart. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { Role } from '../../src/core/roles';
import { loadMediaConfig, type MediaConfig } from '../../src/config';
import type { Database } from '../../src/db/orm';
import { signedInAs, type TestAccount } from '../support/accounts';

/**
 * The headers of the signed-in staff account (an admin) of the current test database, sent by
 * upload() unless told otherwise. Empty until signInMediaStaff() runs in a beforeAll; each
 * describe with its own database signs in again, replacing the token.
 */
export const STAFF: Record<string, string> = {};

export async function signInMediaStaff(db: Database): Promise<TestAccount> {
  const account = await signedInAs(db, [Role.ADMIN], { displayName: 'Biên tập viên Thử nghiệm' });
  for (const key of Object.keys(STAFF)) delete STAFF[key];
  Object.assign(STAFF, account.headers);
  return account;
}

export type Rgb = [number, number, number];
export const RED: Rgb = [220, 30, 30];
export const GREEN: Rgb = [30, 180, 60];
export const BLUE: Rgb = [30, 60, 220];
export const YELLOW: Rgb = [240, 210, 30];

/** A fresh media directory per test file, removed by the caller. */
export function freshMediaConfig(overrides: Partial<MediaConfig> = {}): MediaConfig {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reformdesk-media-'));
  return { ...loadMediaConfig({ MEDIA_DIR: dir }), ...overrides };
}

/** Files under a media directory (relative paths), to assert what was or was not stored. */
export function storedFiles(dir: string, sub = ''): string[] {
  const root = path.join(dir, sub);
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(root, f)).isFile()).sort();
}

/** Vertical stripes of equal width, one per colour: crops are checked by which stripes remain. */
export async function stripes(width: number, height: number, colours: Rgb[]): Promise<sharp.Sharp> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let x = 0; x < width; x++) {
    const [r, g, b] = colours[Math.min(colours.length - 1, Math.floor((x * colours.length) / width))];
    for (let y = 0; y < height; y++) pixels.set([r, g, b], (y * width + x) * 3);
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

/** A soft photo-like gradient (compresses like a photo, not like a flat colour). */
export function gradient(width: number, height: number): sharp.Sharp {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      pixels.set([Math.round((255 * x) / width), Math.round((255 * y) / height), 128 + Math.round(60 * Math.sin(x / 17 + y / 23))], (y * width + x) * 3);
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

/** Random pixels: the slowest kind of picture to encode (used to keep transforms busy). */
export function noise(width: number, height: number, seed = 1): sharp.Sharp {
  const pixels = Buffer.alloc(width * height * 3);
  let s = seed;
  for (let i = 0; i < pixels.length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    pixels[i] = s >> 16;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

/** Mean colour of a rectangle of a decoded picture. */
export async function meanColour(data: Buffer, region: { left: number; top: number; width: number; height: number }): Promise<Rgb> {
  // stats() looks at the input, not the pipeline: decode the region to raw pixels first.
  const { data: raw, info } = await sharp(data).extract(region).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const sums = [0, 0, 0];
  for (let i = 0; i < raw.length; i += info.channels) for (let c = 0; c < 3; c++) sums[c] += raw[i + c];
  const count = raw.length / info.channels;
  return sums.map((s) => Math.round(s / count)) as Rgb;
}

export const close = (a: Rgb, b: Rgb, tolerance = 25) => a.every((v, i) => Math.abs(v - b[i]) <= tolerance);

export interface UploadAnswer {
  status: number;
  headers: Headers;
  body: { image?: Record<string, any>; error?: { code: string; message: string } & Record<string, unknown> };
}

export async function upload(
  baseUrl: string,
  data: Buffer,
  fileName: string,
  options: { headers?: Record<string, string>; fields?: Record<string, string>; fieldName?: string } = {},
): Promise<UploadAnswer> {
  const form = new FormData();
  for (const [k, v] of Object.entries(options.fields ?? {})) form.append(k, v);
  form.append(options.fieldName ?? 'file', new Blob([new Uint8Array(data)]), fileName);
  const res = await fetch(`${baseUrl}/media`, { method: 'POST', body: form, headers: options.headers ?? STAFF });
  return { status: res.status, headers: res.headers, body: (await res.json()) as UploadAnswer['body'] };
}

export interface VariantAnswer {
  status: number;
  headers: Headers;
  data: Buffer;
}

export async function getVariant(baseUrl: string, pathAndQuery: string, headers: Record<string, string> = {}): Promise<VariantAnswer> {
  const res = await fetch(`${baseUrl}${pathAndQuery}`, { headers });
  return { status: res.status, headers: res.headers, data: Buffer.from(await res.arrayBuffer()) };
}

/**
 * Where originals and produced variants are kept. Keys are slash-separated relative paths
 * ("originals/<id>", "variants/v1/<id>/640.webp"). The filesystem store is the default; an
 * S3-compatible store only has to implement these five methods.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface MediaStorage {
  /** Writes atomically: a reader sees the old object, the whole new one, or nothing. */
  put(key: string, data: Buffer): Promise<void>;
  /** The bytes, or null when there is no such object. */
  get(key: string): Promise<Buffer | null>;
  has(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Keys directly under a prefix ending in "/" (for cleaning an image's variants). */
  list(prefix: string): Promise<string[]>;
}

const KEY = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._:-]*)*$/i;

function checkKey(key: string): string {
  // Keys come from our own code, but a crafted id must never escape the media directory.
  if (!KEY.test(key) || key.split('/').some((part) => part === '..' || part === '.')) throw new Error(`invalid media storage key "${key}"`);
  return key;
}

export class FsStorage implements MediaStorage {
  constructor(private readonly root: string) {}

  private file(key: string): string {
    return path.join(this.root, ...checkKey(key).split('/'));
  }

  async put(key: string, data: Buffer): Promise<void> {
    const target = this.file(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    // Write to a unique temporary name then rename: rename is atomic on one filesystem, so
    // concurrent writers (other processes) never leave a half-written variant behind.
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await fs.writeFile(temp, data, { flag: 'wx' });
      await fs.rename(temp, target);
    } catch (e) {
      await fs.rm(temp, { force: true });
      throw e;
    }
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await fs.readFile(this.file(key));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async has(key: string): Promise<boolean> {
    try {
      await fs.access(this.file(key));
      return true;
    } catch {
      return false;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.file(key), { force: true });
  }

  async list(prefix: string): Promise<string[]> {
    const dir = prefix.replace(/\/+$/, '');
    try {
      const names = await fs.readdir(this.file(dir));
      return names.filter((n) => !n.endsWith('.tmp')).map((n) => `${dir}/${n}`);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }
}

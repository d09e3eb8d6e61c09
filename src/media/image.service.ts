/**
 * The rules of the media library: who may upload and edit, what is stored for an upload,
 * how edits are validated, and listing. Entry points (HTTP upload, GraphQL) stay thin.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MediaConfig } from '../config';
import { BadInputError, NotFoundError, UnauthenticatedError } from '../core/errors';
import { isStaff, type Viewer } from '../core/viewer';
import { assertMediaWriter } from './media.policy';
import { MediaImage } from './image.entity';
import { createImageRow } from './image.create';
import { analyzeImage } from './media.analyze';
import { originalToStore } from './media.metadata';
import type { MediaStorage } from './media.storage';
import type { TransformLimiter } from './media.limiter';
import { variantDir } from './media.variants';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isImageId = (id: string) => UUID.test(id);

const LIMITS = { alt: 1000, caption: 3000, credit: 300, fileName: 255 } as const;

export interface ImageTexts {
  alt?: string | null;
  caption?: string | null;
  credit?: string | null;
}

export interface ImageEdit extends ImageTexts {
  focalPoint?: { x: number; y: number } | null;
}

export interface UploadInput extends ImageTexts {
  data: Buffer;
  fileName: string | null;
  focalPoint?: { x: number; y: number } | null;
}

/** Trimmed, NFC, empty → null; too long → BAD_USER_INPUT naming the field. */
function cleanText(field: keyof typeof LIMITS, value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = value.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (text.length > LIMITS[field]) throw new BadInputError(field, `${field} is longer than ${LIMITS[field]} characters`);
  return text === '' ? null : text;
}

function cleanFocal(point: { x: number; y: number }): { x: number; y: number } {
  for (const [axis, v] of Object.entries(point)) {
    if (!Number.isFinite(v) || v < 0 || v > 1) throw new BadInputError('focalPoint', `focalPoint.${axis} must be between 0 and 1, got ${v}`);
  }
  return { x: point.x, y: point.y };
}

export class ImageService {
  constructor(
    private readonly em: EntityManager,
    private readonly media: MediaConfig,
    private readonly storage: MediaStorage,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async byId(id: string): Promise<MediaImage> {
    const image = isImageId(id) ? await this.em.findOne(MediaImage, { id: id.toLowerCase() }) : null;
    if (!image) throw new NotFoundError('Image', id);
    return image;
  }

  /**
   * Checks and stores an upload. Every check runs before the first write; if saving the row
   * fails, the stored original is removed again, so a refused upload leaves nothing behind.
   */
  async upload(viewer: Viewer, input: UploadInput, limiter: TransformLimiter): Promise<MediaImage> {
    assertMediaWriter(viewer);
    const texts = { alt: cleanText('alt', input.alt), caption: cleanText('caption', input.caption), credit: cleanText('credit', input.credit) };
    const focal = input.focalPoint ? cleanFocal(input.focalPoint) : { x: 0.5, y: 0.5 };
    const fileName = input.fileName
      ? input.fileName
          .normalize('NFC')
          .replace(/[\\/\u0000-\u001f]/g, '_')
          .slice(-LIMITS.fileName)
      : null;
    // Decoding is the expensive part of an upload: it shares the transform cap with variants.
    const facts = await limiter.run(() => analyzeImage(input.data, fileName, this.media));
    // Camera metadata (GPS position) never reaches the disk unless the admin setting keeps it.
    const original = await limiter.run(() => originalToStore(input.data, facts.format, this.media.keepOriginalMetadata ?? false));
    const id = randomUUID();
    const storageKey = `originals/${id}`;
    await this.storage.put(storageKey, original);
    const at = this.now();
    const image = createImageRow(this.em, {
      id,
      storageKey,
      facts,
      bytes: original.length,
      sha256: original === input.data ? facts.sha256 : createHash('sha256').update(original).digest('hex'),
      fileName,
      ...texts,
      focal,
      isSample: false,
      uploadedBy: isStaff(viewer) ? viewer.name : null,
      uploadedByUserId: isStaff(viewer) ? viewer.userId : null,
      at,
    });
    try {
      await this.em.persistAndFlush(image);
    } catch (e) {
      await this.storage.delete(storageKey);
      throw e;
    }
    return image;
  }

  /** Edits texts and/or the focal point; a moved focal point bumps the revision and drops stale crops. */
  async edit(viewer: Viewer, id: string, edit: ImageEdit): Promise<MediaImage> {
    assertMediaWriter(viewer);
    const image = await this.byId(id);
    for (const field of ['alt', 'caption', 'credit'] as const) {
      if (edit[field] !== undefined) image[field] = cleanText(field, edit[field]);
    }
    let focalMoved = false;
    if (edit.focalPoint) {
      const { x, y } = cleanFocal(edit.focalPoint);
      focalMoved = x !== image.focalX || y !== image.focalY;
      if (focalMoved) {
        image.focalX = x;
        image.focalY = y;
        image.revision += 1;
      }
    }
    image.updatedAt = this.now();
    await this.em.flush();
    if (focalMoved) await this.dropCrops(image.id);
    return image;
  }

  /** Cropped variants of an old focal point can no longer be asked for: free their space. */
  private async dropCrops(id: string): Promise<void> {
    const keys = await this.storage.list(`${variantDir(id)}/`);
    await Promise.all(keys.filter((k) => /-\d+x\d+-f/.test(k)).map((k) => this.storage.delete(k)));
  }

  /**
   * Newest first; `search` matches alt, caption, credit or file name (case ignored). Staff
   * only: the library holds pictures of unpublished stories too.
   */
  async list(viewer: Viewer, options: { first: number; offset: number; search?: string | null }): Promise<{ items: MediaImage[]; totalCount: number }> {
    if (!isStaff(viewer)) throw new UnauthenticatedError('sign in first: the media library is for staff');
    if (options.first < 1 || options.first > 100) throw new BadInputError('first', 'first must be between 1 and 100');
    if (options.offset < 0) throw new BadInputError('offset', 'offset must not be negative');
    const term = options.search?.normalize('NFC').trim();
    const where = term
      ? {
          $or: ['alt', 'caption', 'credit', 'fileName'].map((field) => ({ [field]: { $ilike: `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%` } })),
        }
      : {};
    const [items, totalCount] = await this.em.findAndCount(MediaImage, where, {
      orderBy: { createdAt: 'desc', id: 'asc' },
      limit: options.first,
      offset: options.offset,
    });
    return { items, totalCount };
  }
}

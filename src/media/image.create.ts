/** The one place a library entry (MediaImage row) is built, for uploads and generated samples alike. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { formatOf, MediaImage } from './image.entity';
import type { ImageFacts } from './media.analyze';

export interface NewImage {
  id: string;
  storageKey: string;
  /** What was analysed; `bytes` and `sha256` below describe the stored file when it differs (metadata stripped). */
  facts: ImageFacts;
  bytes?: number;
  sha256?: string;
  fileName: string | null;
  alt: string | null;
  caption: string | null;
  credit: string | null;
  focal?: { x: number; y: number };
  isSample: boolean;
  uploadedBy: string | null;
  uploadedByUserId?: number | null;
  at: Date;
}

/** A new entry at revision 1, created in `em` (not flushed). */
export function createImageRow(em: EntityManager, input: NewImage): MediaImage {
  const { facts, focal = { x: 0.5, y: 0.5 } } = input;
  return em.create(MediaImage, {
    id: input.id,
    storageKey: input.storageKey,
    format: formatOf(facts.format),
    width: facts.width,
    height: facts.height,
    bytes: input.bytes ?? facts.bytes,
    sha256: input.sha256 ?? facts.sha256,
    fileName: input.fileName,
    alt: input.alt,
    caption: input.caption,
    credit: input.credit,
    focalX: focal.x,
    focalY: focal.y,
    revision: 1,
    placeholder: facts.placeholder,
    dominantColor: facts.dominantColor,
    isSample: input.isSample,
    uploadedBy: input.uploadedBy,
    ...(input.uploadedByUserId !== undefined ? { uploadedByUserId: input.uploadedByUserId } : {}),
    createdAt: input.at,
    updatedAt: input.at,
  });
}

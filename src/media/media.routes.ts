/**
 * HTTP endpoints of the media library, mounted at /media:
 *   POST /media                      multipart upload (staff), 201 + JSON of the new image
 *   GET  /media/<id>/<width>.<format> a variant (?ratio=W:H&rev=N for a focal crop)
 * Handlers only translate HTTP; the rules live in ImageService and VariantDelivery.
 */
import express, { type Request, type Response } from 'express';
import { GraphQLError } from 'graphql';
import type { Config } from '../config';
import type { Database } from '../db-kit/database';
import type { RequestContexts } from '../graphql/context';
import { AuditService } from '../accounts/audit.service';
import { DomainError } from '../core/errors';
import { isStaff } from '../core/viewer';
import type { Logger } from '../logger';
import { MediaImage } from './image.entity';
import { ImageService, isImageId } from './image.service';
import { assertMediaWriter } from './media.policy';
import { type Delivered, type MediaModule } from './media.delivery';
import { MediaInputError, TransformBusyError } from './media.errors';
import { readUpload } from './media.multipart';
import { srcSet, variantUrl } from './media.urls';
import { parseVariantRequest, VARIANT_MIME, type VariantSpec } from './media.variants';
import { ifNoneMatchHits } from '../core/etag';

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** A crop asked without the current revision may change when the focal point moves. */
const REVALIDATE = 'public, max-age=300';

export interface MediaRouterOptions {
  config: Config;
  db: Database;
  logger: Logger;
  media: MediaModule;
  /** Request contexts of the app (src/app/context.ts): uploads are authorized like GraphQL requests. */
  contexts: RequestContexts;
}

export function sendError(res: Response, logger: Logger, e: unknown): void {
  if (e instanceof TransformBusyError) res.setHeader('Retry-After', String(e.retryAfterSeconds));
  if (e instanceof MediaInputError) {
    res.status(e.status).json({ error: { code: e.code, message: e.message, ...e.details } });
  } else if (e instanceof DomainError) {
    // The core's code → status table, the same the GraphQL adapter uses.
    res.status(e.httpStatus).json({ error: { code: e.code, message: e.message, ...e.details } });
  } else if (e instanceof GraphQLError) {
    // A bad or expired bearer token, as raised by the shared request context.
    res.status(401).json({ error: { code: String(e.extensions.code ?? 'UNAUTHENTICATED'), message: e.message } });
  } else {
    logger.error({ err: e }, 'media request failed');
    res.status(500).json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'the media request failed' } });
  }
}

/** The JSON an upload answers with: what a client needs to show the picture at once. */
export function describeImage(config: Config, image: MediaImage) {
  return {
    id: image.id,
    format: image.format,
    width: image.width,
    height: image.height,
    bytes: image.bytes,
    alt: image.alt ?? null,
    caption: image.caption ?? null,
    credit: image.credit ?? null,
    focalPoint: { x: image.focalX, y: image.focalY },
    placeholder: image.placeholder,
    dominantColor: image.dominantColor,
    url: variantUrl(config.media, image, 1024, 'webp', null),
    srcSet: srcSet(config.media, image, 'webp', null),
  };
}

function sendVariant(req: Request, res: Response, spec: VariantSpec, delivered: Delivered, cacheControl: string): void {
  res.setHeader('ETag', delivered.etag);
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  // Diagnostic: whether this answer came from the disk cache, a new production or a shared one.
  res.setHeader('X-Media-Variant', delivered.outcome);
  if (ifNoneMatchHits(req.headers['if-none-match'], delivered.etag)) {
    res.status(304).end();
    return;
  }
  res.type(VARIANT_MIME[spec.format]).setHeader('Content-Length', String(delivered.data.length));
  res.end(delivered.data);
}

export function mediaRouter({ config, db, logger, media, contexts }: MediaRouterOptions): express.Router {
  const router = express.Router();

  router.post('/', async (req, res) => {
    try {
      // Who asks is settled before a byte of the body is read.
      const ctx = await contexts.forRequest(req);
      assertMediaWriter(ctx.viewer);
      const service = new ImageService(ctx.em, config.media, media.storage, ctx.now);
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > config.media.maxUploadBytes + 64 * 1024) {
        res.setHeader('Connection', 'close');
        throw new MediaInputError(413, 'FILE_TOO_LARGE', `the file is larger than the limit of ${config.media.maxUploadBytes} bytes`, { limit: config.media.maxUploadBytes });
      }
      const upload = await readUpload(req, config.media.maxUploadBytes);
      const { focalX, focalY, alt, caption, credit } = upload.fields;
      const focalPoint = focalX !== undefined || focalY !== undefined ? { x: Number(focalX ?? 0.5), y: Number(focalY ?? 0.5) } : null;
      const image = await service.upload(ctx.viewer, { data: upload.data, fileName: upload.fileName, alt, caption, credit, focalPoint }, media.limiter);
      // GraphQL mutations are audited by the Apollo plugin; this HTTP write is audited here.
      await new AuditService(ctx.em).record([
        {
          at: ctx.now(),
          actorId: isStaff(ctx.viewer) ? ctx.viewer.userId : null,
          actorLabel: isStaff(ctx.viewer) ? (ctx.viewer.email ?? ctx.viewer.name) : 'anonymous',
          action: 'uploadImage',
          target: `id=${image.id}`,
          outcome: 'OK',
          address: ctx.address,
          details: { fileName: image.fileName ?? null, format: image.format, bytes: image.bytes, width: image.width, height: image.height },
        },
      ]);
      res.status(201).json({ image: describeImage(config, image) });
    } catch (e) {
      sendError(res, logger, e);
    }
  });

  router.get('/:id/:file', async (req, res) => {
    try {
      const spec = parseVariantRequest(req.params.file, req.query.ratio, config.media);
      const id = req.params.id.toLowerCase();
      if (!isImageId(id)) throw new MediaInputError(404, 'NOT_FOUND', `image "${req.params.id}" was not found`);
      const cached = await media.delivery.cachedWhole(id, spec);
      if (cached) return sendVariant(req, res, spec, cached, IMMUTABLE);
      const em = db.orm.em.fork();
      const image = await em.findOne(MediaImage, { id });
      if (!image) throw new MediaInputError(404, 'NOT_FOUND', `image "${id}" was not found`);
      const delivered = await media.delivery.deliver(image, spec);
      const current = !spec.ratio || req.query.rev === String(image.revision);
      sendVariant(req, res, spec, delivered, current ? IMMUTABLE : REVALIDATE);
    } catch (e) {
      sendError(res, logger, e);
    }
  });

  return router;
}

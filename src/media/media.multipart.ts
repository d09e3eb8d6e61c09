/**
 * Reads a multipart/form-data upload (busboy): one file part named "file" held in memory up
 * to the size limit, plus a few short text fields. The whole body is always read, even past
 * a limit, so the client receives our 4xx answer instead of a reset connection.
 */
import type { Request } from 'express';
import busboy from 'busboy';
import { MediaInputError } from './media.errors';

export interface ParsedUpload {
  data: Buffer;
  fileName: string | null;
  fields: Record<string, string>;
}

export const UPLOAD_FIELDS = ['alt', 'caption', 'credit', 'focalX', 'focalY'] as const;

export function readUpload(req: Request, maxBytes: number): Promise<ParsedUpload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: { fileSize: maxBytes, files: 1, fields: 20, fieldSize: 8 * 1024, parts: 24 },
      });
    } catch {
      reject(new MediaInputError(400, 'NOT_MULTIPART', 'send the picture as multipart/form-data with a part named "file"'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let fileName: string | null = null;
    let sawFile = false;
    let problem: MediaInputError | null = null;
    const fields: Record<string, string> = {};
    const fail = (e: MediaInputError) => (problem ??= e);

    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || sawFile) {
        fail(new MediaInputError(400, 'UNEXPECTED_FILE', `only one file, in a part named "file", is accepted (got "${name}")`));
        stream.resume();
        return;
      }
      sawFile = true;
      fileName = info.filename || null;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (!problem) chunks.push(chunk);
      });
      stream.on('limit', () => {
        chunks.length = 0;
        fail(new MediaInputError(413, 'FILE_TOO_LARGE', `the file is larger than the limit of ${maxBytes} bytes`, { limit: maxBytes }));
      });
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(new MediaInputError(400, 'FIELD_TOO_LONG', `the field "${name}" is too long`));
      else if ((UPLOAD_FIELDS as readonly string[]).includes(name)) fields[name] = value;
    });
    parser.on('filesLimit', () => fail(new MediaInputError(400, 'UNEXPECTED_FILE', 'only one file per upload')));
    parser.on('partsLimit', () => fail(new MediaInputError(400, 'BAD_MULTIPART', 'too many parts in the upload')));
    parser.on('fieldsLimit', () => fail(new MediaInputError(400, 'BAD_MULTIPART', 'too many fields in the upload')));
    parser.on('error', (e: Error) => {
      req.unpipe(parser);
      req.resume();
      reject(new MediaInputError(400, 'BAD_MULTIPART', `the multipart body is malformed (${e.message})`));
    });
    parser.on('close', () => {
      if (problem) return reject(problem);
      if (!sawFile) return reject(new MediaInputError(400, 'NO_FILE', 'the upload has no part named "file"'));
      if (size === 0) return reject(new MediaInputError(400, 'EMPTY_FILE', 'the file is empty (0 bytes)'));
      resolve({ data: Buffer.concat(chunks, size), fileName, fields });
    });
    req.pipe(parser);
  });
}

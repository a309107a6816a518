import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { DomainError } from '../../../common/errors/domain-error.js';
import { IntakeErrors } from '../intake.errors.js';
import type { SubmittedFile } from '../intake.service.js';

/**
 * Reads a request body into memory, refusing more than `limit` bytes: at once when the
 * declared Content-Length is larger, else as soon as the stream passes the limit (the rest
 * is not read; the server closes the connection).
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit)
    throw new DomainError(IntakeErrors.UPLOAD_TOO_LARGE, { limit });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.unpipe();
      throw new DomainError(IntakeErrors.UPLOAD_TOO_LARGE, { limit });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

export const MAX_FILES_PER_REQUEST = 200;

/** The files of a multipart/form-data body (fields are ignored), in the order sent. */
export function parseMultipart(body: Buffer, contentType: string): Promise<SubmittedFile[]> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: { 'content-type': contentType },
        limits: { files: MAX_FILES_PER_REQUEST, fields: 50 },
      });
    } catch {
      reject(new DomainError(IntakeErrors.UPLOAD_MULTIPART_INVALID));
      return;
    }
    const files: SubmittedFile[] = [];
    let tooMany = false;
    bb.on('file', (_field, stream, info) => {
      const parts: Buffer[] = [];
      stream.on('data', (d: Buffer) => parts.push(d));
      stream.on('end', () =>
        files.push({ content: Buffer.concat(parts), fileName: info.filename, contentType: info.mimeType }),
      );
    });
    bb.on('filesLimit', () => (tooMany = true));
    bb.on('error', () => reject(new DomainError(IntakeErrors.UPLOAD_MULTIPART_INVALID)));
    bb.on('close', () => {
      if (tooMany) reject(new DomainError(IntakeErrors.UPLOAD_TOO_MANY_FILES));
      else resolve(files.filter((f) => f.content.length > 0));
    });
    bb.end(body);
  });
}

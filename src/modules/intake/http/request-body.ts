import type { IncomingMessage, ServerResponse } from 'node:http';
import busboy from 'busboy';
import { DomainError, type DomainErrorSpec } from '../../../common/errors/domain-error.js';
import { IntakeErrors } from '../intake.errors.js';
import type { SubmittedFile } from '../intake.service.js';

/**
 * Reads a request body into memory, refusing more than `limit` bytes: at once when the
 * declared Content-Length is larger, else as soon as the stream passes the limit.
 *
 * Every way a body can go wrong ends as a DomainError (a 4xx answer), never as an error
 * event nobody listens to: an unhandled stream error is an uncaught exception, and that
 * ends the process — API, workers and mailboxes of every tenant. So:
 * - a body that ends early (the client aborts, the connection breaks) → UPLOAD_INCOMPLETE;
 * - a compressed body → refused (we store what was sent, and a gzip stream is no invoice);
 * - over the limit → UPLOAD_TOO_LARGE, and the connection closes after the answer instead
 *   of reading the rest: the request is not destroyed here, because that would destroy the
 *   socket before the 413 is written.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== '') {
    closeAfterAnswer(req);
    return Promise.reject(new DomainError(IntakeErrors.UPLOAD_CONTENT_ENCODING_UNSUPPORTED));
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    closeAfterAnswer(req);
    return Promise.reject(new DomainError(IntakeErrors.UPLOAD_TOO_LARGE, { limit }));
  }
  // Stays attached after we are done: a late error (the client aborts while the answer is
  // written) must still find a listener.
  req.on('error', ignore);
  if (req.complete && req.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stop();
        req.pause();
        closeAfterAnswer(req);
        reject(new DomainError(IntakeErrors.UPLOAD_TOO_LARGE, { limit }));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = () => {
      stop();
      reject(new DomainError(IntakeErrors.UPLOAD_INCOMPLETE));
    };
    // "close" without "end": the connection went away before the body was complete.
    const onClose = () => {
      stop();
      reject(new DomainError(IntakeErrors.UPLOAD_INCOMPLETE));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

function ignore(): void {
  // The error is answered (or the client is gone); see readBody.
}

/** Marks the answer as the last on this connection, so the unread rest of the body is dropped. */
function closeAfterAnswer(req: IncomingMessage): void {
  const res = (req as IncomingMessage & { res?: ServerResponse }).res;
  if (res && !res.headersSent) res.setHeader('Connection', 'close');
}

export const MAX_FILES_PER_REQUEST = 200;

/**
 * The files of a multipart/form-data body (fields are ignored), in the order sent. Any
 * defect — no or a wrong boundary, broken part headers, a form without its closing
 * boundary — rejects with UPLOAD_MULTIPART_INVALID. Busboy reports a truncated form twice,
 * on the parser and on the open part's own stream; both are listened to (the part's was
 * not, and its error ended the process).
 */
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
    let settled = false;
    const fail = (code: DomainErrorSpec) => {
      if (settled) return;
      settled = true;
      reject(new DomainError(code));
    };
    const files: SubmittedFile[] = [];
    let tooMany = false;
    bb.on('file', (_field, stream, info) => {
      const parts: Buffer[] = [];
      stream.on('data', (d: Buffer) => parts.push(d));
      stream.on('error', () => fail(IntakeErrors.UPLOAD_MULTIPART_INVALID));
      stream.on('end', () =>
        files.push({ content: Buffer.concat(parts), fileName: info.filename, contentType: info.mimeType }),
      );
    });
    bb.on('filesLimit', () => (tooMany = true));
    bb.on('error', () => fail(IntakeErrors.UPLOAD_MULTIPART_INVALID));
    bb.on('close', () => {
      if (tooMany) fail(IntakeErrors.UPLOAD_TOO_MANY_FILES);
      if (settled) return;
      settled = true;
      resolve(files.filter((f) => f.content.length > 0));
    });
    bb.end(body);
  });
}

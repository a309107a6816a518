import { once } from 'node:events';
import type { Response } from 'express';
import { safeFileName, safeMime } from '../../invoices/invoice-read.service.js';
import { ClientGoneError, type RecordFile, type ZipSink } from './records-query.service.js';

/**
 * How a filed document may be opened in the browser: a PDF as itself; text formats
 * (XML, HTML, JSON, CSV, an e-mail) as plain text, so that nothing in them runs or loads;
 * common images as themselves. Anything else is offered as a download only.
 */
export function inlineTypeOf(mediaType: string): string | undefined {
  const t = mediaType.split(';')[0].trim().toLowerCase();
  if (t === 'application/pdf') return 'application/pdf';
  if (/^(image\/(png|jpeg|gif|webp))$/.test(t)) return t;
  if (
    /^text\/(plain|xml|html|csv|markdown)$/.test(t) ||
    /^application\/(xml|json|xhtml\+xml|[a-z0-9.+-]+\+(xml|json))$/.test(t) ||
    t === 'message/rfc822'
  )
    return 'text/plain; charset=utf-8';
  return undefined;
}

/** Nothing shown inline may run, load or submit anything. */
const INLINE_CSP =
  "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox";
/**
 * A PDF is shown by the browser's own viewer, which Chromium runs as a plugin in a frame of
 * a page it makes up with inline styles: `sandbox`, `object-src 'none'` or no inline styles
 * leave it blank. Its content still cannot run script in this origin (no `script-src`).
 */
const PDF_CSP =
  "default-src 'none'; object-src 'self'; frame-src 'self'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'self'";

function digestHeader(sha256: string): string {
  return `sha-256=:${Buffer.from(sha256, 'hex').toString('base64')}:`;
}

/**
 * Sends a verified document: as a download (`attachment`, its own inactive media type), or
 * `inline` for opening in the browser where `inlineTypeOf` allows it (otherwise a download
 * too). Never sniffed, never cached; `Repr-Digest` (RFC 9530) carries the filed sha256.
 */
export function sendRecordFile(res: Response, file: RecordFile, mode: 'download' | 'inline'): void {
  const d = file.document;
  const inline = mode === 'inline' ? inlineTypeOf(d.mediaType) : undefined;
  res.attachment(safeFileName(d.name, `dokument-${d.position}`));
  const headers: Record<string, string> = {
    'Content-Type': inline ?? safeMime(d.mediaType),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'Repr-Digest': digestHeader(d.sha256),
  };
  if (inline) {
    const disposition = res.getHeader('Content-Disposition');
    if (typeof disposition === 'string')
      headers['Content-Disposition'] = disposition.replace(/^attachment/, 'inline');
    headers['Content-Security-Policy'] = inline === 'application/pdf' ? PDF_CSP : INLINE_CSP;
  }
  res.status(200).set(headers).send(file.content);
}

/** A ZIP sink writing to an HTTP response, with back-pressure; `abort` cuts the connection so the archive cannot look complete. */
export function responseZipSink(res: Response): ZipSink {
  return {
    begin(fileName) {
      res.status(200);
      res.attachment(fileName);
      res.set({
        'Content-Type': 'application/zip',
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      });
      res.flushHeaders();
    },
    async write(chunk) {
      if (res.destroyed) throw new ClientGoneError();
      if (!res.write(chunk)) {
        const stop = new AbortController();
        await Promise.race([
          once(res, 'drain', { signal: stop.signal }),
          once(res, 'close', { signal: stop.signal }),
        ]).finally(() => stop.abort());
        if (res.destroyed) throw new ClientGoneError();
      }
    },
    end() {
      res.end();
    },
    abort() {
      // Without the terminating chunk the client sees a broken transfer, not an archive.
      res.destroy();
    },
  };
}

import type { Request } from 'express';
import { DomainError } from '../../../common/errors/domain-error.js';
import { parseMultipart, readBody } from '../../intake/http/request-body.js';
import { AccountsErrors } from './accounts.errors.js';
import { CSV_MAX_BYTES } from './chart-csv.js';

/** Room for the part headers and boundaries of a multipart form around a 10 MB file. */
const MULTIPART_OVERHEAD = 64 * 1024;

const CSV_TYPES = new Set(['text/csv', 'application/csv', 'text/plain', 'application/octet-stream']);

export interface UploadedCsv {
  readonly content: Buffer;
  readonly fileName: string | null;
}

/**
 * The chart file of an upload request: the body itself (`text/csv`; also `text/plain` and
 * `application/octet-stream`, as tools send them) or the first file of a
 * `multipart/form-data` form. Read only here, after authentication, up to the limit.
 */
export async function readUploadedCsv(req: Request): Promise<UploadedCsv> {
  const contentType = req.headers['content-type'] ?? '';
  const type = contentType.toLowerCase().split(';')[0].trim();
  const multipart = type === 'multipart/form-data';
  if (!multipart && !CSV_TYPES.has(type)) throw new DomainError(AccountsErrors.ACCOUNTS_CSV_MEDIA_TYPE);
  const body = await readBody(req, CSV_MAX_BYTES + (multipart ? MULTIPART_OVERHEAD : 0)).catch(
    (err: unknown) => {
      if (err instanceof DomainError && err.code === 'UPLOAD_TOO_LARGE')
        throw new DomainError(AccountsErrors.ACCOUNTS_CSV_TOO_LARGE, { limit: CSV_MAX_BYTES });
      throw err;
    },
  );
  if (!multipart) {
    const cd = req.headers['content-disposition'];
    const m = typeof cd === 'string' ? /filename="?([^";]+)"?/i.exec(cd) : null;
    return { content: body, fileName: m?.[1] ?? null };
  }
  const [file] = await parseMultipart(body, contentType);
  return { content: file?.content ?? Buffer.alloc(0), fileName: file?.fileName || null };
}

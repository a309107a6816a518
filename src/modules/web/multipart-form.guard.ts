import type { CanActivate, ExecutionContext } from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';
import { CommonErrors } from '../../common/errors/common.errors.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { readBody } from '../intake/http/request-body.js';
import { IntakeErrors } from '../intake/intake.errors.js';
import { csrfTokenMatches } from './csrf.js';
import { WebErrors } from './web.errors.js';

export interface UploadedFormFile {
  readonly field: string;
  readonly fileName: string;
  readonly content: Buffer;
}

/** A request whose multipart form `MultipartFormGuard` has read: fields on `body`, files here. */
export type MultipartFormRequest = Request & { uploadedFiles?: UploadedFormFile[] };

/** The fields and files of a buffered multipart/form-data body; any defect is UPLOAD_MULTIPART_INVALID. */
export function parseMultipartForm(
  body: Buffer,
  contentType: string,
): Promise<{ fields: Record<string, string>; files: UploadedFormFile[] }> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: { 'content-type': contentType },
        limits: { files: 5, fields: 20, fieldSize: 4096 },
      });
    } catch {
      reject(new DomainError(IntakeErrors.UPLOAD_MULTIPART_INVALID));
      return;
    }
    const fields: Record<string, string> = {};
    const files: UploadedFormFile[] = [];
    let failed = false;
    const fail = () => {
      if (failed) return;
      failed = true;
      reject(new DomainError(IntakeErrors.UPLOAD_MULTIPART_INVALID));
    };
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (field, stream, info) => {
      const parts: Buffer[] = [];
      stream.on('data', (d: Buffer) => parts.push(d));
      stream.on('error', fail);
      stream.on('end', () =>
        files.push({ field, fileName: info.filename ?? '', content: Buffer.concat(parts) }),
      );
    });
    bb.on('error', fail);
    bb.on('close', () => {
      if (!failed) resolve({ fields, files });
    });
    bb.end(body);
  });
}

/**
 * `CsrfGuard` for a form with a file (`enctype="multipart/form-data"`), which the
 * urlencoded parser leaves unread: reads the body up to `limit` bytes (only after the
 * access guard let the request through), puts the form's fields on `req.body` and its files
 * on `req.uploadedFiles`, then refuses the request unless its CSRF field matches. Used as
 * an instance (`@UseGuards(new MultipartFormGuard(limit))`).
 */
export class MultipartFormGuard implements CanActivate {
  constructor(private readonly limit: number) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<MultipartFormRequest>();
    const contentType = req.headers['content-type'] ?? '';
    if (contentType.toLowerCase().split(';')[0].trim() !== 'multipart/form-data')
      throw new DomainError(CommonErrors.UNSUPPORTED_MEDIA_TYPE, { accepted: ['multipart/form-data'] });
    const { fields, files } = await parseMultipartForm(await readBody(req, this.limit), contentType);
    req.body = fields;
    req.uploadedFiles = files;
    if (!csrfTokenMatches(req)) throw new DomainError(WebErrors.WEB_CSRF_INVALID);
    return true;
  }
}

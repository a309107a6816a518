import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DomainError } from '../../../common/errors/domain-error.js';
import { INVOICE_STATUSES, type InvoiceStatus } from '../../invoices/invoice-status.js';
import { IntakeErrors } from '../intake.errors.js';

export const SUBMISSIONS_DEFAULT_LIMIT = 50;
export const SUBMISSIONS_MAX_LIMIT = 200;

/** `2026-11-15` (00:00 UTC) or a date-time with its offset, `2026-11-15T08:30:00+01:00`. */
const INSTANT = /^[1-9]\d{3}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** Four-digit years only, after any offset: what every database and client reads alike. */
const MIN_MS = Date.UTC(1000, 0, 1);
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** The query of `GET /api/v1/invoices`, checked: each bad parameter is named in the error. */
export class ListSubmissionsQuery {
  statuses?: InvoiceStatus[];
  receivedFrom?: string;
  receivedBefore?: string;
  number?: string;
  limit: number = SUBMISSIONS_DEFAULT_LIMIT;
  cursor?: string;

  static parse(query: Record<string, unknown>): ListSubmissionsQuery {
    const q = new ListSubmissionsQuery();
    const status = query.status;
    if (status !== undefined) {
      // `?status=a,b` and `?status=a&status=b` alike.
      const values = (Array.isArray(status) ? status : [status]).flatMap((v) =>
        typeof v === 'string' ? v.split(',') : [null],
      );
      if (!values.every((v): v is InvoiceStatus => INVOICE_STATUSES.includes(v as InvoiceStatus)))
        throw invalid('status');
      q.statuses = [...new Set(values)];
    }
    q.receivedFrom = instant(query, 'receivedFrom');
    q.receivedBefore = instant(query, 'receivedBefore');
    if (query.number !== undefined) {
      if (typeof query.number !== 'string' || query.number.length === 0 || query.number.length > 200)
        throw invalid('number');
      q.number = query.number;
    }
    if (query.limit !== undefined) {
      const n = typeof query.limit === 'string' && /^\d{1,4}$/.test(query.limit) ? Number(query.limit) : NaN;
      if (!(n >= 1 && n <= SUBMISSIONS_MAX_LIMIT)) throw invalid('limit');
      q.limit = n;
    }
    if (query.cursor !== undefined) {
      if (typeof query.cursor !== 'string' || query.cursor.length > 200) throw invalid('cursor');
      q.cursor = query.cursor;
    }
    return q;
  }
}

function invalid(parameter: string): DomainError {
  return new DomainError(IntakeErrors.SUBMISSIONS_QUERY_INVALID, { parameter });
}

function instant(query: Record<string, unknown>, name: string): string | undefined {
  const v = query[name];
  if (v === undefined) return undefined;
  const parsed = typeof v === 'string' ? parseInstant(v) : null;
  if (parsed === null) throw invalid(name);
  return parsed;
}

/**
 * An ISO 8601 date (00:00 UTC) or date-time with offset, as the database reads it; null
 * when it is none. Kept as given (a Date would cut microseconds).
 */
export function parseInstant(v: string): string | null {
  if (!INSTANT.test(v)) return null;
  // The pattern admits 2026-02-31 and 25:00; Date.parse admits the first, not the second.
  const [y, m, d] = v.slice(0, 10).split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  const ms = Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v);
  if (day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d || !(ms >= MIN_MS && ms <= MAX_MS)) return null;
  return v.length === 10 ? `${v}T00:00:00Z` : v;
}

export class SubmittedInvoiceDataDto {
  @ApiProperty({ description: 'Invoice number (BT-1)' })
  number: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: '2026-11-15' })
  issueDate: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  seller: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: '1234.56' })
  amountDue: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'EUR' })
  currency: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Buyer reference (BT-10), the Leitweg-ID',
  })
  buyerReference: string | null;
}

export class SubmissionDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: INVOICE_STATUSES })
  status: InvoiceStatus;

  @ApiProperty({ description: 'The public status page of the invoice' })
  statusUrl: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  fileName: string | null;

  @ApiProperty({ format: 'date-time' })
  receivedAt: string;

  @ApiPropertyOptional({
    nullable: true,
    type: SubmittedInvoiceDataDto,
    description: 'What was read from the invoice; null until it was extracted (or when it could not be)',
  })
  invoice: SubmittedInvoiceDataDto | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' })
  duplicateOf: string | null;
}

export class SubmissionListDto {
  @ApiProperty({ type: SubmissionDto, isArray: true, description: 'Newest first' })
  items: SubmissionDto[];

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` (with the same filters) for the next page; null on the last page',
  })
  nextCursor: string | null;
}

import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError } from '../../../common/errors/domain-error.js';
import { CurrentPrincipal, type Principal, Roles } from '../../auth/auth.contract.js';
import { parseInstant } from '../dto/submission-list.dto.js';
import { IntakeErrors } from '../intake.errors.js';
import { INVOICE_RESPONSE_CODES, type InvoiceResponseCode } from './invoice-response.js';
import { SupplierReturnRepository } from './supplier-return.repository.js';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;

export class InvoiceResponseDto {
  @ApiProperty({ format: 'uuid', description: 'The response id (cbc:ID of the document)' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  invoiceId: string;

  @ApiProperty({ format: 'uuid', description: 'The delivery (SBDH) the invoice came with' })
  messageId: string;

  @ApiProperty({ enum: INVOICE_RESPONSE_CODES, description: 'UNCL4343 subset: RE = returned/rejected' })
  responseCode: InvoiceResponseCode;

  @ApiProperty({ description: 'The invoice number answered (BT-1)' })
  documentReference: string;

  @ApiProperty({ description: 'ISO 8601 with microseconds (UTC)', example: '2026-11-21T09:30:05.123456Z' })
  createdAt: string;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'When it was POSTed to the callback of the access point; null when not (yet)',
  })
  deliveredAt: Date | null;

  @ApiProperty({ description: 'GET this for the document (application/xml)' })
  href: string;
}

export class InvoiceResponseListDto {
  @ApiProperty({ type: InvoiceResponseDto, isArray: true, description: 'Oldest first' })
  items: InvoiceResponseDto[];

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description:
      'Pass as `since` for the next page (the `createdAt` of the last item; that item comes again, skip it by id); null when this page was not full',
  })
  nextSince: string | null;
}

/**
 * The Peppol BIS Invoice Responses (UBL ApplicationResponse, T111) the platform issued to
 * suppliers who sent by Peppol — e.g. RE when an approver returned the invoice — for the
 * tenant's access point to fetch and forward. Tenant-scoped: another tenant's response is
 * not found. The same documents are POSTed to the access point's callback when it has one.
 */
@ApiTags('peppol')
@Controller('api/v1/peppol/invoice-responses')
@Roles('access-point')
export class InvoiceResponsesController {
  constructor(private readonly returns: SupplierReturnRepository) {}

  @Get()
  @ApiOperation({
    summary: 'The Invoice Responses issued by the tenant, oldest first',
    description:
      '`since` (ISO 8601 instant, inclusive) lists those created at or after it; `limit` 1–500 (default 100). ' +
      'Poll with the `nextSince` of the last page and skip ids already seen.',
  })
  @ApiQuery({ name: 'since', required: false, type: String, example: '2026-11-21T09:30:05.123456Z' })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiOkResponse({ type: InvoiceResponseListDto })
  async list(
    @CurrentPrincipal() p: Principal,
    @Query('since') since: unknown,
    @Query('limit') limit: unknown,
  ): Promise<InvoiceResponseListDto> {
    const invalid = (parameter: string) =>
      new DomainError(IntakeErrors.INVOICE_RESPONSES_QUERY_INVALID, { parameter });
    let from: string | undefined;
    if (since !== undefined) {
      const parsed = typeof since === 'string' ? parseInstant(since) : null;
      if (parsed === null) throw invalid('since');
      from = parsed;
    }
    let n = DEFAULT_LIMIT;
    if (limit !== undefined) {
      n = typeof limit === 'string' && /^\d{1,4}$/.test(limit) ? Number(limit) : NaN;
      if (!(n >= 1 && n <= MAX_LIMIT)) throw invalid('limit');
    }
    const rows = await this.returns.listResponses(p.tenantId, from, n);
    return {
      items: rows.map((r) => ({
        id: r.id,
        invoiceId: r.invoiceId,
        messageId: r.messageId,
        responseCode: r.code,
        documentReference: r.documentReference,
        createdAt: r.createdAt,
        deliveredAt: r.deliveredAt,
        href: `/api/v1/peppol/invoice-responses/${r.id}`,
      })),
      nextSince: rows.length === n ? rows[rows.length - 1].createdAt : null,
    };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One Invoice Response document (UBL 2.1 ApplicationResponse)' })
  @ApiProduces('application/xml')
  @ApiOkResponse({ description: 'The XML document' })
  async get(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const response = await this.returns.getResponse(p.tenantId, id);
    if (!response) throw new DomainError(IntakeErrors.INVOICE_RESPONSE_NOT_FOUND);
    res.type('application/xml; charset=utf-8');
    return response.xml;
  }
}

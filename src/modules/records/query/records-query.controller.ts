import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { actorOf } from '../../auth/actor.js';
import { CurrentPrincipal, type Principal, Roles } from '../../auth/auth.contract.js';
import { responseZipSink, sendRecordFile } from './record-responses.js';
import { RecordsQueryService } from './records-query.service.js';
import type { VorgangDetail, VorgangPage } from './records-query.types.js';

/**
 * The case record for reading: search over the tenant's Vorgänge, one Vorgang with its
 * documents, a document's content and the whole Vorgang as a ZIP with a manifest. For the
 * staff who keep or check the books (admin, treasury, auditor). Another tenant's Vorgang or
 * document is "not found", exactly as an unknown id.
 */
@ApiTags('records')
@Controller('api/v1/records')
@Roles('admin', 'treasury', 'auditor')
export class RecordsQueryController {
  constructor(private readonly records: RecordsQueryService) {}

  @Get('vorgaenge')
  @ApiOperation({
    summary: 'Search the Vorgänge of the case record, newest filing first',
    description:
      'Every given criterion must hold. `aktenzeichen`: the beginning of the Aktenzeichen; `number`: the invoice ' +
      'number (BT-1) or its beginning; `supplier`: part of the supplier name or its VAT id; `amount` (exact) or ' +
      '`amountFrom` / `amountTo` (the amount due, decimal point or comma); `from` / `to` (ISO dates, inclusive) ' +
      'bound the invoice date, or the day of filing with `dateField=filed`. `page` from 1, `limit` 1–100 (25). ' +
      'Bad criteria: 400 `RECORDS_SEARCH_INVALID` with the fields.',
  })
  @ApiQuery({ name: 'aktenzeichen', required: false })
  @ApiQuery({ name: 'number', required: false })
  @ApiQuery({ name: 'supplier', required: false })
  @ApiQuery({ name: 'amount', required: false, example: '1190.00' })
  @ApiQuery({ name: 'amountFrom', required: false })
  @ApiQuery({ name: 'amountTo', required: false })
  @ApiQuery({ name: 'dateField', required: false, enum: ['invoice', 'filed'] })
  @ApiQuery({ name: 'from', required: false, example: '2026-01-01' })
  @ApiQuery({ name: 'to', required: false, example: '2026-12-31' })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'limit', required: false })
  search(@CurrentPrincipal() p: Principal, @Query() q: Record<string, unknown>): Promise<VorgangPage> {
    return this.records.search(p.tenantId, q);
  }

  @Get('vorgaenge/:id')
  @ApiOperation({ summary: 'One Vorgang: its Akte, its invoice and its filed documents (metadata)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  get(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<VorgangDetail> {
    return this.records.get(p.tenantId, id);
  }

  @Get('vorgaenge/:id/zip')
  @ApiOperation({
    summary: 'The whole Vorgang as a ZIP: manifest.json, MANIFEST.txt and every document',
    description:
      'Streamed. Every document is checked against its sha256 before it is written; a document that fails ' +
      'before the first byte answers 500 `RECORDS_DOCUMENT_INTEGRITY_FAILED` / `RECORDS_DOCUMENT_CONTENT_MISSING`, ' +
      'later the transfer is cut off (the archive then has no central directory). 409 `RECORDS_VORGANG_NOT_FILED` ' +
      'while the filing job has not filed it.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiProduces('application/zip')
  async zip(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Res() res: Response): Promise<void> {
    await this.records.streamZip(p.tenantId, id, actorOf(p), responseZipSink(res));
  }

  @Get('documents/:id/content')
  @ApiOperation({
    summary: 'The content of a filed document, checked against its sha256 (sent as `Repr-Digest`)',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiProduces('application/octet-stream')
  async content(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Res() res: Response,
  ): Promise<void> {
    sendRecordFile(res, await this.records.openDocument(p.tenantId, id, actorOf(p)), 'download');
  }
}

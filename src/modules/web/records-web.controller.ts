import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal, Roles, WebPages } from '../auth/auth.contract.js';
import { responseZipSink, sendRecordFile } from '../records/query/record-responses.js';
import { RecordsQueryService } from '../records/query/records-query.service.js';
import { parseVorgangSearch } from '../records/query/vorgang-search.js';
import { recordsMessagesFor } from './i18n/records.messages.js';
import { PageRenderer } from './page.renderer.js';
import { recordsSearchView, vorgangView } from './views/records.view.js';
import { WebExceptionFilter } from './web-exception.filter.js';

/**
 * The case record for staff: `/records` (search and results), `/records/:id` (a Vorgang
 * with its documents), `/records/:id/zip` (the whole Vorgang), and each document to view
 * (`/records/documents/:id`, inline where that is safe) or download. For admin, treasury
 * and auditor, as the API. Another tenant's Vorgang or document is "not found".
 */
@Controller('records')
@WebPages()
@UseFilters(WebExceptionFilter)
@ApiExcludeController()
@Roles('admin', 'treasury', 'auditor')
export class RecordsWebController {
  constructor(
    private readonly records: RecordsQueryService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async search(@CurrentPrincipal() p: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const ctx = this.pages.context(req, res);
    const rm = recordsMessagesFor(ctx.m.lang);
    const query = req.query as Record<string, unknown>;
    const parsed = parseVorgangSearch(query);
    // Bad criteria are shown on the form (400), not as an error page.
    const result = parsed.invalid.length === 0 ? await this.records.search(p.tenantId, query) : null;
    this.pages.send(req, res, ctx, parsed.invalid.length === 0 ? 200 : 400, {
      title: parsed.invalid.length === 0 ? rm.title : `${ctx.m.error.title}: ${rm.title}`,
      body: recordsSearchView(ctx.m, rm, {
        values: parsed.values,
        invalid: parsed.invalid,
        result,
        page: parsed.page,
        limit: parsed.search.limit,
      }),
      user: await this.pages.userOf(p),
    });
  }

  @Get('documents/:documentId')
  async view(
    @CurrentPrincipal() p: Principal,
    @Param('documentId') documentId: string,
    @Res() res: Response,
  ): Promise<void> {
    sendRecordFile(res, await this.records.openDocument(p.tenantId, documentId, actorOf(p)), 'inline');
  }

  @Get('documents/:documentId/download')
  async download(
    @CurrentPrincipal() p: Principal,
    @Param('documentId') documentId: string,
    @Res() res: Response,
  ): Promise<void> {
    sendRecordFile(res, await this.records.openDocument(p.tenantId, documentId, actorOf(p)), 'download');
  }

  @Get(':id')
  async vorgang(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const v = await this.records.get(p.tenantId, id);
    const ctx = this.pages.context(req, res);
    const rm = recordsMessagesFor(ctx.m.lang);
    this.pages.send(req, res, ctx, 200, {
      title: rm.detail.title(v.aktenzeichen),
      body: vorgangView(ctx.m, rm, v),
      user: await this.pages.userOf(p),
    });
  }

  @Get(':id/zip')
  async zip(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Res() res: Response): Promise<void> {
    await this.records.streamZip(p.tenantId, id, actorOf(p), responseZipSink(res));
  }
}

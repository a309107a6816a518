import { Controller, Get, Param, ParseUUIDPipe, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { actorOf } from '../../../auth/actor.js';
import { CurrentPrincipal, type Principal, Roles, WebPages } from '../../../auth/auth.contract.js';
import { CsrfGuard } from '../../../web/csrf.guard.js';
import { PageRenderer } from '../../../web/page.renderer.js';
import { WebExceptionFilter } from '../../../web/web-exception.filter.js';
import { redirect } from '../../../web/web-request.js';
import { DomainError } from '../../../../common/errors/domain-error.js';
import { RecordsExportErrors } from '../records-export.errors.js';
import { EXPORT_STATES, type ExportState } from '../records-export.repository.js';
import { RecordsExportService } from '../records-export.service.js';
import { exportsMessagesFor } from './records-exports.messages.js';
import { exportsView } from './records-exports.view.js';

/** The admin's page of DMS exports: list by state, and a failed export tried again at once. */
@Controller('admin/records/exports')
@WebPages()
@UseFilters(WebExceptionFilter)
@ApiExcludeController()
@Roles('admin')
export class RecordsExportsWebController {
  constructor(
    private readonly exports: RecordsExportService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async list(@CurrentPrincipal() p: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const ctx = this.pages.context(req, res);
    const mm = exportsMessagesFor(ctx.m.lang);
    const state: ExportState | undefined = EXPORT_STATES.find((s) => s === req.query.state);
    const rows = await this.exports.list(p.tenantId, state);
    this.pages.send(req, res, ctx, 200, {
      title: mm.title,
      body: exportsView(
        ctx.m.lang,
        mm,
        ctx.csrfToken,
        rows,
        state,
        req.query.done === 'retry' ? mm.retried : undefined,
      ),
      user: await this.pages.userOf(p),
    });
  }

  @Post(':id/retry')
  @UseGuards(CsrfGuard)
  async retry(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const e = await this.exports.retry(p.tenantId, id, actorOf(p));
    if (!e) throw new DomainError(RecordsExportErrors.EXPORT_NOT_RETRYABLE);
    redirect(res, '/admin/records/exports?done=retry');
  }
}

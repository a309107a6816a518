import { Controller, Get, Param, ParseUUIDPipe, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal, Roles, WebPages } from '../auth/auth.contract.js';
import { InvoiceRevalidation } from '../invoices/invoice-revalidation.js';
import { CsrfGuard } from './csrf.guard.js';
import { PageRenderer } from './page.renderer.js';
import { revalidationTexts, revalidationView } from './views/revalidation.view.js';
import { WebExceptionFilter } from './web-exception.filter.js';
import { redirect } from './web-request.js';

/**
 * The admin page that sends invoices refused for an internal reason through validation
 * again (the same service as `POST /api/v1/admin/invoices/:id/revalidate`).
 */
@Controller('admin/revalidation')
@WebPages()
@UseFilters(WebExceptionFilter)
@ApiExcludeController()
@Roles('admin')
export class RevalidationWebController {
  constructor(
    private readonly revalidation: InvoiceRevalidation,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async list(@CurrentPrincipal() p: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const ctx = this.pages.context(req, res);
    const rows = await this.revalidation.candidates(p.tenantId);
    this.pages.send(req, res, ctx, 200, {
      title: revalidationTexts(ctx.m).title,
      body: revalidationView(ctx.m, ctx.csrfToken, rows, req.query.done === '1'),
      user: await this.pages.userOf(p),
    });
  }

  @Post(':id')
  @UseGuards(CsrfGuard)
  async revalidate(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.revalidation.revalidate({ tenantId: p.tenantId, invoiceId: id, actor: actorOf(p) });
    redirect(res, '/admin/revalidation?done=1');
  }
}

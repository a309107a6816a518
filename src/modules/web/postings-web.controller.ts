import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, type Principal, Roles, WebPages } from '../auth/auth.contract.js';
import { PostingsService } from '../postings/postings.service.js';
import { postingsMessagesFor } from './i18n/postings.messages.js';
import { PageRenderer } from './page.renderer.js';
import { postingsView } from './views/postings.view.js';
import { WebExceptionFilter } from './web-exception.filter.js';

/** `/admin/postings`: overdue acknowledgements and unmatched creditors, for admins. */
@Controller('admin/postings')
@WebPages()
@UseFilters(WebExceptionFilter)
@ApiExcludeController()
@Roles('admin')
export class PostingsWebController {
  constructor(
    private readonly postings: PostingsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async page(@CurrentPrincipal() p: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const ctx = this.pages.context(req, res);
    const pm = postingsMessagesFor(ctx.m.lang);
    const overdue = await this.postings.overdue(p.tenantId, 200);
    const unmatched = await this.postings.unmatchedCreditors(p.tenantId);
    this.pages.send(req, res, ctx, 200, {
      title: pm.title,
      body: postingsView(ctx.m, pm, {
        alertHours: overdue.alertHours,
        overdueTotal: overdue.total,
        overdue: overdue.postings,
        unmatched,
      }),
      user: await this.pages.userOf(p),
    });
  }
}

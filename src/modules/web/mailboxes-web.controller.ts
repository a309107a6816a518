import { Controller, Get, Param, ParseUUIDPipe, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal, Roles, WebPages } from '../auth/auth.contract.js';
import { mailboxErrorText } from '../intake/mail/mail.errors.js';
import type { Mailbox } from '../intake/mail/mailbox.repository.js';
import { MailboxService } from '../intake/mail/mailbox.service.js';
import type { Lang } from '../../common/errors/domain-error.js';
import { CsrfGuard } from './csrf.guard.js';
import { type MailboxNotice, mailboxMessagesFor } from './i18n/mailboxes.messages.js';
import { PageRenderer } from './page.renderer.js';
import { mailboxesView, removeMailboxView, type MailboxRow } from './views/mailboxes.view.js';
import { WebExceptionFilter } from './web-exception.filter.js';
import { redirect } from './web-request.js';

const NOTICES: readonly MailboxNotice[] = ['disabled', 'enabled', 'removed'];

const row = (mb: Mailbox, lang: Lang): MailboxRow => ({
  id: mb.id,
  name: mb.name,
  host: mb.host,
  port: mb.port,
  secure: mb.secure,
  username: mb.username,
  folder: mb.folder,
  enabled: mb.enabled,
  lastPolledAt: mb.lastPolledAt,
  lastError: mailboxErrorText(mb.lastError, lang),
});

/**
 * The admin's mailbox page: list, disable / enable, remove (after a confirmation page).
 * Each action is a form post with a CSRF token and goes through `MailboxService`, the same
 * path (audit, poller) as the API.
 */
@Controller('admin/mailboxes')
@WebPages()
@UseFilters(WebExceptionFilter)
@ApiExcludeController()
@Roles('admin')
export class MailboxesWebController {
  constructor(
    private readonly mailboxes: MailboxService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async list(@CurrentPrincipal() p: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const ctx = this.pages.context(req, res);
    const mm = mailboxMessagesFor(ctx.m.lang);
    const done = NOTICES.find((n) => n === req.query.done);
    const rows = (await this.mailboxes.list(p.tenantId)).map((mb) => row(mb, ctx.m.lang));
    this.pages.send(req, res, ctx, 200, {
      title: mm.title,
      body: mailboxesView(ctx.m, mm, ctx.csrfToken, rows, done && mm.notices[done]),
      user: await this.pages.userOf(p),
    });
  }

  @Post(':id/disable')
  @UseGuards(CsrfGuard)
  async disable(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.mailboxes.setEnabled(p.tenantId, id, false, actorOf(p));
    redirect(res, '/admin/mailboxes?done=disabled');
  }

  @Post(':id/enable')
  @UseGuards(CsrfGuard)
  async enable(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.mailboxes.setEnabled(p.tenantId, id, true, actorOf(p));
    redirect(res, '/admin/mailboxes?done=enabled');
  }

  @Get(':id/remove')
  async removeForm(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const mb = await this.mailboxes.get(p.tenantId, id);
    const ctx = this.pages.context(req, res);
    const mm = mailboxMessagesFor(ctx.m.lang);
    this.pages.send(req, res, ctx, 200, {
      title: mm.removeTitle,
      body: removeMailboxView(mm, ctx.csrfToken, row(mb, ctx.m.lang)),
      user: await this.pages.userOf(p),
    });
  }

  @Post(':id/remove')
  @UseGuards(CsrfGuard)
  async remove(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.mailboxes.remove(p.tenantId, id, actorOf(p));
    redirect(res, '/admin/mailboxes?done=removed');
  }
}

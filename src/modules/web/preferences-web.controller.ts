import { Body, Controller, Get, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppConfig } from '../../config/app-config.js';
import {
  Authenticated,
  CurrentPrincipal,
  FormBody,
  type Principal,
  WebPages,
} from '../auth/auth.contract.js';
import { UserService } from '../auth/user.service.js';
import { CsrfGuard } from './csrf.guard.js';
import { preferencesMessagesFor } from './i18n/preferences.messages.js';
import { PageRenderer } from './page.renderer.js';
import type { FormProblem } from './views/form.view.js';
import { preferencesView } from './views/preferences.view.js';
import { WebExceptionFilter } from './web-exception.filter.js';
import { redirect } from './web-request.js';

/**
 * The own notification settings (`/preferences`): the language of one's mails and the daily
 * digest. Saved through `UserService.setPreferences`, the same path (audit) as
 * `PATCH /api/v1/me/preferences`.
 */
@Controller('preferences')
@WebPages()
@UseFilters(WebExceptionFilter)
@ApiExcludeController()
@Authenticated()
export class PreferencesWebController {
  constructor(
    private readonly users: UserService,
    private readonly pages: PageRenderer,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async form(@CurrentPrincipal() p: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.users.get(p.tenantId, p.id);
    const ctx = this.pages.context(req, res);
    const pm = preferencesMessagesFor(ctx.m.lang);
    this.pages.send(req, res, ctx, 200, {
      title: pm.title,
      body: preferencesView(
        ctx.m,
        pm,
        ctx.csrfToken,
        { lang: user.lang, digest: user.digest, digestHour: this.config.get('DIGEST_HOUR') },
        [],
        req.query.saved === '1' ? pm.saved : undefined,
      ),
      user: await this.pages.userOf(p),
    });
  }

  @Post()
  @FormBody()
  @UseGuards(CsrfGuard)
  async save(
    @CurrentPrincipal() p: Principal,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const lang = body.lang;
    const digest = body.digest === 'on';
    if (lang === 'de' || lang === 'en') {
      await this.users.setPreferences(p.tenantId, p.id, { lang, digest });
      return redirect(res, '/preferences?saved=1');
    }
    const ctx = this.pages.context(req, res);
    const pm = preferencesMessagesFor(ctx.m.lang);
    const problems: FormProblem[] = [{ field: 'lang-de', text: pm.langInvalid }];
    const current = await this.users.get(p.tenantId, p.id);
    this.pages.send(req, res, ctx, 400, {
      title: `${ctx.m.error.title}: ${pm.title}`,
      body: preferencesView(
        ctx.m,
        pm,
        ctx.csrfToken,
        { lang: current.lang, digest, digestHour: this.config.get('DIGEST_HOUR') },
        problems,
      ),
      user: await this.pages.userOf(p),
    });
  }
}

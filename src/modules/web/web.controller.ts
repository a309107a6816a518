import { Body, Controller, Get, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError } from '../../common/errors/domain-error.js';
import { LoginRateLimit } from '../../common/http/rate-limit.js';
import { AppConfig } from '../../config/app-config.js';
import {
  Authenticated,
  CurrentPrincipal,
  FormBody,
  PasswordChangeRoute,
  Public,
  type Principal,
  SESSION_COOKIE,
  WebPages,
} from '../auth/auth.contract.js';
import { credentialOf } from '../auth/access.guard.js';
import { AuthService } from '../auth/auth.service.js';
import { sessionCookieOptions } from '../auth/session-cookie.js';
import { MIN_PASSWORD_LENGTH } from '../auth/auth.policy.js';
import { CsrfGuard } from './csrf.guard.js';
import type { SafeHtml } from './html.js';
import type { WebMessages } from './i18n/messages.js';
import { rotateCsrfToken } from './csrf.js';
import { PageRenderer } from './page.renderer.js';
import type { LoginProblem } from './views/login.view.js';
import { signOutView } from './views/message.view.js';
import { passwordView, type PasswordProblem } from './views/password.view.js';
import { WebExceptionFilter } from './web-exception.filter.js';
import { redirect, safeLocalPath } from './web-request.js';

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * The server-rendered staff UI: sign-in, sign-out and one's own password (the inbox is the
 * approval controller's). Form
 * posts carry a CSRF token; failures render as pages (`WebExceptionFilter`), never as JSON.
 */
@Controller()
@UseFilters(WebExceptionFilter)
@WebPages()
@ApiExcludeController()
export class WebController {
  constructor(
    private readonly auth: AuthService,
    private readonly pages: PageRenderer,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  root(@CurrentPrincipal() principal: Principal | undefined, @Res() res: Response): void {
    redirect(res, principal?.kind === 'user' ? '/inbox' : '/login');
  }

  @Get('login')
  @Public()
  loginForm(
    @CurrentPrincipal() principal: Principal | undefined,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): void {
    const next = safeLocalPath(query.next);
    // First, so that a `?lang=` is remembered even when a signed-in user is sent on.
    const ctx = this.pages.context(req, res);
    if (principal?.kind === 'user') return redirect(res, next ?? '/inbox');
    const notice =
      query.signedOut === '1'
        ? ctx.m.login.signedOut
        : query.expired === '1'
          ? ctx.m.login.sessionExpired
          : undefined;
    this.pages.sendLogin(req, res, 200, { next, notice }, ctx);
  }

  @Post('login')
  @Public()
  @FormBody()
  @LoginRateLimit()
  @UseGuards(CsrfGuard)
  async login(
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const email = text(body.email).trim();
    const password = text(body.password);
    const next = safeLocalPath(body.next);
    const ctx = this.pages.context(req, res);
    const missing: LoginProblem[] = [];
    if (!email) missing.push({ field: 'email', text: ctx.m.login.emailMissing });
    if (!password) missing.push({ field: 'password', text: ctx.m.login.passwordMissing });
    if (missing.length > 0)
      return this.pages.sendLogin(req, res, 400, { email, next, problems: missing }, ctx);

    try {
      const { token, mustChangePassword } = await this.auth.login(
        email,
        password,
        { ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null },
        text(body.tenant) || undefined,
      );
      res.cookie(SESSION_COOKIE, token, sessionCookieOptions(this.config));
      rotateCsrfToken(res, this.pages.secureCookies);
      // A generated first-login password (the demo admin's, a CLI-created user's) is
      // replaced before anything else.
      redirect(res, mustChangePassword ? '/password?first=1' : (next ?? '/inbox'));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      if (err.code === 'AUTH_TENANT_REQUIRED') {
        const tenants = (err.details?.tenants ?? []) as { slug: string; name: string }[];
        const problems = [{ field: 'password' as const, text: ctx.m.login.tenantRequired }];
        return this.pages.sendLogin(req, res, err.status, { email, next, problems, tenants }, ctx);
      }
      const problem =
        err.code === 'AUTH_INVALID_CREDENTIALS'
          ? ctx.m.login.invalidCredentials
          : err.code === 'AUTH_LOCKED'
            ? ctx.m.login.locked
            : undefined;
      if (!problem) throw err;
      this.pages.sendLogin(req, res, err.status, { email, next, problems: [{ text: problem }] }, ctx);
    }
  }

  @Get('logout')
  @Public()
  signOutForm(
    @CurrentPrincipal() principal: Principal | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> | void {
    if (principal?.kind !== 'user') return redirect(res, '/login');
    return this.sendPage(req, res, principal, (m, csrf) => ({
      title: m.signOutPage.title,
      body: signOutView(m, csrf),
    }));
  }

  /** Public, so that a stale or expired session can always be cleared. */
  @Post('logout')
  @Public()
  @UseGuards(CsrfGuard)
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    const credential = credentialOf(req, true);
    if (credential?.kind === 'session' && credential.from === 'cookie')
      await this.auth.logout(credential.value);
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(this.config));
    rotateCsrfToken(res, this.pages.secureCookies);
    redirect(res, '/login?signedOut=1');
  }

  @Get('password')
  @Authenticated()
  @PasswordChangeRoute()
  async passwordForm(
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const first = req.query.first === '1';
    await this.sendPage(req, res, principal, (m, csrf) => ({
      title: m.password.title,
      body: passwordView(m, csrf, [], first ? m.password.firstLogin : undefined),
    }));
  }

  @Post('password')
  @Authenticated()
  @PasswordChangeRoute()
  @FormBody()
  @LoginRateLimit()
  @UseGuards(CsrfGuard)
  async changePassword(
    @CurrentPrincipal() principal: Principal,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const current = text(body.currentPassword);
    const next = text(body.newPassword);
    const m = this.pages.context(req, res).m;
    const problems: PasswordProblem[] = [];
    if (!current) problems.push({ field: 'currentPassword', text: m.password.currentMissing });
    if (next.length < MIN_PASSWORD_LENGTH) problems.push({ field: 'newPassword', text: m.password.tooShort });
    else if (next !== text(body.repeatPassword))
      problems.push({ field: 'repeatPassword', text: m.password.mismatch });
    if (problems.length === 0) {
      try {
        const credential = credentialOf(req, true);
        await this.auth.changePassword(
          principal,
          current,
          next,
          credential?.kind === 'session' ? credential.value : undefined,
        );
        return redirect(res, '/inbox?passwordChanged=1');
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        if (err.code === 'AUTH_INVALID_CREDENTIALS')
          problems.push({ field: 'currentPassword', text: m.password.currentWrong });
        else if (err.code === 'AUTH_PASSWORD_TOO_WEAK')
          problems.push({ field: 'newPassword', text: m.password.tooShort });
        // Common, trivial or personal: the service's message says which, in the page's language.
        else if (err.code.startsWith('AUTH_PASSWORD_'))
          problems.push({ field: 'newPassword', text: err.messages[m.lang] });
        else throw err;
      }
    }
    const status = problems.some((p) => p.text === m.password.currentWrong) ? 401 : 400;
    await this.sendPage(
      req,
      res,
      principal,
      (msgs, csrf) => ({
        title: `${msgs.error.title}: ${msgs.password.title}`,
        body: passwordView(msgs, csrf, problems),
      }),
      status,
    );
  }

  private async sendPage(
    req: Request,
    res: Response,
    principal: Principal,
    page: (m: WebMessages, csrfToken: string) => { title: string; body: SafeHtml },
    status = 200,
  ): Promise<void> {
    const ctx = this.pages.context(req, res);
    const user = await this.pages.userOf(principal);
    this.pages.send(req, res, ctx, status, { ...page(ctx.m, ctx.csrfToken), user });
  }
}

import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '../../config/app-config.js';
import type { Principal } from '../auth/auth.contract.js';
import { TenantService } from '../tenants/tenant.service.js';
import { ensureCsrfToken } from './csrf.js';
import type { SafeHtml } from './html.js';
import { messagesFor, type WebMessages } from './i18n/messages.js';
import { layout, type PageUser } from './views/layout.view.js';
import { loginView, type LoginProblem } from './views/login.view.js';
import { languageHref, pageLang, sendHtml } from './web-request.js';

export interface PageContext {
  readonly m: WebMessages;
  readonly csrfToken: string;
}

export interface PageContent {
  readonly title: string;
  readonly body: SafeHtml;
  readonly user?: PageUser;
  readonly stylesheets?: readonly string[];
}

export interface LoginPageInput {
  readonly email?: string;
  readonly next?: string;
  readonly notice?: string;
  readonly problems?: readonly LoginProblem[];
  readonly tenants?: readonly { readonly slug: string; readonly name: string }[];
}

/** Puts page bodies into the layout in the request's language; used by the controller and the filter. */
@Injectable()
export class PageRenderer {
  constructor(
    private readonly config: AppConfig,
    private readonly tenants: TenantService,
  ) {}

  get secureCookies(): boolean {
    return this.config.publicBaseUrl.startsWith('https:');
  }

  /** Language (remembering `?lang=`) and the CSRF token of this request. */
  context(req: Request, res: Response): PageContext {
    const lang = pageLang(req, res, this.secureCookies);
    return { m: messagesFor(lang), csrfToken: ensureCsrfToken(req, res, this.secureCookies) };
  }

  /** Name and tenant of a signed-in staff member, for the page header. */
  async userOf(principal: Principal): Promise<PageUser> {
    const tenant = await this.tenants.get(principal.tenantId);
    return {
      displayName: principal.displayName,
      tenantName: tenant.name,
      admin: principal.roles.includes('admin'),
      roles: principal.roles,
      mustChangePassword: principal.mustChangePassword === true,
    };
  }

  send(req: Request, res: Response, ctx: PageContext, status: number, page: PageContent): void {
    sendHtml(res, status, this.document(req, ctx, page).value);
  }

  /** The whole HTML document of a page, for handlers that return it rather than send it. */
  document(req: Request, ctx: PageContext, page: PageContent): SafeHtml {
    return layout({
      m: ctx.m,
      title: page.title,
      body: page.body,
      user: page.user,
      stylesheets: page.stylesheets,
      csrfToken: ctx.csrfToken,
      currentPath: req.path,
      otherLanguageHref: languageHref(req, ctx.m.otherLanguage.lang),
    });
  }

  sendLogin(
    req: Request,
    res: Response,
    status: number,
    input: LoginPageInput,
    ctx = this.context(req, res),
  ): void {
    const body = loginView({
      m: ctx.m,
      csrfToken: ctx.csrfToken,
      email: input.email ?? '',
      next: input.next,
      notice: input.notice,
      problems: input.problems ?? [],
      tenants: input.tenants,
    });
    const title = input.problems?.length ? `${ctx.m.error.title}: ${ctx.m.login.title}` : ctx.m.login.title;
    this.send(req, res, ctx, status, { title, body });
  }
}

import { Controller, Get, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError } from '../../common/errors/domain-error.js';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, FormBody, type Principal, Roles, WebPages } from '../auth/auth.contract.js';
import type { ChartImport, ImportMode } from '../approval/accounts/accounts.repository.js';
import { AccountsService } from '../approval/accounts/accounts.service.js';
import {
  ACCOUNT_KINDS,
  type AccountKind,
  CSV_MAX_BYTES,
  type CsvProblem,
} from '../approval/accounts/chart-csv.js';
import { accountsMessagesFor } from './i18n/accounts.messages.js';
import { type MultipartFormRequest, MultipartFormGuard } from './multipart-form.guard.js';
import { type PageContext, PageRenderer } from './page.renderer.js';
import { accountsView } from './views/accounts.view.js';
import { WebExceptionFilter } from './web-exception.filter.js';
import { redirect } from './web-request.js';

const PAGE_SIZE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Room for the part headers and the form's other fields around a 10 MB file. */
const FORM_LIMIT = CSV_MAX_BYTES + 64 * 1024;

interface Filter {
  q?: string;
  kind?: AccountKind;
}

function filterOf(query: Record<string, unknown>): Filter {
  const q = typeof query.q === 'string' ? query.q.trim().slice(0, 100) : '';
  const kind = ACCOUNT_KINDS.find((k) => k === query.kind);
  return { ...(q && { q }), ...(kind && { kind }) };
}

/**
 * The admin's chart-of-accounts page: search and page through the chart, import a CSV file
 * (a form with a file, so multipart with its CSRF field read by `MultipartFormGuard`)
 * through `AccountsService`, the same path (all or nothing, history, audit) as the API and
 * the CLI. A refused file is answered on the page with every problem and its line; a
 * successful import redirects to the page with its summary.
 */
@Controller('admin/accounts')
@WebPages()
@UseFilters(WebExceptionFilter)
@ApiExcludeController()
@Roles('admin')
export class AccountsWebController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async page(@CurrentPrincipal() p: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const query = req.query as Record<string, unknown>;
    const importId = typeof query.import === 'string' && UUID.test(query.import) ? query.import : undefined;
    const imported = importId ? await this.accounts.getImport(p.tenantId, importId) : undefined;
    await this.render(p, req, res, 200, this.pages.context(req, res), { imported });
  }

  @Post('import')
  @FormBody()
  @UseGuards(new MultipartFormGuard(FORM_LIMIT))
  async import(
    @CurrentPrincipal() p: Principal,
    @Req() req: MultipartFormRequest,
    @Res() res: Response,
  ): Promise<void> {
    const fields = (req.body ?? {}) as Record<string, string>;
    const mode: ImportMode = fields.mode === 'replace' ? 'replace' : 'merge';
    const file = req.uploadedFiles?.find((f) => f.field === 'file');
    const ctx = this.pages.context(req, res);
    const am = accountsMessagesFor(ctx.m.lang);
    if (!file || (file.content.length === 0 && file.fileName === '')) {
      return this.render(p, req, res, 400, ctx, {
        mode,
        refused: { problems: [], count: 1, text: am.noFile },
      });
    }
    try {
      const done = await this.accounts.importCsv(
        p.tenantId,
        { content: file.content, fileName: file.fileName || null, mode },
        actorOf(p),
      );
      redirect(res, `/admin/accounts?import=${done.id}`);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      if (err.code === 'ACCOUNTS_CSV_INVALID') {
        const d = err.details as { problemCount: number; problems: CsvProblem[] };
        return this.render(p, req, res, 422, ctx, {
          mode,
          refused: { problems: d.problems, count: d.problemCount },
        });
      }
      if (err.code === 'ACCOUNTS_CSV_TOO_LARGE') {
        const text = err.messages[ctx.m.lang];
        return this.render(p, req, res, 413, ctx, { mode, refused: { problems: [], count: 1, text } });
      }
      throw err;
    }
  }

  private async render(
    p: Principal,
    req: Request,
    res: Response,
    status: number,
    ctx: PageContext,
    extra: {
      imported?: ChartImport;
      refused?: { problems: readonly CsvProblem[]; count: number; text?: string };
      mode?: ImportMode;
    },
  ): Promise<void> {
    const am = accountsMessagesFor(ctx.m.lang);
    // After a form post the list shows from its start; on the page itself, as asked.
    const query = req.method === 'GET' ? (req.query as Record<string, unknown>) : {};
    const filter = filterOf(query);
    const cursor = typeof query.cursor === 'string' && query.cursor.length <= 400 ? query.cursor : undefined;
    const [counts, history] = await Promise.all([
      this.accounts.counts(p.tenantId),
      this.accounts.imports(p.tenantId, 5),
    ]);
    const page =
      counts.length > 0
        ? await this.accounts
            .list(p.tenantId, { ...filter, limit: PAGE_SIZE, cursor })
            .catch(() => this.accounts.list(p.tenantId, { ...filter, limit: PAGE_SIZE }))
        : { items: [], nextCursor: null };
    const nextHref = page.nextCursor
      ? `/admin/accounts?${new URLSearchParams({ ...filter, cursor: page.nextCursor }).toString()}`
      : null;
    const title = extra.refused ? `${ctx.m.error.title}: ${am.title}` : am.title;
    this.pages.send(req, res, ctx, status, {
      title,
      body: accountsView({
        m: ctx.m,
        am,
        csrfToken: ctx.csrfToken,
        counts,
        filter,
        accounts: page.items,
        nextHref,
        paged: cursor !== undefined,
        history,
        ...extra,
      }),
      user: await this.pages.userOf(p),
    });
  }
}

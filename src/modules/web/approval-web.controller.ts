import {
  Body,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError } from '../../common/errors/domain-error.js';
import { inboxFilterOf } from '../approval/approval.controller.js';
import { ApprovalErrors } from '../approval/approval.errors.js';
import { ApprovalService, type DecisionCommand } from '../approval/approval.service.js';
import { normaliseKontierung, type KontierungProblem } from '../approval/kontierung.js';
import { CurrentPrincipal, FormBody, type Principal, Roles, WebPages } from '../auth/auth.contract.js';
import { InvoiceReadService } from '../invoices/invoice-read.service.js';
import { InvoiceRepository } from '../invoices/invoice.repository.js';
import { ApprovalPanelRenderer } from './approval-panel.renderer.js';
import { CsrfGuard } from './csrf.guard.js';
import { approvalMessagesFor, type DecisionActionName, type InboxSort } from './i18n/approval.messages.js';
import { type PageContext, PageRenderer } from './page.renderer.js';
import {
  type ApprovalPanelOptions,
  KONTIERUNG_FIELDS,
  type KontierungFormLine,
  kontierungFieldName,
} from './views/approval-panel.view.js';
import { invoicePage } from './views/invoice.view.js';
import { berlinDay, type BulkOutcome, inboxHref, inboxView, type InboxQuery } from './views/inbox.view.js';
import { WebExceptionFilter } from './web-exception.filter.js';
import { redirect } from './web-request.js';

const STAFF = ['admin', 'approver', 'treasury', 'auditor'] as const;
const PAGE_SIZE = 25;
const MAX_KONTIERUNG_ROWS = 100;
const FORM_ACTIONS: readonly DecisionActionName[] = [
  'approve',
  'reject',
  'hold',
  'release',
  'reassign',
  'comment',
];
const SORTS: readonly InboxSort[] = ['skonto', 'due', 'amount', 'received'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const text = (v: unknown, max = 4000): string =>
  typeof v === 'string'
    ? v.slice(0, max)
    : Array.isArray(v) && typeof v[0] === 'string'
      ? v[0].slice(0, max)
      : '';

/** Where an invoice's approval is shown (its page with the decision panel). */
export const invoiceApprovalHref = (invoiceId: string): string => `/invoices/${invoiceId}`;

/** The inbox's query as entered; amounts written with a decimal point (English) read as such. */
export function inboxQueryOf(q: Record<string, unknown>): InboxQuery {
  const s = (k: string, max = 200) => text(q[k], max).trim() || undefined;
  const sort = s('sort') as InboxSort | undefined;
  const page = Number.parseInt(s('page') ?? '1', 10);
  return {
    q: s('q'),
    step: s('step', 32),
    supplier: s('supplier'),
    minAmount: s('minAmount', 24),
    maxAmount: s('maxAmount', 24),
    dueWithinDays: s('dueWithinDays', 3),
    sort: sort && SORTS.includes(sort) ? sort : undefined,
    direction: s('direction') === 'desc' ? 'desc' : s('direction') === 'asc' ? 'asc' : undefined,
    page: Number.isFinite(page) && page > 1 ? Math.min(page, 10_000) : undefined,
  };
}

/** `1000.50` (a decimal point, no grouping) becomes `1000,50`, which `inboxFilterOf` reads as German. */
function germanAmount(v: string | undefined): string | undefined {
  return v && /^\d+\.\d{1,2}$/.test(v) ? v.replace('.', ',') : v;
}

function withParam(href: string, key: string, value: string | number): string {
  return `${href}${href.includes('?') ? '&' : '?'}${key}=${encodeURIComponent(String(value))}`;
}

/** The Kontierung form's rows (`k0_buchungsstelle` …) as entered, empty rows dropped. */
export function kontierungRowsOf(body: Record<string, unknown>): KontierungFormLine[] {
  const count = Math.min(MAX_KONTIERUNG_ROWS, Math.max(0, Number.parseInt(text(body.rows, 4), 10) || 0));
  const lines: KontierungFormLine[] = [];
  for (let i = 0; i < count; i++) {
    const [buchungsstelle, kostenstelle, investitionsnummer, amount] = KONTIERUNG_FIELDS.map((f) =>
      text(body[kontierungFieldName(i, f)], 200).trim(),
    );
    if (buchungsstelle || kostenstelle || investitionsnummer || amount)
      lines.push({ buchungsstelle, kostenstelle, investitionsnummer, amount });
  }
  return lines;
}

/**
 * The approver's pages: the inbox (`GET /inbox`, with the bulk approval `POST /inbox/bulk`),
 * and an invoice's approval — the decision panel with the Kontierung form — with its form
 * posts (`POST /invoices/:id/decision`, `POST /invoices/:id/kontierung`). Every decision goes
 * through `ApprovalService.decide` / `decideMany`, the same choke point as the API; a refusal
 * re-renders the page with the rule's message and what was entered, success redirects (303)
 * back with a notice.
 */
@Controller()
@WebPages()
@UseFilters(WebExceptionFilter)
@ApiExcludeController()
export class ApprovalWebController {
  constructor(
    private readonly approval: ApprovalService,
    private readonly invoices: InvoiceRepository,
    private readonly invoiceRead: InvoiceReadService,
    private readonly pages: PageRenderer,
    private readonly panels: ApprovalPanelRenderer,
  ) {}

  // Inbox --------------------------------------------------------------------------------

  @Get('inbox')
  @Roles(...STAFF)
  async inbox(@CurrentPrincipal() p: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const ctx = this.pages.context(req, res);
    const q = req.query as Record<string, unknown>;
    const approved = Number.parseInt(text(q.bulkApproved, 4), 10);
    const notice =
      text(q.passwordChanged) === '1'
        ? ctx.m.password.changed
        : approved > 0
          ? approvalMessagesFor(ctx.m.lang).inbox.bulkApproved(approved)
          : undefined;
    await this.sendInbox(req, res, ctx, p, inboxQueryOf(q), { notice });
  }

  @Post('inbox/bulk')
  @Roles(...STAFF)
  @FormBody()
  @UseGuards(CsrfGuard)
  async bulk(
    @CurrentPrincipal() p: Principal,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const ctx = this.pages.context(req, res);
    const am = approvalMessagesFor(ctx.m.lang);
    const view = inboxQueryOf(Object.fromEntries(new URLSearchParams(text(body.view, 2000))));
    const raw = body.invoiceIds;
    const ids = (Array.isArray(raw) ? raw : [raw]).filter(
      (v): v is string => typeof v === 'string' && UUID.test(v),
    );
    const stepKey = text(body.stepKey, 32);
    if (ids.length === 0 || !stepKey)
      return this.sendInbox(req, res, ctx, p, view, {
        status: 422,
        bulk: { approved: 0, refused: [] },
        error: am.inbox.bulkNoneSelected,
      });
    const result = await this.approval.decideMany(p, ids.slice(0, 500), stepKey);
    if (result.refused.length === 0)
      return redirect(
        res,
        withParam(inboxHref({ ...view, page: undefined }), 'bulkApproved', result.approved.length),
      );
    const refused = await Promise.all(
      result.refused.map(async (r) => ({
        invoiceId: r.invoiceId,
        number: (await this.invoices.get(p.tenantId, r.invoiceId))?.number ?? r.invoiceId,
        message: r.message[ctx.m.lang],
      })),
    );
    await this.sendInbox(req, res, ctx, p, view, {
      status: result.approved.length > 0 ? 200 : 422,
      bulk: { approved: result.approved.length, refused },
    });
  }

  private async sendInbox(
    req: Request,
    res: Response,
    ctx: PageContext,
    p: Principal,
    query: InboxQuery,
    extra: { status?: number; notice?: string; bulk?: BulkOutcome; error?: string },
  ): Promise<void> {
    const am = approvalMessagesFor(ctx.m.lang);
    const filter = inboxFilterOf(
      {
        ...query,
        minAmount: germanAmount(query.minAmount),
        maxAmount: germanAmount(query.maxAmount),
        page: query.page ? String(query.page) : undefined,
      },
      PAGE_SIZE,
    );
    let result = await this.approval.inbox(p, filter);
    // A page past the end (tasks were decided meanwhile): the last page instead.
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    if ((query.page ?? 1) > pages) {
      query = { ...query, page: pages };
      result = await this.approval.inbox(p, { ...filter, offset: (pages - 1) * PAGE_SIZE });
    }
    const stepLabels = await this.stepLabels(p, ctx.m.lang, result);
    const total = Object.values(result.countsByStep).reduce((a, b) => a + b, 0);
    const bulk =
      extra.error !== undefined
        ? { approved: 0, refused: [{ invoiceId: '', number: am.inbox.bulkTitle, message: extra.error }] }
        : extra.bulk;
    this.pages.send(req, res, ctx, extra.status ?? 200, {
      title: am.inbox.titleWithCount(ctx.m.inbox.title, total),
      body: inboxView(ctx.m, am, {
        result,
        filter,
        query,
        stepLabels,
        csrfToken: ctx.csrfToken,
        today: berlinDay(new Date()),
        notice: extra.notice,
        bulk,
        invoiceHref: invoiceApprovalHref,
      }),
      user: await this.pages.userOf(p),
    });
  }

  /** Step labels for the filter and the counts: the tenant's policies (newest wins), then the rows. */
  private async stepLabels(
    p: Principal,
    lang: 'de' | 'en',
    result: { rows: ReadonlyArray<{ stepKey: string; label: { de: string; en: string } }> },
  ): Promise<Record<string, string>> {
    const labels: Record<string, string> = {};
    const policies = [...(await this.approval.policies(p.tenantId))].sort((a, b) => a.version - b.version);
    for (const policy of policies) for (const s of policy.definition.steps) labels[s.key] = s.label[lang];
    for (const r of result.rows) labels[r.stepKey] = r.label[lang];
    return labels;
  }

  // An invoice's approval ------------------------------------------------------------------

  @Post('invoices/:id/decision')
  @Roles(...STAFF)
  @FormBody()
  @UseGuards(CsrfGuard)
  async decision(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const ctx = this.pages.context(req, res);
    const action = text(body.action) as DecisionActionName;
    const reason = text(body.reason);
    const reassign = text(body.reassignTo, 80);
    const values = { reason, reassignTo: reassign };
    try {
      if (!FORM_ACTIONS.includes(action)) throw new DomainError(ApprovalErrors.APPROVAL_ACTION_INVALID);
      const cmd: DecisionCommand = {
        invoiceId: id,
        action,
        stepKey: action === 'comment' ? undefined : text(body.stepKey, 32) || undefined,
        reason: reason.trim() ? reason : undefined,
        reassignTo:
          action === 'reassign'
            ? reassign.startsWith('user:')
              ? { userId: reassign.slice(5) }
              : reassign.startsWith('group:')
                ? { groupId: reassign.slice(6) }
                : {}
            : undefined,
      };
      await this.approval.decide(p, cmd);
      return redirect(res, `${invoiceApprovalHref(id)}?done=${action}`);
    } catch (err) {
      if (
        !(err instanceof DomainError) ||
        !err.code.startsWith('APPROVAL_') ||
        err.code === 'APPROVAL_NOT_FOUND'
      )
        throw err;
      await this.sendInvoice(req, res, ctx, p, id, err.status, {
        decisionError: { message: err.messages[ctx.m.lang], action },
        values,
      });
    }
  }

  @Post('invoices/:id/kontierung')
  @Roles(...STAFF)
  @FormBody()
  @UseGuards(CsrfGuard)
  async kontierung(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const ctx = this.pages.context(req, res);
    const lines = kontierungRowsOf(body);
    // "More lines": the form again with what was entered and three more empty rows; nothing saved.
    if (text(body.more) === '1')
      return this.sendInvoice(req, res, ctx, p, id, 200, { kontierung: { lines, problems: [] } }, 5);
    try {
      await this.approval.decide(p, {
        invoiceId: id,
        action: 'kontierung',
        kontierung: normaliseKontierung(lines),
      });
      return redirect(res, `${invoiceApprovalHref(id)}?done=kontierung#kontierung-title`);
    } catch (err) {
      if (
        !(err instanceof DomainError) ||
        !err.code.startsWith('APPROVAL_') ||
        err.code === 'APPROVAL_NOT_FOUND'
      )
        throw err;
      const problems = (err.details?.problems ?? []) as KontierungProblem[];
      await this.sendInvoice(req, res, ctx, p, id, err.status, {
        kontierung: { lines, problems, message: err.messages[ctx.m.lang] },
      });
    }
  }

  private async sendInvoice(
    req: Request,
    res: Response,
    ctx: PageContext,
    p: Principal,
    id: string,
    status: number,
    opts: ApprovalPanelOptions,
    emptyRows = 2,
  ): Promise<void> {
    const [invoice, state] = await Promise.all([
      this.invoiceRead.get(p.tenantId, id),
      this.panels.state(p, id),
    ]);
    if (!invoice || !state) throw new DomainError(ApprovalErrors.APPROVAL_NOT_FOUND);
    const panel = await this.panels.panel(
      p,
      id,
      ctx,
      { ...opts, emptyRows: Math.min(20, Math.max(2, Number.isFinite(emptyRows) ? emptyRows : 2)) },
      state,
    );
    const page = invoicePage(invoice, ctx.m.lang, panel);
    this.pages.send(req, res, ctx, status, {
      title: page.title,
      body: page.body,
      user: await this.pages.userOf(p),
    });
  }
}

import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError } from '../../common/errors/domain-error.js';
import { CurrentPrincipal, type Principal, Roles, WebPages } from '../auth/auth.contract.js';
import { type InvoiceFile, InvoiceReadService, safeFileName } from '../invoices/invoice-read.service.js';
import { InvoicesErrors } from '../invoices/invoices.errors.js';
import { invoicePdf } from './invoice-pdf.js';
import { PageRenderer } from './page.renderer.js';
import { invoiceDocument } from './views/invoice-document.js';
import { invoicePage } from './views/invoice.view.js';
import { ApprovalPanelRenderer, decisionNoticeOf } from './approval-panel.renderer.js';
import { RecordsQueryService } from '../records/query/records-query.service.js';
import { markup } from './html.js';
import { recordsMessagesFor } from './i18n/records.messages.js';
import { invoiceRecordLink } from './views/records.view.js';
import { WebExceptionFilter } from './web-exception.filter.js';

/** Sends a file as a download: never shown inline, never sniffed, never cached. */
function sendFile(res: Response, file: InvoiceFile): void {
  res.attachment(file.fileName);
  res
    .status(200)
    .set({
      'Content-Type': file.mime,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    })
    .send(file.content);
}

/**
 * The staff's invoice page (`GET /invoices/:id`) and its downloads: the original file, the
 * attachments, the e-mail it came in and the page as PDF. An invoice of another tenant, or
 * none, is "not found" — never "forbidden", which would tell that it exists.
 */
@Controller('invoices')
@WebPages()
@UseFilters(WebExceptionFilter)
@ApiExcludeController()
@Roles('admin', 'approver', 'treasury', 'auditor')
export class InvoiceWebController {
  constructor(
    private readonly invoices: InvoiceReadService,
    private readonly pages: PageRenderer,
    private readonly panels: ApprovalPanelRenderer,
    private readonly records: RecordsQueryService,
  ) {}

  @Get(':id')
  async page(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const view = await this.invoices.get(p.tenantId, id);
    if (!view) throw new DomainError(InvoicesErrors.INVOICE_NOT_FOUND, { id });
    const ctx = this.pages.context(req, res);
    // The approval panel (steps, decisions, Kontierung, what the reader may decide) when the invoice has an approval.
    const q = req.query as Record<string, unknown>;
    const rows = Number.parseInt(typeof q.rows === 'string' ? q.rows : '2', 10);
    const panel = await this.panels.panel(p, view.id, ctx, {
      notice: decisionNoticeOf(q),
      emptyRows: Math.min(20, Math.max(2, Number.isFinite(rows) ? rows : 2)),
    });
    // Where it is filed, for those who may open the case record.
    const readsRecords = p.roles.some((r) => r === 'admin' || r === 'treasury' || r === 'auditor');
    const record = readsRecords ? await this.records.ofInvoice(p.tenantId, view.id) : undefined;
    const page = invoicePage(
      view,
      ctx.m.lang,
      record ? markup`${invoiceRecordLink(recordsMessagesFor(ctx.m.lang), record)}${panel}` : panel,
    );
    this.pages.send(req, res, ctx, 200, {
      title: page.title,
      body: page.body,
      user: await this.pages.userOf(p),
    });
  }

  @Get(':id/pdf')
  async pdf(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const view = await this.invoices.get(p.tenantId, id);
    if (!view) throw new DomainError(InvoicesErrors.INVOICE_NOT_FOUND, { id });
    const lang = this.pages.context(req, res).m.lang;
    const doc = invoiceDocument(view, lang, `/invoices/${view.id}`);
    const content = Buffer.from(await invoicePdf(doc));
    const name = safeFileName(`${doc.title.replace(/[\\/]/g, '-')}.pdf`, 'invoice.pdf');
    sendFile(res, { content, mime: 'application/pdf', fileName: name });
  }

  @Get(':id/original')
  async original(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.invoices.openOriginal(p.tenantId, id);
    if (!file) throw new DomainError(InvoicesErrors.INVOICE_NOT_FOUND, { id });
    sendFile(res, file);
  }

  @Get(':id/email')
  async email(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.invoices.openMessage(p.tenantId, id);
    if (!file) throw new DomainError(InvoicesErrors.INVOICE_NOT_FOUND, { id });
    sendFile(res, file);
  }

  @Get(':id/attachments/:attachmentId')
  async attachment(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Param('attachmentId') attachmentId: string,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.invoices.openAttachment(p.tenantId, id, attachmentId);
    if (!file) throw new DomainError(InvoicesErrors.INVOICE_NOT_FOUND, { id });
    sendFile(res, file);
  }
}

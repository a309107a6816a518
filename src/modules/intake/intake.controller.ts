import {
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError } from '../../common/errors/domain-error.js';
import { resolveLang } from '../../common/i18n/lang.js';
import { AppConfig } from '../../config/app-config.js';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal, Public, Roles } from '../auth/auth.contract.js';
import { InvoiceRepository, type InvoiceEvent, type InvoiceRecord } from '../invoices/invoice.repository.js';
import type { ValidationResult } from '../validation/index.js';
import { toJsonReport } from '../validation/report/json-report.js';
import { StatusPageRenderer } from '../web/status-page.renderer.js';
import { ListSubmissionsQuery, SubmissionListDto } from './dto/submission-list.dto.js';
import { parseMultipart, readBody } from './http/request-body.js';
import { IntakeErrors } from './intake.errors.js';
import { IntakeService, type SubmittedFile } from './intake.service.js';

const RAW_TYPES = new Set(['application/xml', 'text/xml', 'application/pdf']);

/**
 * The upload API for suppliers' systems, and the status of what they sent.
 * A supplier key sees only the invoices it submitted itself, never those of other
 * suppliers of the same tenant.
 */
@ApiTags('invoices')
@Controller()
export class IntakeController {
  constructor(
    private readonly intake: IntakeService,
    private readonly invoices: InvoiceRepository,
    private readonly config: AppConfig,
    private readonly statusPage: StatusPageRenderer,
  ) {}

  @Post('api/v1/invoices')
  @Roles('supplier')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Submit an invoice (XRechnung / EN 16931 XML or ZUGFeRD / Factur-X PDF)',
    description:
      'Body: the raw XML or PDF (`Content-Type: application/xml` or `application/pdf`), or `multipart/form-data` with several files. ' +
      'Stored durably before the answer; validation runs asynchronously — poll `statusUrl`. ' +
      'Honours `Idempotency-Key`: a retry with the same key and the same documents gets the first answer, ' +
      'the same key with other documents 422 `IDEMPOTENCY_KEY_REUSED`; ' +
      'with `X-Answer-To: <e-mail>` the receipt or the rejection (with the findings) is mailed there too.',
  })
  @ApiConsumes('application/xml', 'application/pdf', 'multipart/form-data')
  @ApiAcceptedResponse({
    description: '`{id, status, statusUrl}` (one file) or `{messageId, invoices: [...]}` (several)',
  })
  async submit(
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Headers('content-type') contentType: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('x-answer-to') answerTo: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ): Promise<unknown> {
    if (answerTo !== undefined && !/^[^@\s<>"]{1,64}@[^@\s<>"]{1,255}\.[^@\s<>".]{2,}$/.test(answerTo)) {
      throw new DomainError(IntakeErrors.ANSWER_TO_INVALID);
    }
    if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,200}$/.test(idempotencyKey)) {
      throw new DomainError(IntakeErrors.IDEMPOTENCY_KEY_INVALID);
    }
    const type = (contentType ?? '').toLowerCase().split(';')[0].trim();
    const isMultipart = type === 'multipart/form-data';
    if (!RAW_TYPES.has(type) && !isMultipart)
      throw new DomainError(IntakeErrors.UPLOAD_UNSUPPORTED_MEDIA_TYPE);
    const body = await readBody(req, this.config.get('UPLOAD_MAX_BYTES'));
    const documents: SubmittedFile[] = isMultipart
      ? await parseMultipart(body, contentType!)
      : [{ content: body, contentType: type, fileName: fileNameOf(req) }];
    if (documents.length === 0 || documents.every((d) => d.content.length === 0)) {
      throw new DomainError(IntakeErrors.UPLOAD_EMPTY);
    }
    const result = await this.intake.submit(p.tenantId, {
      channel: 'upload',
      raw: body,
      rawContentType: contentType ?? type,
      documents,
      sender: actorOf(p),
      externalId: idempotencyKey ? `${actorOf(p)}:${idempotencyKey}` : undefined,
      externalIdReusedError: IntakeErrors.IDEMPOTENCY_KEY_REUSED,
      // On request, the supplier gets the receipt or the rejection by e-mail as well.
      meta: answerTo
        ? { answerTo, lang: (acceptLanguage ?? '').toLowerCase().startsWith('en') ? 'en' : 'de' }
        : undefined,
    });
    const view = (i: InvoiceRecord) => ({
      id: i.id,
      status: i.status,
      statusUrl: this.intake.statusUrl(i.statusToken),
      ...(i.fileName ? { fileName: i.fileName } : {}),
    });
    if (!isMultipart && result.invoices.length === 1) return view(result.invoices[0]);
    return { messageId: result.message.id, invoices: result.invoices.map(view) };
  }

  @Get('api/v1/invoices')
  @Roles('supplier')
  @ApiOperation({
    summary: "The supplier's own submissions, newest first, in pages",
    description:
      'Only what this API key submitted. Filters combine: `status` (one or several, comma-separated), ' +
      '`receivedFrom` (inclusive) and `receivedBefore` (exclusive) as ISO 8601 date (00:00 UTC) or date-time, ' +
      '`number` (the invoice number, BT-1, exactly). `limit` 1–200 (default 50). ' +
      'For the next page pass `nextCursor` as `cursor` with the same filters.',
  })
  @ApiQuery({ name: 'status', required: false, type: String, example: 'rejected,duplicate' })
  @ApiQuery({ name: 'receivedFrom', required: false, type: String, example: '2026-11-01' })
  @ApiQuery({ name: 'receivedBefore', required: false, type: String, example: '2026-12-01T00:00:00+01:00' })
  @ApiQuery({ name: 'number', required: false, type: String })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'cursor', required: false, type: String })
  @ApiOkResponse({ type: SubmissionListDto })
  async list(
    @CurrentPrincipal() p: Principal,
    @Query() query: Record<string, unknown>,
  ): Promise<SubmissionListDto> {
    const page = await this.intake.listSubmissions(p.tenantId, actorOf(p), ListSubmissionsQuery.parse(query));
    return {
      items: page.items.map(({ invoice: i, receivedAt }) => ({
        id: i.id,
        status: i.status,
        statusUrl: this.intake.statusUrl(i.statusToken),
        fileName: i.fileName,
        receivedAt,
        invoice: i.number
          ? {
              number: i.number,
              issueDate: i.issueDate,
              seller: i.sellerName,
              amountDue: i.amountDue,
              currency: i.currency,
              buyerReference: i.buyerReference,
            }
          : null,
        duplicateOf: i.duplicateOf,
      })),
      nextCursor: page.nextCursor,
    };
  }

  @Get('api/v1/invoices/:id')
  @Roles('supplier', 'admin', 'approver', 'treasury', 'auditor')
  @ApiOperation({
    summary:
      'Status, lifecycle history and validation report of an invoice (`?format=html` for the report page)',
  })
  @ApiProduces('application/json', 'text/html')
  @ApiOkResponse({ description: 'The invoice status with history and report' })
  async get(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query('format') format: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const inv = await this.invoices.get(p.tenantId, id);
    if (!inv || !(await this.mayRead(p, inv))) throw new DomainError(IntakeErrors.INVOICE_NOT_FOUND);
    return this.render(inv, format, req, res);
  }

  @Get('status/:token')
  @Public()
  @ApiOperation({ summary: 'Public status link of a submission (no account needed; the token is the key)' })
  async status(
    @Param('token') token: string,
    @Query('format') format: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const inv = /^[A-Za-z0-9_-]{32}$/.test(token)
      ? await this.invoices.findByStatusTokenAcrossTenants(token)
      : undefined;
    if (!inv) throw new DomainError(IntakeErrors.INVOICE_NOT_FOUND);
    const wantsHtml =
      format === 'html' || (format === undefined && (req.headers.accept ?? '').includes('text/html'));
    return this.render(inv, wantsHtml ? 'html' : format, req, res);
  }

  private async mayRead(p: Principal, inv: InvoiceRecord): Promise<boolean> {
    // Staff, and approver keys (which act as a staff member), read every invoice of the tenant.
    if (p.kind === 'user' || p.roles.includes('approver')) return true;
    const message = await this.invoices.getMessage(p.tenantId, inv.messageId);
    return message?.sender === actorOf(p);
  }

  private async render(
    inv: InvoiceRecord,
    format: string | undefined,
    req: Request,
    res: Response,
  ): Promise<unknown> {
    const history = await this.invoices.history(inv.tenantId, inv.id);
    if (format === 'html') {
      // The same page as the status link: status in words, reasons, history and report.
      const duplicateOf = inv.duplicateOf
        ? await this.invoices.get(inv.tenantId, inv.duplicateOf)
        : undefined;
      return this.statusPage.render(req, res, { invoice: inv, history, duplicateOf });
    }
    const lang = resolveLang(req);
    const report = inv.report as ValidationResult | null;
    return {
      id: inv.id,
      status: inv.status,
      statusUrl: this.intake.statusUrl(inv.statusToken),
      fileName: inv.fileName,
      receivedAt: inv.createdAt,
      invoice: inv.number
        ? {
            number: inv.number,
            issueDate: inv.issueDate,
            seller: inv.sellerName,
            amountDue: inv.amountDue,
            currency: inv.currency,
            buyerReference: inv.buyerReference,
          }
        : null,
      duplicateOf: inv.duplicateOf,
      suspectedDuplicateOf: inv.suspectedDuplicateOf,
      // A return shows its reason; who decided it at which step stays with the office.
      history: history.map((h) => ({
        from: h.fromStatus,
        to: h.toStatus,
        at: h.at,
        detail: h.toStatus === 'returned' ? returnedDetail(h.detail) : h.detail,
      })),
      ...(inv.status === 'returned' ? { returned: returnedOf(history) } : {}),
      validation: report ? toJsonReport(report, lang) : null,
    };
  }
}

function returnedDetail(detail: Record<string, unknown> | null): { reason: string } {
  return { reason: typeof detail?.reason === 'string' ? detail.reason : '' };
}

/** The (last) return: when, and the reason as the approver wrote it. */
function returnedOf(history: readonly InvoiceEvent[]): { at: Date; reason: string } | null {
  const event = [...history].reverse().find((e) => e.toStatus === 'returned');
  return event ? { at: event.at, ...returnedDetail(event.detail) } : null;
}

function fileNameOf(req: Request): string | undefined {
  const cd = req.headers['content-disposition'];
  const m = typeof cd === 'string' ? /filename="?([^";]+)"?/i.exec(cd) : null;
  return m?.[1];
}

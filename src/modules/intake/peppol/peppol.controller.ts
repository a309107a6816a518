import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError } from '../../../common/errors/domain-error.js';
import { AppConfig } from '../../../config/app-config.js';
import { actorOf } from '../../auth/actor.js';
import { CurrentPrincipal, type Principal, Roles } from '../../auth/auth.contract.js';
import { InvoiceRepository } from '../../invoices/invoice.repository.js';
import { isIntakeFinal } from '../../invoices/invoice-status.js';
import { TenantService } from '../../tenants/tenant.service.js';
import type { ValidationResult } from '../../validation/index.js';
import { readBody } from '../http/request-body.js';
import { IntakeErrors } from '../intake.errors.js';
import { IntakeService } from '../intake.service.js';
import { buildMessageLevelResponse, type MlrCode, type MlrFinding } from './message-level-response.js';
import { formatParticipantId, type ParticipantId } from './participant-id.js';
import { readSbdh } from './sbdh.js';

/**
 * The Peppol-like endpoint: authenticated access points deliver SBDH envelopes, routed by
 * the receiver participant id (0204:<Leitweg-ID>, 9930:<VAT id>, …). Unknown receivers
 * are refused before anything is stored. The answer is a receipt; the Message Level
 * Response (AB while processing, then AP or RE with the findings) is fetched afterwards.
 */
@ApiTags('peppol')
@Controller('peppol')
@Roles('access-point')
export class PeppolController {
  constructor(
    private readonly intake: IntakeService,
    private readonly invoices: InvoiceRepository,
    private readonly tenants: TenantService,
    private readonly config: AppConfig,
  ) {}

  @Post('inbound')
  @HttpCode(202)
  @ApiOperation({ summary: 'Deliver an SBDH envelope with a UBL or CII invoice' })
  @ApiConsumes('application/xml')
  @ApiAcceptedResponse({ description: '`{messageId, invoiceId, receipt: "AB", responseUrl}`' })
  async inbound(@CurrentPrincipal() p: Principal, @Req() req: Request): Promise<unknown> {
    const body = await readBody(req, this.config.get('UPLOAD_MAX_BYTES'));
    const sbdh = readSbdh(body, this.config.get('XML_MAX_BYTES'));
    if (!sbdh.ok)
      throw new DomainError(IntakeErrors.PEPPOL_ENVELOPE_INVALID, { code: sbdh.code, detail: sbdh.detail });
    const env = sbdh.envelope;
    const tenant = await this.tenants.findByReceiverId(env.receiver.scheme, env.receiver.value);
    if (!tenant)
      throw new DomainError(IntakeErrors.PEPPOL_RECEIVER_UNKNOWN, {
        receiver: formatParticipantId(env.receiver),
      });
    // An access point's key belongs to one tenant; it may not deliver into another one.
    if (tenant.id !== p.tenantId) throw new DomainError(IntakeErrors.PEPPOL_RECEIVER_NOT_ALLOWED);
    const result = await this.intake.submit(tenant.id, {
      channel: 'peppol',
      raw: body,
      rawContentType: 'application/xml',
      documents: [
        {
          content: Buffer.from(env.payload),
          fileName: `${env.instanceIdentifier}.xml`,
          contentType: 'application/xml',
        },
      ],
      sender: formatParticipantId(env.sender),
      externalId: env.instanceIdentifier,
      meta: {
        sender: env.sender,
        receiver: env.receiver,
        documentTypeId: env.documentTypeId,
        processId: env.processId,
        accessPoint: actorOf(p),
      },
    });
    return {
      messageId: result.message.id,
      invoiceId: result.invoices[0]?.id,
      instanceIdentifier: env.instanceIdentifier,
      receipt: 'AB',
      duplicateDelivery: !result.created,
      responseUrl: `${this.config.publicBaseUrl.replace(/\/$/, '')}/peppol/responses/${result.message.id}`,
    };
  }

  @Get('responses/:messageId')
  @ApiOperation({ summary: 'The Message Level Response (UBL ApplicationResponse) for a delivery' })
  @ApiProduces('application/xml')
  async response(
    @CurrentPrincipal() p: Principal,
    @Param('messageId', new ParseUUIDPipe()) messageId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const message = await this.invoices.getMessage(p.tenantId, messageId);
    if (!message || message.channel !== 'peppol') throw new DomainError(IntakeErrors.INVOICE_NOT_FOUND);
    const [inv] = await this.invoices.listByMessage(p.tenantId, messageId);
    let code: MlrCode = 'AB';
    let findings: MlrFinding[] = [];
    let note: string | undefined;
    if (inv && isIntakeFinal(inv.status)) {
      if (inv.status === 'rejected' || inv.status === 'duplicate') {
        code = 'RE';
        const report = inv.report as ValidationResult | null;
        findings = [
          ...(report?.schemaErrors ?? []).map((e) => ({
            ruleId: 'XSD',
            severity: 'fatal' as const,
            syntax: true,
            message: e.message,
          })),
          ...(report?.errors ?? []).map((f) => ({
            ruleId: f.id,
            severity: 'fatal' as const,
            syntax: /^(XML|NOT-XML|PDF|DOCUMENT|SCHEMA)/.test(f.id),
            message: f.messages.en,
            location: f.location,
          })),
        ];
        if (inv.status === 'duplicate')
          note = `Duplicate of an invoice received before (${inv.duplicateOf ?? ''})`;
        else if (findings.length === 0)
          note = 'Rejected: the invoice cannot be routed to a receiving unit (BT-10)';
      } else {
        code = 'AP';
      }
    }
    const meta = message.meta as { sender?: ParticipantId; receiver?: ParticipantId };
    res.type('application/xml; charset=utf-8');
    return buildMessageLevelResponse({
      id: `${messageId}-${code}`,
      issuedAt: new Date(),
      code,
      sender: meta.receiver ?? { scheme: '0000', value: 'unknown' },
      receiver: meta.sender ?? { scheme: '0000', value: 'unknown' },
      documentReference: message.externalId ?? messageId,
      findings,
      note,
    });
  }
}

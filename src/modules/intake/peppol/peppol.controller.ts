import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError } from '../../../common/errors/domain-error.js';
import { AppConfig } from '../../../config/app-config.js';
import { actorOf } from '../../auth/actor.js';
import { CurrentPrincipal, type Principal, Roles } from '../../auth/auth.contract.js';
import { TenantService } from '../../tenants/tenant.service.js';
import { readBody } from '../http/request-body.js';
import { IntakeErrors } from '../intake.errors.js';
import { IntakeService } from '../intake.service.js';
import { formatParticipantId } from './participant-id.js';
import { readSbdh } from './sbdh.js';
import { MessageLevelResponses } from './message-level-response.service.js';

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
    private readonly tenants: TenantService,
    private readonly config: AppConfig,
    private readonly responses: MessageLevelResponses,
  ) {}

  @Post('inbound')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Deliver an SBDH envelope with a UBL or CII invoice',
    description:
      'A retry with the same InstanceIdentifier and invoice gets the first receipt (`duplicateDelivery: true`); ' +
      'the same InstanceIdentifier with another invoice is refused with 422 `PEPPOL_INSTANCE_REUSED`.',
  })
  @ApiConsumes('application/xml')
  @ApiAcceptedResponse({ description: '`{messageId, invoiceId, receipt: "AB", responseUrl}`' })
  async inbound(@CurrentPrincipal() p: Principal, @Req() req: Request): Promise<unknown> {
    const body = await readBody(req, this.config.get('UPLOAD_MAX_BYTES'));
    const sbdh = readSbdh(body, this.config.get('XML_MAX_BYTES'));
    if (!sbdh.ok)
      throw new DomainError(IntakeErrors.PEPPOL_ENVELOPE_INVALID, { code: sbdh.code, detail: sbdh.detail });
    const env = sbdh.envelope;
    const tenant = await this.tenants.findByReceiverId(env.receiver.scheme, env.receiver.value);
    // An access point's key belongs to one tenant; another tenant's receiver is answered
    // like an unknown one, so that a key does not reveal which receivers the platform has.
    if (!tenant || tenant.id !== p.tenantId)
      throw new DomainError(IntakeErrors.PEPPOL_RECEIVER_UNKNOWN, {
        receiver: formatParticipantId(env.receiver),
      });
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
      // A retried delivery repeats the instance id with the same invoice; another invoice
      // under a known instance id is the sender's error, not a retry.
      externalIdReusedError: IntakeErrors.PEPPOL_INSTANCE_REUSED,
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
      responseUrl: `${this.config.publicBaseUrl}/peppol/responses/${result.message.id}`,
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
    const response = await this.responses.forDelivery(p.tenantId, messageId);
    if (!response) throw new DomainError(IntakeErrors.INVOICE_NOT_FOUND);
    res.type('application/xml; charset=utf-8');
    return response.xml;
  }
}

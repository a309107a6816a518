import { Injectable } from '@nestjs/common';
import {
  InvoiceRepository,
  type InvoiceRecord,
  type MessageRecord,
} from '../../invoices/invoice.repository.js';
import { isIntakeFinal } from '../../invoices/invoice-status.js';
import type { ValidationResult } from '../../validation/index.js';
import { buildMessageLevelResponse, type MlrCode, type MlrFinding } from './message-level-response.js';
import type { ParticipantId } from './participant-id.js';

export interface DeliveryResponse {
  readonly code: MlrCode;
  readonly xml: string;
  readonly message: MessageRecord;
  readonly invoice: InvoiceRecord | undefined;
}

/**
 * The Message Level Response for a Peppol delivery, from the persisted state: AB while the
 * pipeline works, AP once the invoice was taken in, RE with the findings when it was
 * rejected (or was a duplicate). The access point fetches it, or gets it POSTed.
 */
@Injectable()
export class MessageLevelResponses {
  constructor(private readonly invoices: InvoiceRepository) {}

  async forDelivery(tenantId: string, messageId: string): Promise<DeliveryResponse | undefined> {
    const message = await this.invoices.getMessage(tenantId, messageId);
    if (!message || message.channel !== 'peppol') return undefined;
    const [inv] = await this.invoices.listByMessage(tenantId, messageId);
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
    const xml = buildMessageLevelResponse({
      id: `${messageId}-${code}`,
      issuedAt: new Date(),
      code,
      sender: meta.receiver ?? { scheme: '0000', value: 'unknown' },
      receiver: meta.sender ?? { scheme: '0000', value: 'unknown' },
      documentReference: message.externalId ?? messageId,
      findings,
      note,
    });
    return { code, xml, message, invoice: inv };
  }
}

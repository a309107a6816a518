/**
 * A rich invoice read model for the page's and the PDF's tests: our factory's XRechnung,
 * read by the EN 16931 reader, with every part the page shows filled in — and a seller
 * whose name is an attack.
 */
import type { InvoiceView } from '../../invoices/invoice-read.service.js';
import { buildUblInvoice } from '../../validation/testing/invoice-factory.js';
import { parseToXNode } from '../../validation/xml/parse.js';
import { readInvoice } from '../../validation/semantic/read-invoice.js';

export const HOSTILE_SELLER = '<script>alert("x")</script> Lieferant & Söhne';

export function richInvoiceView(lines = 60): InvoiceView {
  const xml = buildUblInvoice({ lines, number: 'RE-2026-0815' });
  const model = readInvoice(parseToXNode(new TextEncoder().encode(xml)))!;
  model.seller.name = HOSTILE_SELLER;
  model.buyerAccountingReference = '4711.5300.01';
  model.projectReference = 'PRJ-Schule-3';
  model.purchaseOrderReference = 'PO-2026-17';
  model.contractReference = 'V-2025-9';
  model.paymentTerms = '#SKONTO#TAGE=10#PROZENT=2.00#\nZahlbar innerhalb von 30 Tagen ohne Abzug.';
  model.notes = ['Lieferung frei Haus. Grüße aus Łódź – ✓ 😀 中文'];
  model.payee = { name: 'Factoring Bank AG', identifiers: [{ value: 'PAYEE-1' }] };
  model.lines[0].orderLineReference = '10';
  model.lines[0].buyerAccountingReference = 'KST-0815';
  model.lines[0].itemDescription = 'Mit <b>fettem</b> Text & Sonderzeichen: äöü ß €';
  model.lines[1].allowancesCharges = [{ charge: false, amount: '5.00', reason: 'Rabatt' }];
  model.allowancesCharges = [
    { charge: true, amount: '0.00', reason: 'Versand', vatCategory: 'S', vatRate: '19' },
  ];
  return {
    id: '00000000-0000-4000-8000-000000000001',
    tenantId: '00000000-0000-4000-8000-0000000000aa',
    status: 'awaiting_approval',
    receivedAt: new Date('2026-03-03T09:15:00Z'),
    updatedAt: new Date('2026-03-03T09:15:02Z'),
    number: model.number ?? null,
    issueDate: '2026-03-02',
    dueDate: '2026-04-01',
    currency: 'EUR',
    amountDue: model.totals.payable ?? null,
    sellerName: HOSTILE_SELLER,
    data: model,
    cashDiscounts: [
      {
        until: '2026-03-12',
        days: 10,
        percent: '2.00',
        baseAmount: model.totals.payable!,
        discountAmount: '12.34',
        amountToPay: '604.66',
      },
    ],
    attachments: [
      {
        id: '00000000-0000-4000-8000-0000000000b1',
        name: 'Leistungsnachweis "März".pdf',
        mime: 'application/pdf',
        size: 2048,
        source: 'embedded',
        description: 'Stundenzettel <März>',
      },
    ],
    original: {
      fileName: 'RE-2026-0815.xml',
      mime: 'application/xml',
      kind: 'xml',
      size: xml.length,
      syntax: 'ubl-invoice',
      customization: model.specificationId ?? null,
    },
    message: {
      id: '00000000-0000-4000-8000-0000000000c1',
      channel: 'email',
      sender: 'rechnung@lieferant.example',
      receivedAt: new Date('2026-03-03T09:15:00Z'),
      subject: 'Rechnung <RE-2026-0815>',
      size: 12345,
      downloadable: true,
      fileName: 'message-2026-03-03-00000000.eml',
    },
    validation: {
      valid: true,
      acceptRecommendation: 'ACCEPTABLE',
      scenario: 'XRechnung 3.0 UBL',
      release: null,
      schemaErrors: [],
      errors: [],
      warnings: [
        {
          id: 'BR-DE-TEST',
          severity: 'warning',
          bt: ['BT-20'],
          messages: { de: 'Hinweis <zum> Test', en: 'Test <warning>' },
          location: '/Invoice',
        },
      ],
      infos: [],
    },
    history: [
      {
        fromStatus: null,
        toStatus: 'received',
        at: new Date('2026-03-03T09:15:00Z'),
        actor: 'system',
        detail: null,
      },
      {
        fromStatus: 'validated',
        toStatus: 'awaiting_approval',
        at: new Date('2026-03-03T09:15:02Z'),
        actor: 'system',
        detail: { suspectedDuplicateOf: 'x' },
      },
    ],
    duplicateOf: null,
    suspectedDuplicateOf: null,
  };
}

/**
 * Postings for the tests of postings going out: a tenant with an admin and a finance key,
 * invoices submitted through intake (as the approval fixture makes them), moved along the
 * lifecycle with the invoice repository, and `postings` rows whose document is a valid
 * `Posting` — inserted directly, because making postings is the postings module's work.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { IntakeService } from '../../../src/modules/intake/intake.service.js';
import { InvoiceRepository } from '../../../src/modules/invoices/invoice.repository.js';
import { isIntakeFinal, type InvoiceStatus } from '../../../src/modules/invoices/invoice-status.js';
import type { Posting, PostingKontierungLine } from '../../../src/modules/postings/posting.js';
import { buildUblInvoice } from '../../../src/modules/validation/testing/invoice-factory.js';
import type { TestApp } from '../../support/app.js';
import { IdentityContext, type TenantFixture } from '../auth/identity-context.js';

export type PostingOverrides = Partial<Omit<Posting, 'invoice' | 'creditor' | 'kontierung'>> & {
  invoice?: Partial<Posting['invoice']>;
  creditor?: Partial<Posting['creditor']>;
  kontierung?: ReadonlyArray<Partial<PostingKontierungLine> & { amount: string }>;
};

export interface PostingFixture extends TenantFixture {
  finance: { id: string; key: string };
  /** An invoice through intake, waiting for approval; its id. */
  invoice(): Promise<string>;
  /** Moves an invoice along the lifecycle (`approved`, `filed`, …) as the owners of those steps would. */
  advance(invoiceId: string, ...to: InvoiceStatus[]): Promise<void>;
  /** Inserts a posting for the invoice (a fresh invoice when none is given). */
  posting(overrides?: PostingOverrides, invoiceId?: string): Promise<Posting>;
}

export function buildPosting(tenantId: string, invoiceId: string, o: PostingOverrides = {}): Posting {
  const id = o.id ?? randomUUID();
  const lines: ReadonlyArray<Partial<PostingKontierungLine> & { amount: string }> = o.kontierung ?? [
    { amount: '119.00' },
  ];
  const kontierung = lines.map((k, i) => ({
    line: i + 1,
    buchungsstelle: k.buchungsstelle ?? '11101.4930',
    kostenstelle: k.kostenstelle === undefined ? 'KST-100' : k.kostenstelle,
    investitionsnummer: k.investitionsnummer ?? null,
    amount: k.amount,
  }));
  const gross = kontierung.reduce((s, k) => s + Math.round(Number(k.amount) * 100), 0);
  const money = (c: number) => (c / 100).toFixed(2);
  const net = Math.round(gross / 1.19);
  return {
    id,
    tenantId,
    kind: o.kind ?? 'posting',
    reverses: o.reverses ?? null,
    createdAt: new Date().toISOString(),
    invoice: {
      id: invoiceId,
      number: `RE-${randomBytes(3).toString('hex')}`,
      issueDate: '2026-03-15',
      typeCode: '380',
      creditNote: false,
      buyerReference: null,
      purchaseOrder: null,
      ...o.invoice,
    },
    creditor: {
      name: 'Müller & Söhne GmbH',
      street: 'Hauptstraße 1',
      postcode: '01067',
      city: 'Dresden',
      country: 'DE',
      vatId: 'DE123456789',
      taxNumber: null,
      iban: 'DE02120300000000202051',
      bic: null,
      creditorNumber: '70001',
      ...o.creditor,
    },
    currency: o.currency ?? 'EUR',
    totals: o.totals ?? { net: money(net), vat: money(gross - net), gross: money(gross), due: money(gross) },
    vat: o.vat ?? [{ category: 'S', rate: '19.00', net: money(net), vat: money(gross - net) }],
    kontierung,
    dueDate: o.dueDate === undefined ? '2026-04-14' : o.dueDate,
    skonto: o.skonto === undefined ? null : o.skonto,
    leitwegId: o.leitwegId ?? null,
    record:
      o.record === undefined
        ? { vorgangId: randomUUID(), aktenzeichen: '902.11-2026/0001', link: '/records/x' }
        : o.record,
    approval: o.approval ?? { policyId: randomUUID(), policyVersion: 1, approvers: [] },
  };
}

export async function postingFixture(
  t: TestApp,
  identity = new IdentityContext(t.app),
): Promise<PostingFixture> {
  const base = await identity.newTenant();
  const finance = await identity.newApiKey(base.tenant.id, 'finance');
  const tenantId = base.tenant.id;
  const leitwegId = base.tenant.receiverIds[0].value;
  const invoices = t.app.get(InvoiceRepository);
  const fixture: PostingFixture = {
    ...base,
    finance,
    async invoice() {
      const xml = Buffer.from(
        buildUblInvoice({ number: `RE-${randomBytes(4).toString('hex')}`, buyerReference: leitwegId }),
      );
      const submitted = await t.app.get(IntakeService).submit(tenantId, {
        channel: 'upload',
        raw: xml,
        rawContentType: 'application/xml',
        documents: [{ content: xml, fileName: 'rechnung.xml', contentType: 'application/xml' }],
        sender: `api-key:${base.apiKey.id}`,
      });
      const id = submitted.invoices[0].id;
      for (let i = 0; i < 600; i++) {
        const inv = await invoices.get(tenantId, id);
        if (inv && isIntakeFinal(inv.status)) {
          if (inv.status !== 'awaiting_approval') throw new Error(`invoice ended in ${inv.status}`);
          return id;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`invoice ${id} did not reach approval`);
    },
    async advance(invoiceId, ...to) {
      for (const next of to) {
        const inv = (await invoices.get(tenantId, invoiceId))!;
        if (!(await invoices.transition(tenantId, invoiceId, inv.status, next, 'test')))
          throw new Error(`invoice ${invoiceId}: ${inv.status} → ${next} refused`);
      }
    },
    async posting(overrides = {}, invoiceId) {
      const inv = invoiceId ?? (await fixture.invoice());
      const p = buildPosting(tenantId, inv, overrides);
      await t.db.dataSource.query(
        `INSERT INTO postings (id, tenant_id, invoice_id, kind, reverses_id, currency, gross, document)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [p.id, tenantId, inv, p.kind, p.reverses, p.currency, p.totals.gross, JSON.stringify(p)],
      );
      return p;
    },
  };
  return fixture;
}

/**
 * The invoice as a document for people, independent of the medium: sections of facts,
 * tables and paragraphs with every text already in the reader's language and format. The
 * staff page (`invoice.view.ts`) and its PDF (`invoice-pdf.ts`) both render this, so what
 * the PDF shows is what the page shows.
 */
import type { Lang } from '../../../common/errors/domain-error.js';
import {
  documentTypeLabel,
  paymentMeansLabel,
  textOf,
  unitLabel,
  vatCategoryLabel,
  DOCUMENT_TYPES,
} from '../../invoices/codes/index.js';
import type { FindingView, InvoiceView } from '../../invoices/invoice-read.service.js';
import type { AllowanceCharge, Address, Party } from '../../validation/semantic/en16931.js';
import { formatAmount, formatDate, formatDateTime, formatNumber } from '../../validation/index.js';
import { type InvoicePageMessages, invoiceMessagesFor } from '../i18n/invoice.messages.js';

/** A value: its text, optionally more lines below it, a link, or a moment (for `<time>`). */
export interface Cell {
  readonly text: string;
  readonly lines?: readonly string[];
  readonly href?: string;
  /** An accessible name for the link when the text alone is ambiguous. */
  readonly label?: string;
  /** ISO date or instant for a `<time datetime>`. */
  readonly time?: string;
}

export interface Column {
  readonly label: string;
  readonly numeric?: boolean;
}

export type Block =
  | { readonly kind: 'facts'; readonly title?: string; readonly rows: readonly (readonly [string, Cell])[] }
  | {
      readonly kind: 'table';
      readonly caption: string;
      readonly columns: readonly Column[];
      readonly rows: readonly (readonly Cell[])[];
    }
  | { readonly kind: 'paragraph'; readonly text: string; readonly tone?: 'note' | 'problem' | 'ok' }
  | { readonly kind: 'links'; readonly links: readonly Cell[] };

export interface DocSection {
  readonly id: string;
  readonly title: string;
  readonly blocks: readonly Block[];
}

export interface InvoiceDocument {
  readonly lang: Lang;
  /** `Rechnung RE-2026-0001`. */
  readonly title: string;
  readonly seller: string | null;
  readonly status: string;
  readonly statusTone: 'progress' | 'ok' | 'problem' | 'neutral';
  readonly amountDue: string | null;
  readonly sections: readonly DocSection[];
}

const c = (text: string | null | undefined, more: Partial<Cell> = {}): Cell => ({
  text: text === null || text === undefined || text === '' ? '–' : text,
  ...more,
});

/** IBANs grouped in fours (`DE02 1203 0000 …`), other account ids as written. */
export function groupIban(id: string): string {
  const compact = id.replace(/\s+/g, '');
  return /^[A-Z]{2}\d{2}[A-Z0-9]{8,30}$/.test(compact) ? compact.replace(/(.{4})(?=.)/g, '$1 ') : id;
}

function percent(value: string | undefined, lang: Lang): string {
  if (value === undefined || value === '') return '–';
  return lang === 'de' ? `${formatNumber(value, lang)} %` : `${formatNumber(value, lang)}%`;
}

function country(code: string | undefined, lang: Lang): string | undefined {
  if (!code) return undefined;
  try {
    const name = new Intl.DisplayNames([lang], { type: 'region' }).of(code.toUpperCase());
    return name && name !== code.toUpperCase() ? name : code;
  } catch {
    return code;
  }
}

function addressLines(a: Address | undefined, lang: Lang): string[] {
  if (!a) return [];
  const place = [a.postCode, a.city].filter(Boolean).join(' ');
  return [a.line1, a.line2, a.line3, place, a.subdivision, country(a.countryCode, lang)].filter(
    (l): l is string => !!l,
  );
}

function period(start: string | undefined, end: string | undefined, lang: Lang): string | undefined {
  if (!start && !end) return undefined;
  return `${start ? formatDate(start, lang) : '…'} – ${end ? formatDate(end, lang) : '…'}`;
}

function partyBlock(
  title: string,
  p: Party | undefined,
  t: InvoicePageMessages,
  lang: Lang,
): Block | undefined {
  if (!p) return undefined;
  const pt = t.parties;
  const rows: [string, Cell][] = [];
  const add = (label: string, value: string | undefined, lines?: string[]) => {
    if (value || lines?.length)
      rows.push([label, { text: value ?? lines?.[0] ?? '', lines: value ? lines : lines?.slice(1) }]);
  };
  add(pt.name, p.name);
  if (p.tradingName && p.tradingName !== p.name) add(pt.tradingName, p.tradingName);
  add(pt.address, undefined, addressLines(p.address, lang));
  add(pt.vatId, p.vatId);
  add(pt.taxNumber, p.taxRegistration);
  add(pt.legalRegistration, p.legalRegistration && ident(p.legalRegistration));
  add(pt.identifiers, undefined, p.identifiers.map(ident));
  add(pt.electronicAddress, p.electronicAddress && ident(p.electronicAddress));
  if (p.contact) {
    add(
      pt.contact,
      undefined,
      [
        p.contact.name,
        p.contact.phone && `${pt.phone}: ${p.contact.phone}`,
        p.contact.email && `${pt.email}: ${p.contact.email}`,
      ].filter((l): l is string => !!l),
    );
  }
  if (rows.length === 0) return undefined;
  return { kind: 'facts', title, rows };
}

function ident(i: { value: string; scheme?: string }): string {
  return i.scheme ? `${i.value} (${i.scheme})` : i.value;
}

function allowanceText(
  a: AllowanceCharge,
  t: InvoicePageMessages,
  currency: string | null,
  lang: Lang,
): string {
  const kind = a.charge ? t.allowanceCharge.charge : t.allowanceCharge.allowance;
  const reason = a.reason ?? a.reasonCode;
  const pct = a.percentage
    ? ` (${percent(a.percentage, lang)}${a.baseAmount ? ` × ${formatAmount(a.baseAmount, currency, lang)}` : ''})`
    : '';
  return `${kind}${reason ? ` – ${reason}` : ''}: ${a.charge ? '' : '−'}${formatAmount(a.amount, currency, lang)}${pct}`;
}

function findingsTable(caption: string, list: readonly FindingView[], lang: Lang): Block {
  return {
    kind: 'table',
    caption,
    columns: [
      { label: lang === 'de' ? 'Regel' : 'Rule' },
      { label: 'BT' },
      { label: lang === 'de' ? 'Meldung' : 'Message' },
    ],
    rows: list.map((f) => [
      c(f.id),
      c(f.bt.join(', ')),
      c(f.messages[lang], f.location ? { lines: [f.location] } : {}),
    ]),
  };
}

/** The invoice's type in words (`Rechnung`, `Gutschrift`), or the generic word when unknown. */
export function typeWord(v: InvoiceView, lang: Lang): string {
  const t = invoiceMessagesFor(lang);
  return textOf(DOCUMENT_TYPES, v.data?.typeCode, lang) ?? t.titleFallback;
}

const TONES: Readonly<Record<string, InvoiceDocument['statusTone']>> = {
  rejected: 'problem',
  returned: 'problem',
  cancelled: 'neutral',
  duplicate: 'neutral',
  approved: 'ok',
  filed: 'ok',
  posted: 'ok',
};

/** Builds the document; `base` is the page's path (`/invoices/<id>`) for the download links. */
export function invoiceDocument(v: InvoiceView, lang: Lang, base: string): InvoiceDocument {
  const t = invoiceMessagesFor(lang);
  const d = v.data;
  const cur = v.currency ?? d?.currency ?? null;
  const amount = (x: string | undefined | null, currency = cur) => formatAmount(x ?? null, currency, lang);
  const date = (x: string | undefined | null) => (x ? c(formatDate(x, lang), { time: x }) : c(null));
  const sections: DocSection[] = [];
  const s = t.summary;

  // Overview
  const overview: [string, Cell][] = [
    [s.status, c(t.statuses[v.status] ?? v.status)],
    [s.type, c(documentTypeLabel(d?.typeCode, lang))],
    [s.number, c(v.number ?? d?.number)],
    [s.issueDate, date(v.issueDate ?? d?.issueDate)],
    [s.dueDate, date(v.dueDate ?? d?.dueDate)],
    [s.currency, c(cur)],
    [s.amountDue, c(amount(v.amountDue ?? d?.totals.payable))],
    [s.receivedAt, c(formatDateTime(v.receivedAt, lang), { time: v.receivedAt.toISOString() })],
    [s.channel, c(s.channels[v.message.channel] ?? v.message.channel)],
  ];
  // An upload's sender is the API key: nothing a clerk can use.
  if (v.message.sender && v.message.channel !== 'upload') overview.push([s.sender, c(v.message.sender)]);
  if (v.message.subject) overview.push([s.subject, c(v.message.subject)]);
  const overviewBlocks: Block[] = [{ kind: 'facts', rows: overview }];
  if (v.suspectedDuplicateOf)
    overviewBlocks.push({ kind: 'paragraph', tone: 'problem', text: s.suspectedDuplicate });
  if (v.duplicateOf)
    overviewBlocks.push({ kind: 'paragraph', tone: 'note', text: `${s.duplicateOf} ${v.duplicateOf}` });
  if (!d) overviewBlocks.push({ kind: 'paragraph', tone: 'note', text: s.notReadable });
  const links: Cell[] = [
    { text: t.downloads.original(v.original.kind), href: `${base}/original` },
    { text: t.downloads.pdf, href: `${base}/pdf` },
  ];
  if (v.message.downloadable) links.push({ text: t.downloads.email, href: `${base}/email` });
  overviewBlocks.push({ kind: 'links', links });
  sections.push({ id: 'overview', title: s.title, blocks: overviewBlocks });

  if (d) {
    // Parties
    const parties = [
      partyBlock(t.parties.seller, d.seller, t, lang),
      partyBlock(t.parties.buyer, d.buyer, t, lang),
      partyBlock(t.parties.payee, d.payee, t, lang),
      partyBlock(t.parties.taxRepresentative, d.sellerTaxRepresentative, t, lang),
    ].filter((b): b is Block => b !== undefined);
    sections.push({ id: 'parties', title: t.parties.title, blocks: parties });

    // References
    const r = t.references;
    const refs: [string, Cell][] = [];
    const ref = (label: string, value: string | undefined, cell?: Cell) => {
      if (value) refs.push([label, cell ?? c(value)]);
    };
    ref(r.buyerReference, d.buyerReference);
    ref(r.purchaseOrder, d.purchaseOrderReference);
    ref(r.salesOrder, d.salesOrderReference);
    ref(r.contract, d.contractReference);
    ref(r.project, d.projectReference);
    ref(r.accounting, d.buyerAccountingReference);
    ref(r.precedingInvoices, d.precedingInvoices.join(', ') || undefined);
    ref(r.deliveryDate, d.deliveryDate, date(d.deliveryDate));
    ref(r.period, period(d.periodStart, d.periodEnd, lang));
    sections.push({
      id: 'references',
      title: r.title,
      blocks: refs.length ? [{ kind: 'facts', rows: refs }] : [{ kind: 'paragraph', text: r.none }],
    });

    // Lines
    const l = t.lines;
    const lineRows = d.lines.map((line): Cell[] => {
      const unit = unitLabel(line.unitCode, lang);
      const more = [
        line.itemDescription,
        line.sellerItemId && `${l.sellerItemId}: ${line.sellerItemId}`,
        line.orderLineReference && `${l.orderLine}: ${line.orderLineReference}`,
        line.buyerAccountingReference && `${l.accounting}: ${line.buyerAccountingReference}`,
        period(line.periodStart, line.periodEnd, lang) &&
          `${l.period}: ${period(line.periodStart, line.periodEnd, lang)}`,
        line.note && `${l.note}: ${line.note}`,
        ...line.allowancesCharges.map((a) => allowanceText(a, t, cur, lang)),
      ].filter((x): x is string => !!x);
      const base =
        line.priceBaseQuantity && formatNumber(line.priceBaseQuantity, lang) !== '1'
          ? [l.priceBase(formatNumber(line.priceBaseQuantity, lang), unit)]
          : undefined;
      return [
        c(line.id),
        c(line.itemName, { lines: more }),
        c(formatNumber(line.quantity, lang)),
        c(unit || null),
        c(amount(line.netPrice), base ? { lines: base } : {}),
        c(`${line.vatCategory ?? ''} ${percent(line.vatRate, lang)}`.trim()),
        c(amount(line.netAmount)),
      ];
    });
    sections.push({
      id: 'lines',
      title: l.title,
      blocks: lineRows.length
        ? [
            {
              kind: 'table',
              caption: l.caption(lineRows.length),
              columns: [
                { label: l.position },
                { label: l.item },
                { label: l.quantity, numeric: true },
                { label: l.unit },
                { label: l.price, numeric: true },
                { label: l.vat },
                { label: l.net, numeric: true },
              ],
              rows: lineRows,
            },
          ]
        : [{ kind: 'paragraph', text: l.none }],
    });

    // Document level allowances and charges
    if (d.allowancesCharges.length) {
      const a = t.allowanceCharge;
      sections.push({
        id: 'allowances',
        title: a.title,
        blocks: [
          {
            kind: 'table',
            caption: a.caption,
            columns: [
              { label: a.kind },
              { label: a.reason },
              { label: a.base, numeric: true },
              { label: a.percent, numeric: true },
              { label: a.amount, numeric: true },
              { label: a.vat },
            ],
            rows: d.allowancesCharges.map((x) => [
              c(x.charge ? a.charge : a.allowance),
              c([x.reason, x.reasonCode && `(${x.reasonCode})`].filter(Boolean).join(' ')),
              c(x.baseAmount ? amount(x.baseAmount) : null),
              c(x.percentage ? percent(x.percentage, lang) : null),
              c(amount(x.amount)),
              c(`${x.vatCategory ?? ''} ${percent(x.vatRate, lang)}`.trim()),
            ]),
          },
        ],
      });
    }

    // VAT breakdown
    const vt = t.vat;
    sections.push({
      id: 'vat',
      title: vt.title,
      blocks: [
        {
          kind: 'table',
          caption: vt.caption,
          columns: [
            { label: vt.category },
            { label: vt.rate, numeric: true },
            { label: vt.taxable, numeric: true },
            { label: vt.tax, numeric: true },
            { label: vt.exemption },
          ],
          rows: d.vatBreakdown.map((b) => [
            c(vatCategoryLabel(b.category, lang)),
            c(percent(b.rate, lang)),
            c(amount(b.taxableAmount)),
            c(amount(b.taxAmount)),
            c(
              [b.exemptionReason, b.exemptionReasonCode && `(${b.exemptionReasonCode})`]
                .filter(Boolean)
                .join(' ') || null,
            ),
          ]),
        },
      ],
    });

    // Totals
    const tt = t.totals;
    const tot = d.totals;
    const totals: [string, Cell][] = [[tt.lineTotal, c(amount(tot.lineTotal))]];
    if (tot.allowanceTotal) totals.push([tt.allowanceTotal, c(amount(tot.allowanceTotal))]);
    if (tot.chargeTotal) totals.push([tt.chargeTotal, c(amount(tot.chargeTotal))]);
    totals.push([tt.taxExclusive, c(amount(tot.taxExclusive))], [tt.taxTotal, c(amount(tot.taxTotal))]);
    if (tot.taxTotalAccounting)
      totals.push([tt.taxTotalAccounting, c(amount(tot.taxTotalAccounting, d.vatCurrency ?? null))]);
    totals.push([tt.taxInclusive, c(amount(tot.taxInclusive))]);
    if (tot.prepaid) totals.push([tt.prepaid, c(amount(tot.prepaid))]);
    if (tot.rounding) totals.push([tt.rounding, c(amount(tot.rounding))]);
    totals.push([tt.payable, c(amount(tot.payable))]);
    sections.push({ id: 'totals', title: tt.title, blocks: [{ kind: 'facts', rows: totals }] });

    // Payment
    const p = t.payment;
    const pay: [string, Cell][] = [];
    if (d.payment.meansCode) pay.push([p.means, c(paymentMeansLabel(d.payment.meansCode, lang))]);
    if (d.payment.accountIds.length)
      pay.push([
        p.accounts,
        c(groupIban(d.payment.accountIds[0]), { lines: d.payment.accountIds.slice(1).map(groupIban) }),
      ]);
    if (d.payment.remittanceInformation) pay.push([p.remittance, c(d.payment.remittanceInformation)]);
    if (d.payment.mandateReference) pay.push([p.mandate, c(d.payment.mandateReference)]);
    if (d.payment.cardPan) pay.push([p.card, c(d.payment.cardPan)]);
    pay.push([p.dueDate, date(v.dueDate ?? d.dueDate)]);
    const terms = (d.paymentTerms ?? '')
      .split('\n')
      .map((x) => x.trim())
      .filter((x) => x && !/^#SKONTO#/i.test(x));
    if (terms.length) pay.push([p.terms, c(terms[0], { lines: terms.slice(1) })]);
    const payBlocks: Block[] = [{ kind: 'facts', rows: pay }];
    payBlocks.push(
      v.cashDiscounts.length
        ? {
            kind: 'table',
            caption: p.cashDiscountCaption,
            columns: [
              { label: p.until },
              { label: p.days, numeric: true },
              { label: p.percent, numeric: true },
              { label: p.baseAmount, numeric: true },
              { label: p.discount, numeric: true },
              { label: p.amountToPay, numeric: true },
            ],
            rows: v.cashDiscounts.map((x) => [
              date(x.until),
              c(p.daysValue(x.days)),
              c(percent(x.percent, lang)),
              c(amount(x.baseAmount)),
              c(amount(x.discountAmount)),
              c(amount(x.amountToPay)),
            ]),
          }
        : { kind: 'paragraph', text: p.noCashDiscount },
    );
    sections.push({ id: 'payment', title: p.title, blocks: payBlocks });

    // Notes
    const notes = d.notes.filter((n) => n.trim());
    sections.push({
      id: 'notes',
      title: t.notes.title,
      blocks: notes.length
        ? notes.map((n) => ({ kind: 'paragraph' as const, text: n }))
        : [{ kind: 'paragraph', text: t.notes.none }],
    });
  }

  // Attachments
  const at = t.attachments;
  const attBlocks: Block[] = [];
  if (v.attachments.length) {
    attBlocks.push({
      kind: 'table',
      caption: at.caption,
      columns: [
        { label: at.name },
        { label: at.description },
        { label: at.type },
        { label: at.size, numeric: true },
        { label: at.source },
      ],
      rows: v.attachments.map((a) => [
        a.size === null
          ? c(a.name, { lines: [at.missing] })
          : c(a.name, { href: `${base}/attachments/${a.id}`, label: at.download(a.name) }),
        c(a.description),
        c(a.mime),
        c(a.size === null ? null : t.bytes(a.size)),
        c(a.source === 'embedded' ? at.embedded : at.message),
      ]),
    });
  } else attBlocks.push({ kind: 'paragraph', text: at.none });
  const external = (d?.attachments ?? [])
    .filter((a) => a.externalUri)
    .map((a) => `${a.description ?? a.id ?? ''} ${a.externalUri}`.trim());
  if (external.length)
    attBlocks.push({ kind: 'facts', rows: [[at.external, c(external[0], { lines: external.slice(1) })]] });
  sections.push({ id: 'attachments', title: at.title, blocks: attBlocks });

  // Original
  const o = t.original;
  const orig: [string, Cell][] = [
    [o.fileName, c(v.original.fileName, { href: `${base}/original` })],
    [o.type, c(o.kinds[v.original.kind])],
    [o.size, c(v.original.size === null ? null : t.bytes(v.original.size))],
  ];
  if (v.original.syntax) orig.push([o.syntax, c(v.original.syntax)]);
  if (v.original.customization) orig.push([o.customization, c(v.original.customization)]);
  if (d?.processId) orig.push([t.references.processId, c(d.processId)]);
  if (v.message.downloadable)
    orig.push([
      o.message,
      c(v.message.fileName, { href: `${base}/email`, lines: [t.bytes(v.message.size)] }),
    ]);
  sections.push({
    id: 'original',
    title: o.title,
    blocks: [
      { kind: 'facts', rows: orig },
      { kind: 'paragraph', tone: 'note', text: o.note },
    ],
  });

  // Validation
  const va = t.validation;
  const valBlocks: Block[] = [];
  if (!v.validation) valBlocks.push({ kind: 'paragraph', text: va.pending });
  else {
    const r = v.validation;
    valBlocks.push({
      kind: 'paragraph',
      tone: r.valid ? 'ok' : 'problem',
      text: `${r.valid ? va.valid : va.invalid} ${va.counts(r.errors.length + r.schemaErrors.length, r.warnings.length, r.infos.length)}`,
    });
    if (r.scenario)
      valBlocks.push({
        kind: 'facts',
        rows: [[va.scenario, c(r.scenario, r.release ? { lines: [r.release] } : {})]],
      });
    if (r.schemaErrors.length)
      valBlocks.push({
        kind: 'table',
        caption: va.schemaErrors,
        columns: [{ label: va.schemaErrors }],
        rows: r.schemaErrors.map((e) => [c(e.message, { lines: [va.line(e.line)] })]),
      });
    if (r.errors.length) valBlocks.push(findingsTable(va.errors, r.errors, lang));
    if (r.warnings.length) valBlocks.push(findingsTable(va.warnings, r.warnings, lang));
    if (r.infos.length) valBlocks.push(findingsTable(va.infos, r.infos, lang));
  }
  sections.push({ id: 'validation', title: va.title, blocks: valBlocks });

  // History
  const h = t.history;
  sections.push({
    id: 'history',
    title: h.title,
    blocks: [
      {
        kind: 'table',
        caption: h.caption,
        columns: [{ label: h.time }, { label: h.event }, { label: h.actor }, { label: h.detail }],
        rows: v.history.map((e) => [
          c(formatDateTime(e.at, lang), { time: e.at.toISOString() }),
          c(
            h.transition(
              e.fromStatus ? (t.statuses[e.fromStatus] ?? e.fromStatus) : null,
              t.statuses[e.toStatus] ?? e.toStatus,
            ),
          ),
          c(e.actor === 'system' ? h.system : e.actor),
          c(eventDetail(e.detail, t) || null),
        ]),
      },
    ],
  });

  const type = typeWord(v, lang);
  return {
    lang,
    title: t.pageTitle(type, v.number ?? d?.number ?? null),
    seller: v.sellerName ?? d?.seller.name ?? null,
    status: t.statuses[v.status] ?? v.status,
    statusTone: TONES[v.status] ?? 'progress',
    amountDue: (v.amountDue ?? d?.totals.payable) ? amount(v.amountDue ?? d?.totals.payable) : null,
    sections,
  };
}

function eventDetail(detail: Record<string, unknown> | null, t: InvoicePageMessages): string {
  if (!detail) return '';
  const h = t.history;
  const parts: string[] = [];
  const reason = typeof detail.reason === 'string' ? detail.reason : undefined;
  if (reason) parts.push(h.reasons[reason] ?? reason);
  if (typeof detail.code === 'string') parts.push(detail.code);
  if (Array.isArray(detail.errors) && detail.errors.length)
    parts.push(
      h.findings(
        detail.errors
          .filter((x) => typeof x === 'string')
          .slice(0, 10)
          .join(', ') + (detail.errors.length > 10 ? ', …' : ''),
      ),
    );
  if (typeof detail.suspectedDuplicateOf === 'string')
    parts.push(`${h.suspected}: ${detail.suspectedDuplicateOf}`);
  return parts.join(' · ');
}

import { Decimal } from 'decimal.js';
import type { CashDiscount } from '../intake/pipeline/cash-discount.js';
import { checkLeitwegId } from '../tenants/leitweg-id.js';
import type { Invoice } from '../validation/semantic/en16931.js';
import type {
  Posting,
  PostingApprover,
  PostingKontierungLine,
  PostingRecordRef,
  PostingVatLine,
} from './posting.js';

/**
 * Builds the posting document of an approved invoice: a pure function of what the hook read
 * inside the approval's transaction (the invoice as stored, its Kontierung, the approvers,
 * the policy, the Vorgang of the records hook, the creditor number the creditor master
 * gave). Amounts are decimal strings with two places; a credit note's are negative.
 */

/** BT-3 codes of credit notes (UNTDID 1001 as EN 16931 allows them). */
const CREDIT_NOTE_CODES = new Set([
  '81',
  '83',
  '261',
  '262',
  '296',
  '308',
  '381',
  '396',
  '420',
  '458',
  '532',
]);

export function isCreditNote(
  syntax: string | null | undefined,
  typeCode: string | null | undefined,
): boolean {
  return syntax === 'ubl-creditnote' || CREDIT_NOTE_CODES.has((typeCode ?? '').trim());
}

/** The invoice as the builder needs it: the stored columns and the EN 16931 model. */
export interface PostingInvoiceInput {
  readonly id: string;
  readonly number: string | null;
  readonly issueDate: string | null;
  readonly dueDate: string | null;
  readonly currency: string | null;
  readonly amountDue: string | null;
  readonly sellerName: string | null;
  readonly sellerVatId: string | null;
  readonly buyerReference: string | null;
  readonly model: Invoice | null;
  readonly cashDiscounts: readonly CashDiscount[];
}

export interface PostingKontierungInput {
  readonly buchungsstelle: string;
  readonly kostenstelle?: string | null;
  readonly investitionsnummer?: string | null;
  readonly amount: string;
}

export interface PostingBuildInput {
  readonly id: string;
  readonly tenantId: string;
  readonly createdAt: Date;
  readonly invoice: PostingInvoiceInput;
  readonly kontierung: readonly PostingKontierungInput[];
  readonly approvers: readonly PostingApprover[];
  readonly policy: { readonly id: string; readonly version: number };
  readonly record: { readonly vorgangId: string; readonly aktenzeichen: string } | null | undefined;
  readonly creditorNumber: string | null;
}

/** A decimal string with two places, or null when there is no amount. */
function amount(v: string | null | undefined, sign: 1 | -1): string | null {
  if (v === null || v === undefined || v.trim() === '') return null;
  let d: Decimal;
  try {
    d = new Decimal(v.trim());
  } catch {
    return null;
  }
  return d.times(sign).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

const orZero = (v: string | null): string => v ?? '0.00';

function text(v: string | null | undefined): string | null {
  const t = v?.trim();
  return t ? t : null;
}

function isoDay(v: string | null | undefined): string | null {
  return v && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : null;
}

/** BT-10 as Leitweg-ID when it is one (format and check digits), else null. */
export function leitwegIdOf(buyerReference: string | null | undefined): string | null {
  if (!buyerReference) return null;
  const checked = checkLeitwegId(buyerReference);
  return checked.ok ? checked.value : null;
}

export function recordRefOf(
  record: { readonly vorgangId: string; readonly aktenzeichen: string } | null | undefined,
): PostingRecordRef | null {
  if (!record) return null;
  return {
    vorgangId: record.vorgangId,
    aktenzeichen: record.aktenzeichen,
    link: `/records/${record.vorgangId}`,
  };
}

export function buildPosting(input: PostingBuildInput): Posting {
  const inv = input.invoice;
  const model = inv.model;
  const creditNote = isCreditNote(model?.syntax, model?.typeCode);
  // A credit note carries positive amounts in its document; the posting books them negative.
  // One already written negative stays negative (the sign is never flipped twice).
  const payable = new Decimal(model?.totals?.payable ?? inv.amountDue ?? '0');
  const sign: 1 | -1 = creditNote && payable.gte(0) ? -1 : 1;
  const totals = model?.totals ?? {};
  const due = amount(totals.payable ?? inv.amountDue, sign);
  const gross = amount(totals.taxInclusive, sign) ?? due;
  const vatTotal = amount(totals.taxTotal, sign);
  const net = amount(totals.taxExclusive, sign);
  const vat: PostingVatLine[] = (model?.vatBreakdown ?? []).map((b) => ({
    category: text(b.category) ?? 'S',
    rate: new Decimal(b.rate?.trim() || '0').toFixed(2),
    net: orZero(amount(b.taxableAmount, sign)),
    vat: orZero(amount(b.taxAmount, sign)),
  }));
  const kontierung: PostingKontierungLine[] = input.kontierung.map((k, i) => ({
    line: i + 1,
    buchungsstelle: k.buchungsstelle,
    kostenstelle: text(k.kostenstelle),
    investitionsnummer: text(k.investitionsnummer),
    amount: orZero(amount(k.amount, sign)),
  }));
  const seller = model?.seller;
  const address = seller?.address;
  const firstSkonto = [...inv.cashDiscounts].sort((a, b) => a.until.localeCompare(b.until))[0];
  const buyerReference = text(model?.buyerReference ?? inv.buyerReference);
  return {
    id: input.id,
    tenantId: input.tenantId,
    kind: 'posting',
    reverses: null,
    createdAt: input.createdAt.toISOString(),
    invoice: {
      id: inv.id,
      number: text(model?.number ?? inv.number) ?? '',
      issueDate: isoDay(model?.issueDate ?? inv.issueDate) ?? '',
      typeCode: text(model?.typeCode) ?? (model?.syntax === 'ubl-creditnote' ? '381' : '380'),
      creditNote,
      buyerReference,
      purchaseOrder: text(model?.purchaseOrderReference),
    },
    creditor: {
      name: text(seller?.name ?? inv.sellerName) ?? '',
      street: text([address?.line1, address?.line2].filter((x) => x && x.trim()).join(', ')),
      postcode: text(address?.postCode),
      city: text(address?.city),
      country: text(address?.countryCode),
      vatId: text(seller?.vatId ?? inv.sellerVatId),
      taxNumber: text(seller?.taxRegistration),
      iban: text(model?.payment?.accountIds?.[0])?.replace(/\s+/g, '') ?? null,
      // BT-86 is not part of the stored EN 16931 model yet.
      bic: null,
      creditorNumber: input.creditorNumber,
    },
    currency: text(model?.currency ?? inv.currency) ?? 'EUR',
    totals: {
      net: orZero(net),
      vat: orZero(vatTotal),
      gross: orZero(gross),
      due: orZero(due),
    },
    vat,
    kontierung,
    dueDate: isoDay(model?.dueDate ?? inv.dueDate),
    skonto: firstSkonto
      ? {
          date: firstSkonto.until,
          amount: orZero(amount(firstSkonto.discountAmount, sign)),
          percent: text(firstSkonto.percent),
        }
      : null,
    leitwegId: leitwegIdOf(buyerReference),
    record: recordRefOf(input.record),
    approval: {
      policyId: input.policy.id,
      policyVersion: input.policy.version,
      approvers: input.approvers,
    },
  };
}

/** A negated decimal string with two places ("0.00" stays "0.00"). */
function negate(v: string): string {
  const d = new Decimal(v).negated();
  return (d.isZero() ? new Decimal(0) : d).toFixed(2);
}

/**
 * The Generalumkehr of a posting: the same document with every amount negated, a new id,
 * `kind: 'reversal'` and `reverses` pointing at the original. Never an edit of the original.
 */
export function buildReversal(original: Posting, id: string, createdAt: Date): Posting {
  if (original.kind !== 'posting') throw new Error('only a posting can be reversed');
  return {
    ...original,
    id,
    kind: 'reversal',
    reverses: original.id,
    createdAt: createdAt.toISOString(),
    totals: {
      net: negate(original.totals.net),
      vat: negate(original.totals.vat),
      gross: negate(original.totals.gross),
      due: negate(original.totals.due),
    },
    vat: original.vat.map((l) => ({ ...l, net: negate(l.net), vat: negate(l.vat) })),
    kontierung: original.kontierung.map((k) => ({ ...k, amount: negate(k.amount) })),
    skonto: original.skonto ? { ...original.skonto, amount: negate(original.skonto.amount) } : null,
  };
}

/** What the approvers list is made from: the approval's tasks and decisions as stored. */
export interface ApproverTask {
  readonly id: string;
  readonly stepKey: string;
  readonly stepKind: string;
  readonly stepIndex: number;
  readonly state: string;
  readonly decidedBy: string | null;
  readonly onBehalfOf: string | null;
  readonly decidedAt: Date | null;
}

export interface ApproverDecision {
  readonly taskId: string | null;
  readonly action: string;
  readonly actorUserId: string | null;
  readonly actorName: string;
  readonly onBehalfOf: string | null;
  readonly at: Date;
}

/**
 * The approvers, one per approved step in step order. The hook runs inside the transaction
 * that records the last approval, before that decision's row is written: its step is known
 * only from the task (done, decided by, on behalf of), so a done task without an approve
 * decision takes its person from the task and the name from `names`.
 */
export function approversOf(
  tasks: readonly ApproverTask[],
  decisions: readonly ApproverDecision[],
  names: ReadonlyMap<string, string>,
): PostingApprover[] {
  const out: PostingApprover[] = [];
  for (const t of [...tasks].sort((a, b) => a.stepIndex - b.stepIndex)) {
    if (t.state !== 'done' || !t.decidedBy) continue;
    const d = [...decisions].reverse().find((x) => x.taskId === t.id && x.action === 'approve');
    if (d) {
      out.push({
        step: t.stepKey,
        kind: t.stepKind,
        userId: d.actorUserId ?? t.decidedBy,
        name: d.actorName,
        onBehalfOf: d.onBehalfOf,
        at: d.at.toISOString(),
      });
    } else {
      out.push({
        step: t.stepKey,
        kind: t.stepKind,
        userId: t.decidedBy,
        name: names.get(t.decidedBy) ?? '',
        onBehalfOf: t.onBehalfOf,
        at: (t.decidedAt ?? new Date(0)).toISOString(),
      });
    }
  }
  return out;
}

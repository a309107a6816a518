import { Decimal } from 'decimal.js';
import { parseSkontoTerms } from '../../validation/rules/xrechnung/skonto.js';

/**
 * Cash-discount offers (Skonto) of an invoice, from the XRechnung convention in BT-20
 * (`#SKONTO#TAGE=14#PROZENT=2.00#[BASISBETRAG=…#]`): the last day the discount may be
 * taken (invoice date BT-2 + days) and the amount it saves, so that treasury staff see
 * deadlines and the payment run can take the discount.
 */
export interface CashDiscount {
  /** Last day (ISO yyyy-mm-dd) on which the discount applies. */
  readonly until: string;
  readonly days: number;
  /** Percent as written, e.g. '2.00'. */
  readonly percent: string;
  /** The amount the percentage applies to: BASISBETRAG, or the amount due (BT-115). */
  readonly baseAmount: string;
  /** Discount amount, rounded half up to cents. */
  readonly discountAmount: string;
  /** What is paid when the discount is taken: amount due minus discount. */
  readonly amountToPay: string;
}

export function cashDiscounts(
  paymentTerms: string | undefined,
  issueDate: string | undefined,
  amountDue: string | undefined,
): CashDiscount[] {
  if (!paymentTerms || !issueDate || !amountDue || !/^\d{4}-\d{2}-\d{2}$/.test(issueDate)) return [];
  let due: Decimal;
  try {
    due = new Decimal(amountDue);
  } catch {
    return [];
  }
  return parseSkontoTerms(paymentTerms).terms.map((t) => {
    const base = t.baseAmount !== undefined ? new Decimal(t.baseAmount) : due;
    const discount = base.times(t.percent).dividedBy(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    return {
      until: addDays(issueDate, t.days),
      days: t.days,
      percent: t.percent,
      baseAmount: base.toFixed(2),
      discountAmount: discount.toFixed(2),
      amountToPay: due.minus(discount).toFixed(2),
    };
  });
}

/** Calendar arithmetic in UTC so that no time zone or DST shift moves a deadline. */
function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

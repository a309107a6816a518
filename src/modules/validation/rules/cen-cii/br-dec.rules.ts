import type { XNode } from '../../xml/xnode.js';
import type { AssertDef, Env } from './pattern.js';
import { abs, kids } from './cii-index.js';
import { numOf, round2, sv } from './cii-xpath.js';
import { atMostTwoDecimals, fatal } from './assert.js';

/** Decimal rules BR-DEC-*: amounts have at most two decimals (CII binding). */

function dec(
  ctx: string,
  id: string,
  term: string,
  termDe: string,
  p: string,
  fromParent: boolean,
): AssertDef {
  return fatal(
    ctx,
    id,
    `The allowed maximum number of decimals for the ${term} is 2.`,
    `${termDe} darf höchstens zwei Nachkommastellen haben.`,
    (n: XNode, e: Env) => atMostTwoDecimals(e, fromParent ? n.parent : n, p, n),
  );
}

/** TaxTotalAmount[@currencyID = <currency>] has a value with at most two decimals (numerically). */
function taxTotalInCurrency(n: XNode, e: Env, currencyPath: string, passWhenNoCurrency: boolean): boolean {
  const totals = kids(n, 'TaxTotalAmount');
  if (totals.length === 0) return true;
  const currencyValues = abs(e.idx, currencyPath);
  if (passWhenNoCurrency && currencyValues.length === 0) return true;
  return totals.some((t) => {
    const cur = t.attrs.find((a) => a.local === 'currencyID' && a.ns === '')?.value;
    const inCurrency = cur !== undefined && currencyValues.some((c) => sv(c) === cur);
    if (!inCurrency) return !passWhenNoCurrency;
    const v = numOf(t);
    return !!v && v.eq(round2(v));
  });
}

export const BR_DEC_RULES: readonly AssertDef[] = [
  dec(
    'doc-allowance',
    'BR-DEC-01',
    'Document level allowance amount (BT-92)',
    'Der Betrag des Nachlasses auf Dokumentenebene (BT-92)',
    'ActualAmount',
    true,
  ),
  dec(
    'doc-allowance',
    'BR-DEC-02',
    'Document level allowance base amount (BT-93)',
    'Der Grundbetrag des Nachlasses auf Dokumentenebene (BT-93)',
    'BasisAmount',
    true,
  ),
  dec(
    'doc-charge',
    'BR-DEC-05',
    'Document level charge amount (BT-99)',
    'Der Betrag des Zuschlags auf Dokumentenebene (BT-99)',
    'ActualAmount',
    true,
  ),
  dec(
    'doc-charge',
    'BR-DEC-06',
    'Document level charge base amount (BT-100)',
    'Der Grundbetrag des Zuschlags auf Dokumentenebene (BT-100)',
    'BasisAmount',
    true,
  ),
  dec(
    'totals',
    'BR-DEC-09',
    'Sum of Invoice line net amount (BT-106)',
    'Die Summe der Positionsnettobeträge (BT-106)',
    'LineTotalAmount',
    false,
  ),
  dec(
    'totals',
    'BR-DEC-10',
    'Sum of allowances on document level (BT-107)',
    'Die Summe der Nachlässe (BT-107)',
    'AllowanceTotalAmount',
    false,
  ),
  dec(
    'totals',
    'BR-DEC-11',
    'Sum of charges on document level (BT-108)',
    'Die Summe der Zuschläge (BT-108)',
    'ChargeTotalAmount',
    false,
  ),
  dec(
    'totals',
    'BR-DEC-12',
    'Invoice total amount without VAT (BT-109)',
    'Der Gesamtbetrag ohne Umsatzsteuer (BT-109)',
    'TaxBasisTotalAmount',
    false,
  ),
  fatal(
    'totals',
    'BR-DEC-13',
    'The allowed maximum number of decimals for the Invoice total VAT amount (BT-110) is 2.',
    'Der Umsatzsteuergesamtbetrag (BT-110) darf höchstens zwei Nachkommastellen haben.',
    (n, e) =>
      taxTotalInCurrency(
        n,
        e,
        'rsm:SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement/InvoiceCurrencyCode',
        false,
      ),
  ),
  dec(
    'totals',
    'BR-DEC-14',
    'Invoice total amount with VAT (BT-112)',
    'Der Gesamtbetrag einschließlich Umsatzsteuer (BT-112)',
    'GrandTotalAmount',
    false,
  ),
  fatal(
    'totals',
    'BR-DEC-15',
    'The allowed maximum number of decimals for the Invoice total VAT amount in accounting currency (BT-111) is 2.',
    'Der Umsatzsteuergesamtbetrag in Buchungswährung (BT-111) darf höchstens zwei Nachkommastellen haben.',
    (n, e) =>
      taxTotalInCurrency(
        n,
        e,
        'rsm:SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement/TaxCurrencyCode',
        true,
      ),
  ),
  dec(
    'totals',
    'BR-DEC-16',
    'Paid amount (BT-113)',
    'Der bereits gezahlte Betrag (BT-113)',
    'TotalPrepaidAmount',
    false,
  ),
  dec(
    'totals',
    'BR-DEC-17',
    'Rounding amount (BT-114)',
    'Der Rundungsbetrag (BT-114)',
    'RoundingAmount',
    false,
  ),
  dec(
    'totals',
    'BR-DEC-18',
    'Amount due for payment (BT-115)',
    'Der fällige Zahlungsbetrag (BT-115)',
    'DuePayableAmount',
    false,
  ),
  dec(
    'vat-breakdown',
    'BR-DEC-19',
    'VAT category taxable amount (BT-116)',
    'Der Nettobetrag je Umsatzsteuerkategorie (BT-116)',
    'BasisAmount',
    false,
  ),
  dec(
    'vat-breakdown',
    'BR-DEC-20',
    'VAT category tax amount (BT-117)',
    'Der Steuerbetrag je Umsatzsteuerkategorie (BT-117)',
    'CalculatedAmount',
    false,
  ),
  dec(
    'line',
    'BR-DEC-23',
    'Invoice line net amount (BT-131)',
    'Der Nettobetrag der Position (BT-131)',
    'SpecifiedLineTradeSettlement/SpecifiedTradeSettlementLineMonetarySummation/LineTotalAmount',
    false,
  ),
  dec(
    'line-allowance',
    'BR-DEC-24',
    'Invoice line allowance amount (BT-136)',
    'Der Betrag des Positionsnachlasses (BT-136)',
    'ActualAmount',
    true,
  ),
  dec(
    'line-allowance',
    'BR-DEC-25',
    'Invoice line allowance base amount (BT-137)',
    'Der Grundbetrag des Positionsnachlasses (BT-137)',
    'BasisAmount',
    true,
  ),
  dec(
    'line-charge',
    'BR-DEC-27',
    'Invoice line charge amount (BT-141)',
    'Der Betrag des Positionszuschlags (BT-141)',
    'ActualAmount',
    true,
  ),
  dec(
    'line-charge',
    'BR-DEC-28',
    'Invoice line charge base amount (BT-142)',
    'Der Grundbetrag des Positionszuschlags (BT-142)',
    'BasisAmount',
    true,
  ),
];

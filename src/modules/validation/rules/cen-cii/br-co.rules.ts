import { Decimal } from 'decimal.js';
import type { XNode } from '../../xml/xnode.js';
import type { AssertDef, Env } from './pattern.js';
import { abs, has, kid, kids, path } from './cii-index.js';
import { decOf, numOf, round2, sum, sv, xround } from './cii-xpath.js';
import { decimalAt, fatal } from './assert.js';
import { isCharge, isVat } from './model-contexts.js';
import { VAT_PREFIX_SEARCH_STRING } from '../shared/iso3166.codes.js';

/** Conditions and calculations BR-CO-* in the CII binding. */

const HEAD_SETTLEMENT = 'rsm:SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement';

/** Document level allowances (charge = false) or charges: their ActualAmount nodes. */
function docAllowanceCharges(env: Env, charge: boolean): XNode[] {
  return abs(env.idx, `${HEAD_SETTLEMENT}/SpecifiedTradeAllowanceCharge`).filter((ac) =>
    isCharge(ac, charge),
  );
}

/** `node = round(sum(x)*10*10) div 100` for an untyped node against a computed sum. */
function equalsRoundedSum(node: XNode, amounts: readonly XNode[], env: Env): boolean {
  const total = sum(amounts);
  if (!total) {
    env.undecidable(node, 'an amount is not numeric');
    return true;
  }
  const v = numOf(node);
  return !!v && v.eq(round2(total));
}

/**
 * BR-CO-11 / BR-CO-12: a document level allowance (charge) total equals the rounded sum of
 * the allowance (charge) amounts, or there is neither a total nor any such amount.
 */
function docTotalMatches(n: XNode, env: Env, charge: boolean): boolean {
  const acs = docAllowanceCharges(env, charge);
  const totals = kids(n, charge ? 'ChargeTotalAmount' : 'AllowanceTotalAmount');
  if (acs.length === 0 && totals.length === 0) return true;
  const amounts = acs.flatMap((ac) => kids(ac, 'ActualAmount'));
  return totals.some((t) => equalsRoundedSum(t, amounts, env));
}

/** xs:decimal of each summation's child, over all summations (`//S/xs:decimal(ram:X)`). */
function decimalsOfAllSummations(
  env: Env,
  local: string,
  at: XNode,
  filter?: (n: XNode) => boolean,
): Decimal[] | null {
  const out: Decimal[] = [];
  for (const s of env.idx.ram('SpecifiedTradeSettlementHeaderMonetarySummation')) {
    const nodes = kids(s, local).filter((n) => !filter || filter(n));
    if (nodes.length > 1) {
      env.undecidable(at, `more than one ${local}`);
      return null;
    }
    if (nodes.length === 1) {
      const d = decOf(nodes[0]);
      if (!d) {
        env.undecidable(at, `${local} is not a decimal`);
        return null;
      }
      out.push(d);
    }
  }
  return out;
}

/** XPath effective boolean value of xs:decimal(x): false when absent or zero. */
const ebv = (d: Decimal | undefined): boolean => !!d && !d.isZero();

export const BR_CO_RULES: readonly AssertDef[] = [
  fatal(
    'vat-breakdown',
    'BR-CO-03',
    'Value added tax point date (BT-7) and Value added tax point date code (BT-8) are mutually exclusive.',
    'Steuerdatum (BT-7) und Code für das Steuerdatum (BT-8) schließen sich gegenseitig aus.',
    (_n, e) => !(e.idx.ram('TaxPointDate').length > 0 && e.idx.ram('DueDateTypeCode').length > 0),
  ),
  fatal(
    'line',
    'BR-CO-04',
    'Each Invoice line (BG-25) shall be categorized with an Invoiced item VAT category code (BT-151).',
    'Jede Rechnungsposition (BG-25) muss einen Umsatzsteuer-Kategoriecode (BT-151) haben.',
    (n) =>
      path(n, 'SpecifiedLineTradeSettlement/ApplicableTradeTax').some(
        (t) => isVat(t) && !!kid(t, 'CategoryCode'),
      ),
  ),
  fatal(
    'doc-allowance',
    'BR-CO-05',
    'Document level allowance reason code (BT-98) and reason (BT-97) shall indicate the same type of allowance.',
    'Grundcode (BT-98) und Grund (BT-97) eines Nachlasses müssen dieselbe Art von Nachlass bezeichnen.',
    () => true,
  ),
  fatal(
    'doc-charge',
    'BR-CO-06',
    'Document level charge reason code (BT-105) and reason (BT-104) shall indicate the same type of charge.',
    'Grundcode (BT-105) und Grund (BT-104) eines Zuschlags müssen dieselbe Art von Zuschlag bezeichnen.',
    () => true,
  ),
  fatal(
    'line-allowance',
    'BR-CO-07',
    'Invoice line allowance reason code (BT-140) and reason (BT-139) shall indicate the same type of allowance.',
    'Grundcode (BT-140) und Grund (BT-139) eines Positionsnachlasses müssen dieselbe Art bezeichnen.',
    () => true,
  ),
  fatal(
    'line-charge',
    'BR-CO-08',
    'Invoice line charge reason code (BT-145) and reason (BT-144) shall indicate the same type of charge.',
    'Grundcode (BT-145) und Grund (BT-144) eines Positionszuschlags müssen dieselbe Art bezeichnen.',
    () => true,
  ),
  fatal(
    'vat-identifier',
    'BR-CO-09',
    'The VAT identifiers (BT-31, BT-48, BT-63) shall have an ISO 3166-1 alpha-2 country prefix (Greece may use EL).',
    'Umsatzsteuer-Identifikationsnummern (BT-31, BT-48, BT-63) müssen mit einem Ländercode nach ISO 3166-1 alpha-2 beginnen (Griechenland: EL).',
    (n) => VAT_PREFIX_SEARCH_STRING.includes(` ${[...sv(n)].slice(0, 2).join('')} `),
  ),
  fatal(
    'totals',
    'BR-CO-10',
    'Sum of Invoice line net amount (BT-106) = Σ Invoice line net amount (BT-131).',
    'Die Summe der Positionsnettobeträge (BT-106) muss der Summe aller Nettobeträge der Positionen (BT-131) entsprechen.',
    (n, e) => {
      const total = decimalAt(e, n, 'LineTotalAmount', n);
      if (total === null) return true;
      if (total === undefined) return false;
      const lines = path(
        n.parent?.parent ?? null,
        'IncludedSupplyChainTradeLineItem/SpecifiedLineTradeSettlement/SpecifiedTradeSettlementLineMonetarySummation/LineTotalAmount',
      );
      const s = sum(lines);
      if (!s) {
        e.undecidable(n, 'a line net amount is not numeric');
        return true;
      }
      return total.eq(round2(s));
    },
  ),
  fatal(
    'totals',
    'BR-CO-11',
    'Sum of allowances on document level (BT-107) = Σ Document level allowance amount (BT-92).',
    'Die Summe der Nachlässe auf Dokumentenebene (BT-107) muss der Summe der einzelnen Nachlässe (BT-92) entsprechen.',
    (n, e) => docTotalMatches(n, e, false),
  ),
  fatal(
    'totals',
    'BR-CO-12',
    'Sum of charges on document level (BT-108) = Σ Document level charge amount (BT-99).',
    'Die Summe der Zuschläge auf Dokumentenebene (BT-108) muss der Summe der einzelnen Zuschläge (BT-99) entsprechen.',
    (n, e) => docTotalMatches(n, e, true),
  ),
  fatal(
    'totals',
    'BR-CO-13',
    'Invoice total amount without VAT (BT-109) = Σ Invoice line net amount (BT-131) - Sum of allowances (BT-107) + Sum of charges (BT-108).',
    'Der Gesamtbetrag ohne Umsatzsteuer (BT-109) muss der Summe der Positionsnettobeträge (BT-131) abzüglich Nachlässen (BT-107) zuzüglich Zuschlägen (BT-108) entsprechen.',
    (n, e) => {
      const tb = decimalAt(e, n, 'TaxBasisTotalAmount', n);
      const lt = decimalAt(e, n, 'LineTotalAmount', n);
      const at = decimalAt(e, n, 'AllowanceTotalAmount', n);
      const ct = decimalAt(e, n, 'ChargeTotalAmount', n);
      if (tb === null || lt === null || at === null || ct === null) return true;
      if (!tb || !lt) return false;
      const hasA = !!kid(n, 'AllowanceTotalAmount');
      const hasC = !!kid(n, 'ChargeTotalAmount');
      if (at && ct && tb.eq(round2(lt.minus(at).plus(ct)))) return true;
      if (at && !hasC && tb.eq(round2(lt.minus(at)))) return true;
      if (ct && !hasA && tb.eq(round2(lt.plus(ct)))) return true;
      return !hasA && !hasC && tb.eq(round2(lt));
    },
  ),
  fatal(
    'tax-total-doc-currency',
    'BR-CO-14',
    'Invoice total VAT amount (BT-110) = Σ VAT category tax amount (BT-117).',
    'Der Umsatzsteuergesamtbetrag (BT-110) muss der Summe der Steuerbeträge je Kategorie (BT-117) entsprechen.',
    (n, e) => equalsRoundedSum(n, abs(e.idx, `${HEAD_SETTLEMENT}/ApplicableTradeTax/CalculatedAmount`), e),
  ),
  fatal(
    'root',
    'BR-CO-15',
    'Invoice total amount with VAT (BT-112) = Invoice total amount without VAT (BT-109) + Invoice total VAT amount (BT-110).',
    'Der Gesamtbetrag einschließlich Umsatzsteuer (BT-112) muss dem Gesamtbetrag ohne Umsatzsteuer (BT-109) zuzüglich Umsatzsteuergesamtbetrag (BT-110) entsprechen.',
    (n, e) => {
      const currencies = path(n, `${HEAD_SETTLEMENT}/InvoiceCurrencyCode`).map(sv);
      if (currencies.length === 0) return true;
      const grand = decimalsOfAllSummations(e, 'GrandTotalAmount', n);
      const basis = decimalsOfAllSummations(e, 'TaxBasisTotalAmount', n);
      if (!grand || !basis) return true;
      const grandEqualsBasis = grand.some((g) => basis.some((b) => g.eq(b)));
      for (const cur of currencies) {
        const inCur = (t: XNode) =>
          t.attrs.some((a) => a.local === 'currencyID' && a.ns === '' && a.value === cur);
        const count = path(
          n,
          `${HEAD_SETTLEMENT}/SpecifiedTradeSettlementHeaderMonetarySummation/TaxTotalAmount`,
        ).filter(inCur).length;
        let ok = false;
        if (count === 1) {
          const tax = decimalsOfAllSummations(e, 'TaxTotalAmount', n, inCur);
          if (!tax) return true;
          // (basis + tax) over every combination of the summations, as the sequences do.
          const expected: Decimal[] = [];
          if (basis.length === 1 && tax.length === 1) expected.push(round2(basis[0].plus(tax[0])));
          else if (basis.length > 1 || tax.length > 1) {
            e.undecidable(n, 'more than one monetary summation');
            return true;
          }
          ok = grand.some((g) => expected.some((x) => g.eq(x)));
        }
        if (!ok && !grandEqualsBasis) return false;
      }
      return true;
    },
  ),
  fatal(
    'totals',
    'BR-CO-16',
    'Amount due for payment (BT-115) = Invoice total amount with VAT (BT-112) - Paid amount (BT-113) + Rounding amount (BT-114).',
    'Der fällige Zahlungsbetrag (BT-115) muss dem Gesamtbetrag (BT-112) abzüglich gezahlter Beträge (BT-113) zuzüglich Rundungsbetrag (BT-114) entsprechen.',
    (n, e) => {
      const due = decimalAt(e, n, 'DuePayableAmount', n);
      const grand = decimalAt(e, n, 'GrandTotalAmount', n);
      const paid = decimalAt(e, n, 'TotalPrepaidAmount', n);
      const rounding = decimalAt(e, n, 'RoundingAmount', n);
      if (due === null || grand === null || paid === null || rounding === null) return true;
      if (!due || !grand) return false;
      if (paid && rounding && due.eq(grand.minus(paid).plus(rounding))) return true;
      if (rounding && !ebv(paid) && due.eq(grand.plus(rounding))) return true;
      if (paid && !ebv(rounding) && due.eq(grand.minus(paid))) return true;
      return !ebv(paid) && !ebv(rounding) && due.eq(grand);
    },
  ),
  fatal(
    'vat-breakdown',
    'BR-CO-17',
    'VAT category tax amount (BT-117) = VAT category taxable amount (BT-116) x (VAT category rate (BT-119) / 100), rounded to two decimals.',
    'Der Steuerbetrag je Kategorie (BT-117) muss dem Nettobetrag (BT-116) mal Steuersatz (BT-119) / 100 entsprechen, auf zwei Stellen gerundet.',
    (n, e) => {
      const vat = kids(n, 'TypeCode').some(
        (t) =>
          sv(t)
            .replace(/[\t\n\r ]+/g, ' ')
            .trim()
            .toUpperCase() === 'VAT',
      );
      const calc = decimalAt(e, n, 'CalculatedAmount', n);
      const basis = decimalAt(e, n, 'BasisAmount', n);
      const rate = vat ? decimalAt(e, n, 'RateApplicablePercent', n) : undefined;
      if (calc === null || basis === null || rate === null) return true;
      if (rate) {
        const r = xround(rate);
        if (r.isZero()) return !!calc && xround(calc).isZero();
        if (!calc || !basis) return false;
        const expected = round2(basis.abs().times(rate.div(100)));
        return calc.abs().minus(1).lte(expected) && calc.abs().plus(1).gte(expected);
      }
      return !!calc && xround(calc).isZero();
    },
  ),
  fatal(
    'line',
    'BR-CO-18',
    'An Invoice shall at least have one VAT breakdown group (BG-23).',
    'Eine Rechnung muss mindestens eine Umsatzsteueraufschlüsselung (BG-23) enthalten.',
    (_n, e) =>
      e.idx.ram('ApplicableTradeTax').some((t) => {
        const s = t.parent;
        return (
          !!s &&
          s.local === 'ApplicableHeaderTradeSettlement' &&
          !!s.parent &&
          s.parent.local === 'SupplyChainTradeTransaction'
        );
      }),
  ),
  fatal(
    'invoice-period',
    'BR-CO-19',
    'If Invoicing period (BG-14) is used, the start date (BT-73) or the end date (BT-74) shall be filled, or both.',
    'Wird ein Abrechnungszeitraum (BG-14) angegeben, muss Beginn (BT-73) oder Ende (BT-74) angegeben sein.',
    (n) => !!kid(n, 'StartDateTime') || !!kid(n, 'EndDateTime'),
  ),
  fatal(
    'line-period',
    'BR-CO-20',
    'If Invoice line period (BG-26) is used, the start date (BT-134) or the end date (BT-135) shall be filled, or both.',
    'Wird ein Positionszeitraum (BG-26) angegeben, muss Beginn (BT-134) oder Ende (BT-135) angegeben sein.',
    (n) => !!kid(n, 'StartDateTime') || !!kid(n, 'EndDateTime'),
  ),
  fatal(
    'doc-allowance',
    'BR-CO-21',
    'Each Document level allowance (BG-20) shall contain a reason (BT-97) or a reason code (BT-98), or both.',
    'Jeder Nachlass auf Dokumentenebene (BG-20) muss einen Grund (BT-97) oder Grundcode (BT-98) enthalten.',
    (n) => !!kid(n.parent, 'Reason') || !!kid(n.parent, 'ReasonCode'),
  ),
  fatal(
    'doc-charge',
    'BR-CO-22',
    'Each Document level charge (BG-21) shall contain a reason (BT-104) or a reason code (BT-105), or both.',
    'Jeder Zuschlag auf Dokumentenebene (BG-21) muss einen Grund (BT-104) oder Grundcode (BT-105) enthalten.',
    (n) => !!kid(n.parent, 'Reason') || !!kid(n.parent, 'ReasonCode'),
  ),
  fatal(
    'line-allowance',
    'BR-CO-23',
    'Each Invoice line allowance (BG-27) shall contain a reason (BT-139) or a reason code (BT-140), or both.',
    'Jeder Nachlass auf Positionsebene (BG-27) muss einen Grund (BT-139) oder Grundcode (BT-140) enthalten.',
    (n) => !!kid(n.parent, 'Reason') || !!kid(n.parent, 'ReasonCode'),
  ),
  fatal(
    'line-charge',
    'BR-CO-24',
    'Each Invoice line charge (BG-28) shall contain a reason (BT-144) or a reason code (BT-145), or both.',
    'Jeder Zuschlag auf Positionsebene (BG-28) muss einen Grund (BT-144) oder Grundcode (BT-145) enthalten.',
    (n) => !!kid(n.parent, 'Reason') || !!kid(n.parent, 'ReasonCode'),
  ),
  fatal(
    'seller',
    'BR-CO-26',
    'The Seller identifier (BT-29), the Seller legal registration identifier (BT-30) and/or the Seller VAT identifier (BT-31) shall be present.',
    'Kennung (BT-29), Registernummer (BT-30) und/oder Umsatzsteuer-Identifikationsnummer (BT-31) des Verkäufers müssen angegeben werden.',
    (n) =>
      !!kid(n, 'ID') ||
      !!kid(n, 'GlobalID') ||
      has(n, 'SpecifiedLegalOrganization/ID') ||
      path(n, 'SpecifiedTaxRegistration/ID').some((i) =>
        i.attrs.some((a) => a.local === 'schemeID' && a.ns === '' && a.value === 'VA'),
      ),
  ),
];

import type { Decimal } from 'decimal.js';
import type { Rule } from '../rule.js';
import type { XNode } from '../../xml/xnode.js';
import { stringValue } from '../../xml/query.js';
import { VAT_PREFIX_SEARCH_STRING } from '../shared/iso3166.codes.js';
import { UNCL4451_SEARCH_STRING } from '../shared/uncl4451.codes.js';
import { digitsAfterDot, round2, xpathRound } from '../shared/xpath-values.js';
import { attrValue, isVatScheme } from './br.rules.js';
import { assertRule, atRoot, everywhere, pathContext, Undecidable } from './rule-kit.js';
import type { UblIndex } from './ubl-index.js';
import { chargeIs, dec, decOfNode, has, kids, matchSafe, nspOf, single, sumOf } from './ubl-values.js';

/**
 * Conditions (BR-CO-*), decimal places (BR-DEC-*) and the note subject code (BR-CL-08) of
 * the EN 16931 model, UBL binding. Arithmetic follows the official expressions exactly:
 * xs:decimal sums, `round(x * 10 * 10) div 100` (half towards +infinity), and the
 * tolerance of ±1 where the Schematron allows it.
 */

type Ctx = (ix: UblIndex) => readonly XNode[];

function fatal(
  id: string,
  bt: string[],
  context: Ctx,
  de: string,
  en: string,
  test: (n: XNode, ix: UblIndex) => boolean,
): Rule {
  return assertRule({ id, flag: 'fatal', bt, de, en, context, test });
}

const eq = (a: Decimal | null, b: Decimal | null): boolean => a !== null && b !== null && a.eq(b);
const plus = (a: Decimal | null, b: Decimal | null): Decimal | null => (a && b ? a.plus(b) : null);
const minus = (a: Decimal | null, b: Decimal | null): Decimal | null => (a && b ? a.minus(b) : null);
const r2 = (a: Decimal | null): Decimal | null => (a ? round2(a) : null);

const totals = everywhere('cac:LegalMonetaryTotal');
const docAllowances = pathContext('/ubl:Invoice|cn:CreditNote/cac:AllowanceCharge');
const lineAllowanceCharges = pathContext('cac:InvoiceLine|cac:CreditNoteLine/cac:AllowanceCharge');

const allowancesOf =
  (base: Ctx, charge: boolean): Ctx =>
  (ix) =>
    base(ix).filter(matchSafe((ac: XNode) => chargeIs(ac, charge)));

/** `string-length(substring-after(path, '.')) <= 2` on the raw value (fails on repetition). */
const maxTwoDecimals =
  (path: string) =>
  (n: XNode): boolean => {
    const s = single(n, path);
    return digitsAfterDot(s ? stringValue(s) : '') <= 2;
  };

/** Document-level allowances (false) or charges (true) summed as BR-CO-11/12 do. */
function docAllowanceSum(lmt: XNode, charge: boolean): { nodes: XNode[]; sum: Decimal } {
  const acs = lmt.parent ? kids(lmt.parent, 'cac:AllowanceCharge').filter((ac) => chargeIs(ac, charge)) : [];
  return { nodes: acs, sum: sumOf(acs.flatMap((ac) => kids(ac, 'cbc:Amount'))) };
}

/**
 * BR-CO-11 / BR-CO-12: the document level allowance (charge) total equals the rounded sum
 * of the allowance (charge) amounts, or there is neither a total nor any such amount.
 */
function docTotalMatches(lmt: XNode, charge: boolean): boolean {
  const total = charge ? 'cbc:ChargeTotalAmount' : 'cbc:AllowanceTotalAmount';
  const { nodes, sum } = docAllowanceSum(lmt, charge);
  return eq(dec(lmt, total), round2(sum)) || (!has(lmt, total) && nodes.length === 0);
}

const decRule = (id: string, bt: string, what: string, was: string, context: Ctx, path: string): Rule =>
  fatal(
    id,
    [bt],
    context,
    `${was} (${bt}) darf höchstens zwei Nachkommastellen haben.`,
    `${what} (${bt}) may have at most two decimal places.`,
    maxTwoDecimals(path),
  );

export const brCoRules: readonly Rule[] = [
  fatal(
    'BR-CO-03',
    ['BT-7', 'BT-8'],
    atRoot,
    'Steuerfälligkeitsdatum (BT-7) und Code für das Steuerfälligkeitsdatum (BT-8) schließen sich aus.',
    'The VAT point date (BT-7) and the VAT point date code (BT-8) are mutually exclusive.',
    (n) => !(has(n, 'cbc:TaxPointDate') && has(n, 'cac:InvoicePeriod/cbc:DescriptionCode')),
  ),
  fatal(
    'BR-CO-04',
    ['BT-151', 'BG-25'],
    pathContext('cac:InvoiceLine|cac:CreditNoteLine'),
    'Jede Rechnungsposition braucht einen Umsatzsteuer-Kategoriecode (BT-151) mit Steuerschema VAT.',
    'Each invoice line needs an invoiced item VAT category code (BT-151) with tax scheme VAT.',
    (n) => kids(n, 'cac:Item/cac:ClassifiedTaxCategory').some((c) => isVatScheme(c) && has(c, 'cbc:ID')),
  ),
  fatal(
    'BR-CO-09',
    ['BT-31', 'BT-48', 'BT-63'],
    (ix) => ix.named('cac:PartyTaxScheme').filter(matchSafe(isVatScheme)),
    'Die Umsatzsteuer-Identifikationsnummer (BT-31, BT-48, BT-63) muss mit einem Ländercode nach ISO 3166-1 alpha-2 beginnen (Griechenland: EL).',
    'The VAT identifier (BT-31, BT-48, BT-63) must start with an ISO 3166-1 alpha-2 country prefix (Greece: EL).',
    (n) => {
      const id = single(n, 'cbc:CompanyID');
      const prefix = [...(id ? stringValue(id) : '')].slice(0, 2).join('');
      return VAT_PREFIX_SEARCH_STRING.includes(prefix);
    },
  ),
  fatal(
    'BR-CO-10',
    ['BT-106', 'BT-131'],
    totals,
    'Die Summe der Nettobeträge (BT-106) entspricht nicht der Summe der Positionsnettobeträge (BT-131).',
    'The sum of line net amounts (BT-106) does not equal the total of the invoice line net amounts (BT-131).',
    (n, ix) => {
      const lines = [...ix.named('cac:InvoiceLine'), ...ix.named('cac:CreditNoteLine')];
      const sum = sumOf(lines.flatMap((l) => kids(l, 'cbc:LineExtensionAmount')));
      return eq(dec(n, 'cbc:LineExtensionAmount'), round2(sum));
    },
  ),
  fatal(
    'BR-CO-11',
    ['BT-107', 'BT-92'],
    totals,
    'Die Summe der Nachlässe auf Dokumentenebene (BT-107) entspricht nicht der Summe der einzelnen Nachlässe (BT-92).',
    'The sum of document level allowances (BT-107) does not equal the total of the allowance amounts (BT-92).',
    (n) => docTotalMatches(n, false),
  ),
  fatal(
    'BR-CO-12',
    ['BT-108', 'BT-99'],
    totals,
    'Die Summe der Zuschläge auf Dokumentenebene (BT-108) entspricht nicht der Summe der einzelnen Zuschläge (BT-99).',
    'The sum of document level charges (BT-108) does not equal the total of the charge amounts (BT-99).',
    (n) => docTotalMatches(n, true),
  ),
  fatal(
    'BR-CO-13',
    ['BT-109', 'BT-106', 'BT-107', 'BT-108'],
    totals,
    'Der Gesamtbetrag ohne Umsatzsteuer (BT-109) muss Summe der Positionen (BT-106) minus Nachlässe (BT-107) plus Zuschläge (BT-108) sein.',
    'The total without VAT (BT-109) must equal the line total (BT-106) minus allowances (BT-107) plus charges (BT-108).',
    (n) => {
      const hasC = has(n, 'cbc:ChargeTotalAmount');
      const hasA = has(n, 'cbc:AllowanceTotalAmount');
      const taxExcl = (): Decimal | null => dec(n, 'cbc:TaxExclusiveAmount');
      const lineExt = (): Decimal | null => dec(n, 'cbc:LineExtensionAmount');
      if (hasC && hasA)
        return eq(
          taxExcl(),
          r2(minus(plus(lineExt(), dec(n, 'cbc:ChargeTotalAmount')), dec(n, 'cbc:AllowanceTotalAmount'))),
        );
      if (!hasC && hasA) return eq(taxExcl(), r2(minus(lineExt(), dec(n, 'cbc:AllowanceTotalAmount'))));
      if (hasC && !hasA) return eq(taxExcl(), r2(plus(lineExt(), dec(n, 'cbc:ChargeTotalAmount'))));
      return eq(taxExcl(), lineExt());
    },
  ),
  fatal(
    'BR-CO-14',
    ['BT-110', 'BT-117'],
    pathContext('/ubl:Invoice|cn:CreditNote/cac:TaxTotal'),
    'Der Umsatzsteuer-Gesamtbetrag (BT-110) entspricht nicht der Summe der Steuerbeträge je Kategorie (BT-117).',
    'The invoice total VAT amount (BT-110) does not equal the total of the VAT category tax amounts (BT-117).',
    (n) => {
      const subs = kids(n, 'cac:TaxSubtotal');
      if (subs.length === 0) return true;
      return eq(dec(n, 'cbc:TaxAmount'), round2(sumOf(subs.flatMap((s) => kids(s, 'cbc:TaxAmount')))));
    },
  ),
  fatal(
    'BR-CO-15',
    ['BT-112', 'BT-109', 'BT-110'],
    atRoot,
    'Der Gesamtbetrag mit Umsatzsteuer (BT-112) muss Gesamtbetrag ohne Umsatzsteuer (BT-109) plus Umsatzsteuer-Gesamtbetrag in Rechnungswährung (BT-110, genau einmal) sein.',
    'The total with VAT (BT-112) must equal the total without VAT (BT-109) plus the total VAT amount in the invoice currency (BT-110, given exactly once).',
    (n) => {
      for (const currency of kids(n, 'cbc:DocumentCurrencyCode')) {
        const cur = stringValue(currency);
        const taxAmounts = kids(n, 'cac:TaxTotal/cbc:TaxAmount').filter(
          (t) => attrValue(t, 'currencyID') === cur,
        );
        const values = taxAmounts.map(decOfNode);
        if (values.length !== 1) return false;
        const lmt = single(n, 'cac:LegalMonetaryTotal');
        if (!lmt) return false;
        if (!eq(dec(lmt, 'cbc:TaxInclusiveAmount'), r2(plus(dec(lmt, 'cbc:TaxExclusiveAmount'), values[0]))))
          return false;
      }
      return true;
    },
  ),
  fatal(
    'BR-CO-16',
    ['BT-115', 'BT-112', 'BT-113', 'BT-114'],
    totals,
    'Der fällige Zahlungsbetrag (BT-115) muss Gesamtbetrag mit Umsatzsteuer (BT-112) minus gezahlter Betrag (BT-113) plus Rundungsbetrag (BT-114) sein.',
    'The amount due (BT-115) must equal the total with VAT (BT-112) minus the paid amount (BT-113) plus the rounding amount (BT-114).',
    (n) => {
      const p = has(n, 'cbc:PrepaidAmount');
      const r = has(n, 'cbc:PayableRoundingAmount');
      const payable = (): Decimal | null => dec(n, 'cbc:PayableAmount');
      const incl = (): Decimal | null => dec(n, 'cbc:TaxInclusiveAmount');
      if (p && !r) return eq(payable(), r2(minus(incl(), dec(n, 'cbc:PrepaidAmount'))));
      if (!p && !r) return eq(payable(), incl());
      if (p && r)
        return eq(
          r2(minus(payable(), dec(n, 'cbc:PayableRoundingAmount'))),
          r2(minus(incl(), dec(n, 'cbc:PrepaidAmount'))),
        );
      return eq(r2(minus(payable(), dec(n, 'cbc:PayableRoundingAmount'))), incl());
    },
  ),
  fatal(
    'BR-CO-17',
    ['BT-117', 'BT-116', 'BT-119'],
    pathContext('cac:TaxTotal/cac:TaxSubtotal'),
    'Der Steuerbetrag der Kategorie (BT-117) muss Bemessungsgrundlage (BT-116) mal Steuersatz (BT-119) / 100 sein, auf zwei Stellen gerundet.',
    'The VAT category tax amount (BT-117) must equal the taxable amount (BT-116) times the rate (BT-119) / 100, rounded to two decimals.',
    (n) => {
      const rates = kids(n, 'cac:TaxCategory')
        .filter(isVatScheme)
        .flatMap((c) => kids(c, 'cbc:Percent'))
        .map(decOfNode);
      if (rates.length > 1) throw new Undecidable(n, 'more than one VAT rate in a VAT breakdown');
      const rate = rates[0] ?? null;
      const taxAmount = (): Decimal | null => dec(n, 'cbc:TaxAmount');
      if (rate === null) {
        const t = taxAmount();
        return t !== null && xpathRound(t).isZero();
      }
      if (xpathRound(rate).isZero()) {
        const t = taxAmount();
        return t !== null && xpathRound(t).isZero();
      }
      const t = taxAmount();
      const base = dec(n, 'cbc:TaxableAmount');
      if (t === null || base === null) return false;
      const expected = round2(base.abs().times(rate.div(100)));
      return t.abs().minus(1).lt(expected) && t.abs().plus(1).gt(expected);
    },
  ),
  fatal(
    'BR-CO-18',
    ['BG-23'],
    atRoot,
    'Die Rechnung braucht mindestens eine Aufschlüsselung der Umsatzsteuer (BG-23).',
    'The invoice needs at least one VAT breakdown (BG-23).',
    (n) => has(n, 'cac:TaxTotal/cac:TaxSubtotal'),
  ),
  // BR-CO-05 … BR-CO-08 (reason code and reason text describe the same allowance/charge) are
  // asserted as true() in the official binding: not machine-checkable, so they always hold.
  fatal(
    'BR-CO-05',
    ['BT-97', 'BT-98'],
    allowancesOf(docAllowances, false),
    'Grund (BT-97) und Grund-Code (BT-98) eines Nachlasses müssen dieselbe Art von Nachlass bezeichnen.',
    'Allowance reason (BT-97) and reason code (BT-98) must indicate the same type of allowance.',
    () => true,
  ),
  fatal(
    'BR-CO-06',
    ['BT-104', 'BT-105'],
    allowancesOf(docAllowances, true),
    'Grund (BT-104) und Grund-Code (BT-105) eines Zuschlags müssen dieselbe Art von Zuschlag bezeichnen.',
    'Charge reason (BT-104) and reason code (BT-105) must indicate the same type of charge.',
    () => true,
  ),
  fatal(
    'BR-CO-07',
    ['BT-139', 'BT-140'],
    allowancesOf(lineAllowanceCharges, false),
    'Grund (BT-139) und Grund-Code (BT-140) eines Positionsnachlasses müssen dieselbe Art bezeichnen.',
    'Line allowance reason (BT-139) and reason code (BT-140) must indicate the same type.',
    () => true,
  ),
  fatal(
    'BR-CO-08',
    ['BT-144', 'BT-145'],
    allowancesOf(lineAllowanceCharges, true),
    'Grund (BT-144) und Grund-Code (BT-145) eines Positionszuschlags müssen dieselbe Art bezeichnen.',
    'Line charge reason (BT-144) and reason code (BT-145) must indicate the same type.',
    () => true,
  ),
  fatal(
    'BR-CO-21',
    ['BT-97', 'BT-98', 'BG-20'],
    allowancesOf(docAllowances, false),
    'Ein Nachlass auf Dokumentenebene (BG-20) braucht einen Grund (BT-97) oder Grund-Code (BT-98).',
    'A document level allowance (BG-20) needs a reason (BT-97) or a reason code (BT-98).',
    (n) => has(n, 'cbc:AllowanceChargeReason') || has(n, 'cbc:AllowanceChargeReasonCode'),
  ),
  fatal(
    'BR-CO-22',
    ['BT-104', 'BT-105', 'BG-21'],
    allowancesOf(docAllowances, true),
    'Ein Zuschlag auf Dokumentenebene (BG-21) braucht einen Grund (BT-104) oder Grund-Code (BT-105).',
    'A document level charge (BG-21) needs a reason (BT-104) or a reason code (BT-105).',
    (n) => has(n, 'cbc:AllowanceChargeReason') || has(n, 'cbc:AllowanceChargeReasonCode'),
  ),
  fatal(
    'BR-CO-23',
    ['BT-139', 'BT-140', 'BG-27'],
    allowancesOf(lineAllowanceCharges, false),
    'Ein Nachlass auf Positionsebene (BG-27) braucht einen Grund (BT-139) oder Grund-Code (BT-140).',
    'An invoice line allowance (BG-27) needs a reason (BT-139) or a reason code (BT-140).',
    (n) => has(n, 'cbc:AllowanceChargeReason') || has(n, 'cbc:AllowanceChargeReasonCode'),
  ),
  fatal(
    'BR-CO-24',
    ['BT-144', 'BT-145', 'BG-28'],
    allowancesOf(lineAllowanceCharges, true),
    'Ein Zuschlag auf Positionsebene (BG-28) braucht einen Grund (BT-144) oder Grund-Code (BT-145).',
    'An invoice line charge (BG-28) needs a reason (BT-144) or a reason code (BT-145).',
    (n) => has(n, 'cbc:AllowanceChargeReason') || has(n, 'cbc:AllowanceChargeReasonCode'),
  ),
  // BR-CO-25 (amount due positive ⇒ due date or payment terms) is deliberately absent: the
  // official 1.3.16 UBL artefact, as KoSIT compiles and runs it, never reports it (checked
  // against the oracle verdicts of every UBL unit fragment, including invoices with a
  // positive amount due and neither BT-9 nor BT-20). Reporting it would reject invoices the
  // official validator accepts.
  fatal(
    'BR-CO-26',
    ['BT-29', 'BT-30', 'BT-31'],
    everywhere('cac:AccountingSupplierParty'),
    'Zur Identifikation des Verkäufers muss eine Kennung (BT-29), Registernummer (BT-30) oder Umsatzsteuer-Identifikationsnummer (BT-31) angegeben sein.',
    'To identify the seller, a seller identifier (BT-29), legal registration identifier (BT-30) or VAT identifier (BT-31) must be given.',
    (n) =>
      kids(n, 'cac:Party/cac:PartyTaxScheme').some((p) => isVatScheme(p) && has(p, 'cbc:CompanyID')) ||
      has(n, 'cac:Party/cac:PartyIdentification/cbc:ID') ||
      has(n, 'cac:Party/cac:PartyLegalEntity/cbc:CompanyID'),
  ),

  fatal(
    'BR-31',
    ['BT-92', 'BG-20'],
    allowancesOf(docAllowances, false),
    'Ein Nachlass auf Dokumentenebene (BG-20) hat keinen Betrag (BT-92).',
    'A document level allowance (BG-20) has no amount (BT-92).',
    (n) => has(n, 'cbc:Amount'),
  ),
  fatal(
    'BR-32',
    ['BT-95', 'BG-20'],
    allowancesOf(docAllowances, false),
    'Ein Nachlass auf Dokumentenebene (BG-20) hat keinen Umsatzsteuer-Kategoriecode (BT-95).',
    'A document level allowance (BG-20) has no VAT category code (BT-95).',
    (n) => kids(n, 'cac:TaxCategory').some((c) => isVatScheme(c) && has(c, 'cbc:ID')),
  ),
  fatal(
    'BR-33',
    ['BT-97', 'BT-98', 'BG-20'],
    allowancesOf(docAllowances, false),
    'Ein Nachlass auf Dokumentenebene (BG-20) braucht einen Grund (BT-97) oder Grund-Code (BT-98).',
    'A document level allowance (BG-20) needs a reason (BT-97) or a reason code (BT-98).',
    (n) => has(n, 'cbc:AllowanceChargeReason') || has(n, 'cbc:AllowanceChargeReasonCode'),
  ),
  fatal(
    'BR-36',
    ['BT-99', 'BG-21'],
    allowancesOf(docAllowances, true),
    'Ein Zuschlag auf Dokumentenebene (BG-21) hat keinen Betrag (BT-99).',
    'A document level charge (BG-21) has no amount (BT-99).',
    (n) => has(n, 'cbc:Amount'),
  ),
  fatal(
    'BR-37',
    ['BT-102', 'BG-21'],
    allowancesOf(docAllowances, true),
    'Ein Zuschlag auf Dokumentenebene (BG-21) hat keinen Umsatzsteuer-Kategoriecode (BT-102).',
    'A document level charge (BG-21) has no VAT category code (BT-102).',
    (n) => kids(n, 'cac:TaxCategory').some((c) => isVatScheme(c) && has(c, 'cbc:ID')),
  ),
  fatal(
    'BR-38',
    ['BT-104', 'BT-105', 'BG-21'],
    allowancesOf(docAllowances, true),
    'Ein Zuschlag auf Dokumentenebene (BG-21) braucht einen Grund (BT-104) oder Grund-Code (BT-105).',
    'A document level charge (BG-21) needs a reason (BT-104) or a reason code (BT-105).',
    (n) => has(n, 'cbc:AllowanceChargeReason') || has(n, 'cbc:AllowanceChargeReasonCode'),
  ),
  fatal(
    'BR-41',
    ['BT-136', 'BG-27'],
    allowancesOf(lineAllowanceCharges, false),
    'Ein Nachlass auf Positionsebene (BG-27) hat keinen Betrag (BT-136).',
    'An invoice line allowance (BG-27) has no amount (BT-136).',
    (n) => has(n, 'cbc:Amount'),
  ),
  fatal(
    'BR-42',
    ['BT-139', 'BT-140', 'BG-27'],
    allowancesOf(lineAllowanceCharges, false),
    'Ein Nachlass auf Positionsebene (BG-27) braucht einen Grund (BT-139) oder Grund-Code (BT-140).',
    'An invoice line allowance (BG-27) needs a reason (BT-139) or a reason code (BT-140).',
    (n) => has(n, 'cbc:AllowanceChargeReason') || has(n, 'cbc:AllowanceChargeReasonCode'),
  ),
  fatal(
    'BR-43',
    ['BT-141', 'BG-28'],
    allowancesOf(lineAllowanceCharges, true),
    'Ein Zuschlag auf Positionsebene (BG-28) hat keinen Betrag (BT-141).',
    'An invoice line charge (BG-28) has no amount (BT-141).',
    (n) => has(n, 'cbc:Amount'),
  ),
  fatal(
    'BR-44',
    ['BT-144', 'BT-145', 'BG-28'],
    allowancesOf(lineAllowanceCharges, true),
    'Ein Zuschlag auf Positionsebene (BG-28) braucht einen Grund (BT-144) oder Grund-Code (BT-145).',
    'An invoice line charge (BG-28) needs a reason (BT-144) or a reason code (BT-145).',
    (n) => has(n, 'cbc:AllowanceChargeReason') || has(n, 'cbc:AllowanceChargeReasonCode'),
  ),
  fatal(
    'BR-45',
    ['BT-116', 'BG-23'],
    pathContext('cac:TaxTotal/cac:TaxSubtotal'),
    'Eine Umsatzsteuer-Aufschlüsselung (BG-23) hat keine Bemessungsgrundlage (BT-116).',
    'A VAT breakdown (BG-23) has no taxable amount (BT-116).',
    (n) => has(n, 'cbc:TaxableAmount'),
  ),
  fatal(
    'BR-46',
    ['BT-117', 'BG-23'],
    pathContext('cac:TaxTotal/cac:TaxSubtotal'),
    'Eine Umsatzsteuer-Aufschlüsselung (BG-23) hat keinen Steuerbetrag (BT-117).',
    'A VAT breakdown (BG-23) has no tax amount (BT-117).',
    (n) => has(n, 'cbc:TaxAmount'),
  ),
  fatal(
    'BR-47',
    ['BT-118', 'BG-23'],
    pathContext('cac:TaxTotal/cac:TaxSubtotal'),
    'Eine Umsatzsteuer-Aufschlüsselung (BG-23) hat keinen Kategoriecode (BT-118) mit Steuerschema VAT.',
    'A VAT breakdown (BG-23) has no VAT category code (BT-118) with tax scheme VAT.',
    (n) => kids(n, 'cac:TaxCategory').some((c) => isVatScheme(c) && has(c, 'cbc:ID')),
  ),
  fatal(
    'BR-48',
    ['BT-119', 'BG-23'],
    pathContext('cac:TaxTotal/cac:TaxSubtotal'),
    'Eine Umsatzsteuer-Aufschlüsselung (BG-23) hat keinen Steuersatz (BT-119); nur bei Kategorie O (nicht steuerbar) entfällt er.',
    'A VAT breakdown (BG-23) has no VAT rate (BT-119); only category O (not subject to VAT) goes without.',
    (n) => {
      const cats = kids(n, 'cac:TaxCategory').filter(isVatScheme);
      return cats.some((c) => has(c, 'cbc:Percent')) || cats.some((c) => nspOf(c, 'cbc:ID') === 'O');
    },
  ),

  decRule(
    'BR-DEC-01',
    'BT-92',
    'The document level allowance amount',
    'Der Nachlassbetrag auf Dokumentenebene',
    allowancesOf(docAllowances, false),
    'cbc:Amount',
  ),
  decRule(
    'BR-DEC-02',
    'BT-93',
    'The document level allowance base amount',
    'Der Grundbetrag des Nachlasses',
    allowancesOf(docAllowances, false),
    'cbc:BaseAmount',
  ),
  decRule(
    'BR-DEC-05',
    'BT-99',
    'The document level charge amount',
    'Der Zuschlagsbetrag auf Dokumentenebene',
    allowancesOf(docAllowances, true),
    'cbc:Amount',
  ),
  decRule(
    'BR-DEC-06',
    'BT-100',
    'The document level charge base amount',
    'Der Grundbetrag des Zuschlags',
    allowancesOf(docAllowances, true),
    'cbc:BaseAmount',
  ),
  decRule(
    'BR-DEC-09',
    'BT-106',
    'The sum of line net amounts',
    'Die Summe der Positionsnettobeträge',
    totals,
    'cbc:LineExtensionAmount',
  ),
  decRule(
    'BR-DEC-10',
    'BT-107',
    'The sum of allowances',
    'Die Summe der Nachlässe',
    totals,
    'cbc:AllowanceTotalAmount',
  ),
  decRule(
    'BR-DEC-11',
    'BT-108',
    'The sum of charges',
    'Die Summe der Zuschläge',
    totals,
    'cbc:ChargeTotalAmount',
  ),
  decRule(
    'BR-DEC-12',
    'BT-109',
    'The total without VAT',
    'Der Gesamtbetrag ohne Umsatzsteuer',
    totals,
    'cbc:TaxExclusiveAmount',
  ),
  // BR-DEC-13/15: the official predicate compares @currencyID with a child of cbc:TaxAmount, which never exists, so they always hold.
  fatal(
    'BR-DEC-13',
    ['BT-110'],
    atRoot,
    'Der Umsatzsteuer-Gesamtbetrag (BT-110) darf höchstens zwei Nachkommastellen haben.',
    'The invoice total VAT amount (BT-110) may have at most two decimal places.',
    () => true,
  ),
  decRule(
    'BR-DEC-14',
    'BT-112',
    'The total with VAT',
    'Der Gesamtbetrag mit Umsatzsteuer',
    totals,
    'cbc:TaxInclusiveAmount',
  ),
  fatal(
    'BR-DEC-15',
    ['BT-111'],
    atRoot,
    'Der Umsatzsteuerbetrag in Buchungswährung (BT-111) darf höchstens zwei Nachkommastellen haben.',
    'The total VAT amount in accounting currency (BT-111) may have at most two decimal places.',
    () => true,
  ),
  decRule('BR-DEC-16', 'BT-113', 'The paid amount', 'Der gezahlte Betrag', totals, 'cbc:PrepaidAmount'),
  decRule(
    'BR-DEC-17',
    'BT-114',
    'The rounding amount',
    'Der Rundungsbetrag',
    totals,
    'cbc:PayableRoundingAmount',
  ),
  decRule(
    'BR-DEC-18',
    'BT-115',
    'The amount due for payment',
    'Der fällige Zahlungsbetrag',
    totals,
    'cbc:PayableAmount',
  ),
  decRule(
    'BR-DEC-19',
    'BT-116',
    'The VAT category taxable amount',
    'Die Bemessungsgrundlage der Kategorie',
    pathContext('cac:TaxTotal/cac:TaxSubtotal'),
    'cbc:TaxableAmount',
  ),
  decRule(
    'BR-DEC-20',
    'BT-117',
    'The VAT category tax amount',
    'Der Steuerbetrag der Kategorie',
    pathContext('cac:TaxTotal/cac:TaxSubtotal'),
    'cbc:TaxAmount',
  ),
  decRule(
    'BR-DEC-23',
    'BT-131',
    'The invoice line net amount',
    'Der Nettobetrag der Position',
    pathContext('cac:InvoiceLine|cac:CreditNoteLine'),
    'cbc:LineExtensionAmount',
  ),
  decRule(
    'BR-DEC-24',
    'BT-136',
    'The invoice line allowance amount',
    'Der Nachlassbetrag der Position',
    allowancesOf(lineAllowanceCharges, false),
    'cbc:Amount',
  ),
  decRule(
    'BR-DEC-25',
    'BT-137',
    'The invoice line allowance base amount',
    'Der Grundbetrag des Positionsnachlasses',
    allowancesOf(lineAllowanceCharges, false),
    'cbc:BaseAmount',
  ),
  decRule(
    'BR-DEC-27',
    'BT-141',
    'The invoice line charge amount',
    'Der Zuschlagsbetrag der Position',
    allowancesOf(lineAllowanceCharges, true),
    'cbc:Amount',
  ),
  decRule(
    'BR-DEC-28',
    'BT-142',
    'The invoice line charge base amount',
    'Der Grundbetrag des Positionszuschlags',
    allowancesOf(lineAllowanceCharges, true),
    'cbc:BaseAmount',
  ),

  fatal(
    'BR-CL-08',
    ['BT-21'],
    pathContext('/ubl:Invoice|cn:CreditNote/cbc:Note'),
    'Ein Betreffcode der Bemerkung (BT-21, zwischen #…#) muss aus UNTDID 4451 stammen.',
    'A note subject code (BT-21, between #…#) must come from UNTDID 4451.',
    (n) => {
      const s = stringValue(n);
      if (!s.includes('#')) return true;
      const after = s.slice(s.indexOf('#') + 1);
      const code = after.includes('#') ? after.slice(0, after.indexOf('#')) : '';
      if ([...code].length !== 3) return true;
      return UNCL4451_SEARCH_STRING.includes(code);
    },
  ),
];

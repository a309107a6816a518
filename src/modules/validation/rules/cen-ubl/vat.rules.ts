import type { Decimal } from 'decimal.js';
import type { Rule } from '../rule.js';
import type { XNode } from '../../xml/xnode.js';
import { stringValue } from '../../xml/query.js';
import { nsp, round2, toDouble, Dec } from '../shared/xpath-values.js';
import { isVatScheme } from './br.rules.js';
import { assertRule, atRoot, hasName, pathContext, Undecidable } from './rule-kit.js';
import { memoKey, type UblIndex } from './ubl-index.js';
import { anyNum, catCode, chargeIs, dec, has, kids, matchSafe, nspOf, single, sumOf } from './ubl-values.js';

/**
 * The VAT category rules BR-S/Z/E/AE/IC/G/O/AF/AG/B-* of EN 16931 1.3.16, UBL binding.
 *
 * The official expressions are not uniform across categories (some demand the VAT tax
 * scheme on the seller's identifier, some do not; IGIC/IPSI compare codes untrimmed in
 * places): each difference below is deliberate and mirrors the official text.
 */

type Ctx = (ix: UblIndex) => readonly XNode[];
type Pred = (n: XNode) => boolean;

interface Category {
  readonly code: string;
  readonly prefix: string;
  readonly de: string;
  readonly en: string;
}

const S: Category = { code: 'S', prefix: 'BR-S', de: 'Normalsatz (S)', en: 'Standard rated (S)' };
const Z: Category = { code: 'Z', prefix: 'BR-Z', de: 'Nullsatz (Z)', en: 'Zero rated (Z)' };
const E: Category = { code: 'E', prefix: 'BR-E', de: 'steuerbefreit (E)', en: 'Exempt from VAT (E)' };
const AE: Category = {
  code: 'AE',
  prefix: 'BR-AE',
  de: 'Umkehrung der Steuerschuldnerschaft (AE)',
  en: 'Reverse charge (AE)',
};
const K: Category = {
  code: 'K',
  prefix: 'BR-IC',
  de: 'innergemeinschaftliche Lieferung (K)',
  en: 'Intra-community supply (K)',
};
const G: Category = {
  code: 'G',
  prefix: 'BR-G',
  de: 'Ausfuhr außerhalb der EU (G)',
  en: 'Export outside the EU (G)',
};
const O: Category = { code: 'O', prefix: 'BR-O', de: 'nicht steuerbar (O)', en: 'Not subject to VAT (O)' };
const L: Category = { code: 'L', prefix: 'BR-AF', de: 'IGIC (L)', en: 'IGIC (L)' };
const M: Category = { code: 'M', prefix: 'BR-AG', de: 'IPSI (M)', en: 'IPSI (M)' };

// ---- node sets of the official expressions -------------------------------------------------

const classified: Ctx = (ix) => ix.named('cac:ClassifiedTaxCategory');
const isAllowanceChargeCat = (c: XNode): boolean =>
  c.parent !== null && hasName(c.parent, 'cac:AllowanceCharge');
/** `//cac:AllowanceCharge/cac:TaxCategory`, optionally `[cbc:ChargeIndicator = true()/false()]`. */
const AC_CATS = {
  any: memoKey<XNode[]>(),
  charges: memoKey<XNode[]>(),
  allowances: memoKey<XNode[]>(),
};
const acCats =
  (charge?: boolean): Ctx =>
  (ix) =>
    ix.memo(charge === undefined ? AC_CATS.any : charge ? AC_CATS.charges : AC_CATS.allowances, () =>
      ix
        .named('cac:TaxCategory')
        .filter((c) => isAllowanceChargeCat(c) && (charge === undefined || chargeIs(c.parent!, charge))),
    );
/** `(/ubl:Invoice|/cn:CreditNote)/cac:AllowanceCharge[...]/cac:TaxCategory`. */
const docAcCats =
  (charge: boolean): Ctx =>
  (ix) =>
    kids(ix.root, 'cac:AllowanceCharge')
      .filter((ac) => chargeIs(ac, charge))
      .flatMap((ac) => kids(ac, 'cac:TaxCategory'));
const BREAKDOWN_CATS = memoKey<XNode[]>();
const breakdownCats: Ctx = (ix) =>
  ix.memo(BREAKDOWN_CATS, () => kids(ix.root, 'cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory'));

/** `[normalize-space(cbc:ID) = 'X']` (fails on a repeated ID). */
const codeIs =
  (x: string): Pred =>
  (c) =>
    catCode(c) === x;
/** `[normalize-space(cbc:ID) = 'X'][cac:TaxScheme/normalize-space(upper-case(cbc:ID))='VAT']`. */
const vatCodeIs =
  (x: string): Pred =>
  (c) =>
    codeIs(x)(c) && isVatScheme(c);
/** `[cbc:ID = 'X']`: untrimmed comparison. */
const rawCodeIs =
  (x: string): Pred =>
  (c) =>
    kids(c, 'cbc:ID').some((id) => stringValue(id) === x);
const normalizedIds = new WeakMap<XNode, readonly string[]>();

/** `count(cbc:ID[normalize-space(.) = 'X'])`; the normalised IDs of a category are kept per node. */
function countIds(c: XNode, x: string): number {
  let ids = normalizedIds.get(c);
  if (ids === undefined) {
    ids = kids(c, 'cbc:ID').map((id) => nsp(stringValue(id)));
    normalizedIds.set(c, ids);
  }
  let n = 0;
  for (const id of ids) if (id === x) n++;
  return n;
}

/**
 * `base[pred]`, evaluated once per document: the -02/-03/-04 rules ask the same filtered
 * node set twice and several rules share a context. A dynamic error of the predicate is
 * remembered and raised again, so every rule using the set still sees it.
 */
const filterCtx = (base: Ctx, pred: Pred): Ctx => {
  const key = memoKey<readonly XNode[] | Undecidable>();
  return (ix) => {
    const outcome = ix.memo(key, (): readonly XNode[] | Undecidable => {
      try {
        return base(ix).filter(pred);
      } catch (e) {
        if (e instanceof Undecidable) return e;
        throw e;
      }
    });
    if (outcome instanceof Undecidable) throw outcome;
    return outcome;
  };
};
const matching = (base: Ctx, pred: Pred): Ctx => filterCtx(base, pred);

// ---- per-document party facts --------------------------------------------------------------

interface PartyFacts {
  /** `//cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID` (any tax scheme). */
  sellerAny: boolean;
  /** The same restricted to the VAT tax scheme. */
  sellerVat: boolean;
  taxRepVat: boolean;
  buyerVat: boolean;
  buyerLegal: boolean;
}

const vatSchemeWithCompany = (ix: UblIndex, path: string): boolean =>
  pathContext(path)(ix).some((p) => isVatScheme(p) && has(p, 'cbc:CompanyID'));

const PARTY_FACTS = memoKey<PartyFacts>();

function parties(ix: UblIndex): PartyFacts {
  return ix.memo(PARTY_FACTS, () => ({
    sellerAny:
      pathContext('cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID')(ix).length > 0,
    sellerVat: vatSchemeWithCompany(ix, 'cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme'),
    taxRepVat: vatSchemeWithCompany(ix, 'cac:TaxRepresentativeParty/cac:PartyTaxScheme'),
    buyerVat: vatSchemeWithCompany(ix, 'cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme'),
    buyerLegal:
      pathContext('cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID')(ix).length > 0,
  }));
}

// ---- rule builders ---------------------------------------------------------------------------

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

const lineCtx = (c: Category): Ctx =>
  filterCtx(
    pathContext('cac:InvoiceLine|cac:CreditNoteLine/cac:Item/cac:ClassifiedTaxCategory'),
    matchSafe(vatCodeIs(c.code)),
  );
const allowanceCtx = (c: Category, charge: boolean): Ctx =>
  filterCtx(
    (ix) => ix.named('cac:TaxCategory').filter((t) => isAllowanceChargeCat(t)),
    matchSafe((t: XNode) => chargeIs(t.parent!, charge) && vatCodeIs(c.code)(t)),
  );
const breakdownCtx = (c: Category): Ctx => filterCtx(breakdownCats, matchSafe(vatCodeIs(c.code)));

/** -01, "exactly one breakdown" form (Z, E, AE, IC, G, O). */
function exactlyOneBreakdown(c: Category): Rule {
  return fatal(
    `${c.prefix}-01`,
    ['BT-151', 'BT-95', 'BT-102', 'BT-118', 'BG-23'],
    atRoot,
    `Wird die Kategorie ${c.de} in Positionen, Nachlässen oder Zuschlägen verwendet, muss es genau eine Umsatzsteuer-Aufschlüsselung (BG-23) dieser Kategorie geben.`,
    `When category ${c.en} is used on lines, allowances or charges, there must be exactly one VAT breakdown (BG-23) of that category.`,
    (_n, ix) => {
      const usedOn = (t: XNode): boolean => isVatScheme(t) && countIds(t, c.code) > 0;
      // In document-set order: all tax categories first, then the classified ones (no concatenated copy).
      const used = ix.named('cac:TaxCategory').some(usedOn) || classified(ix).some(usedOn);
      if (!used) return true;
      return (
        breakdownCats(ix)
          .filter(isVatScheme)
          .reduce((n, t) => n + countIds(t, c.code), 0) === 1
      );
    },
  );
}

/** -02/-03/-04 "(exists(A) and party condition) or not(exists(B))". */
function partyRule(
  id: string,
  bt: string[],
  de: string,
  en: string,
  a: Ctx,
  b: Ctx,
  cond: (p: PartyFacts) => boolean,
): Rule {
  return fatal(
    id,
    bt,
    atRoot,
    de,
    en,
    (_n, ix) => (a(ix).length > 0 && cond(parties(ix))) || b(ix).length === 0,
  );
}

const sellerIdsDe =
  'die Umsatzsteuer-Identifikationsnummer des Verkäufers (BT-31), seine Steuernummer (BT-32) oder die des Steuervertreters (BT-63)';
const sellerIdsEn =
  'the seller VAT identifier (BT-31), the seller tax registration identifier (BT-32) or the tax representative VAT identifier (BT-63)';

function sellerRules(
  c: Category,
  cond: (p: PartyFacts) => boolean,
  variants: { a02?: Ctx; b02?: Ctx; a03?: Ctx; b03?: Ctx; a04?: Ctx; b04?: Ctx } = {},
  who = { de: `muss ${sellerIdsDe} angegeben sein`, en: `requires ${sellerIdsEn}` },
): Rule[] {
  const cls = matching(classified, vatCodeIs(c.code));
  const alw = matching(acCats(false), vatCodeIs(c.code));
  const chg = matching(acCats(true), vatCodeIs(c.code));
  return [
    partyRule(
      `${c.prefix}-02`,
      ['BT-151', 'BT-31', 'BT-32', 'BT-63'],
      `Enthält eine Position die Kategorie ${c.de}, ${who.de}.`,
      `An invoice line with category ${c.en} ${who.en}.`,
      variants.a02 ?? cls,
      variants.b02 ?? cls,
      cond,
    ),
    partyRule(
      `${c.prefix}-03`,
      ['BT-95', 'BT-31', 'BT-32', 'BT-63'],
      `Enthält ein Nachlass die Kategorie ${c.de}, ${who.de}.`,
      `A document level allowance with category ${c.en} ${who.en}.`,
      variants.a03 ?? alw,
      variants.b03 ?? alw,
      cond,
    ),
    partyRule(
      `${c.prefix}-04`,
      ['BT-102', 'BT-31', 'BT-32', 'BT-63'],
      `Enthält ein Zuschlag die Kategorie ${c.de}, ${who.de}.`,
      `A document level charge with category ${c.en} ${who.en}.`,
      variants.a04 ?? chg,
      variants.b04 ?? chg,
      cond,
    ),
  ];
}

type RateTest = (t: XNode) => boolean;
const rateZero: RateTest = (t) => {
  const p = dec(t, 'cbc:Percent');
  return p !== null && p.isZero();
};
const ratePositive: RateTest = (t) => anyNum(t, 'cbc:Percent', (v) => v > 0);
const rateNotNegative: RateTest = (t) => anyNum(t, 'cbc:Percent', (v) => v >= 0);
const noRate: RateTest = (t) => !has(t, 'cbc:Percent');

function rateRules(c: Category, test: RateTest, de: string, en: string): Rule[] {
  return [
    fatal(
      `${c.prefix}-05`,
      ['BT-152'],
      lineCtx(c),
      `In einer Position der Kategorie ${c.de} ${de} (BT-152).`,
      `In an invoice line of category ${c.en} ${en} (BT-152).`,
      test,
    ),
    fatal(
      `${c.prefix}-06`,
      ['BT-96'],
      allowanceCtx(c, false),
      `In einem Nachlass der Kategorie ${c.de} ${de} (BT-96).`,
      `In a document level allowance of category ${c.en} ${en} (BT-96).`,
      test,
    ),
    fatal(
      `${c.prefix}-07`,
      ['BT-103'],
      allowanceCtx(c, true),
      `In einem Zuschlag der Kategorie ${c.de} ${de} (BT-103).`,
      `In a document level charge of category ${c.en} ${en} (BT-103).`,
      test,
    ),
  ];
}

/** Lines (children of the root) whose item carries the category code: `[cac:Item/cac:ClassifiedTaxCategory/normalize-space(cbc:ID)='X']`. */
const linesOf = (ix: UblIndex, name: string, code: string): XNode[] =>
  kids(ix.root, name).filter((l) => kids(l, 'cac:Item/cac:ClassifiedTaxCategory').some(codeIs(code)));
const docAcOf = (ix: UblIndex, charge: boolean, code: string): XNode[] =>
  kids(ix.root, 'cac:AllowanceCharge').filter(
    (ac) => chargeIs(ac, charge) && kids(ac, 'cac:TaxCategory').some(codeIs(code)),
  );

/** Σ line net amounts + Σ charges − Σ allowances for one category (and optionally one rate). */
function categoryBase(ix: UblIndex, lineName: string, code: string, rate?: Decimal): Decimal {
  const rateOk = (cats: XNode[]): boolean =>
    rate === undefined ||
    cats.some((t) => {
      const p = dec(t, 'cbc:Percent');
      return p !== null && p.eq(rate);
    });
  const lines = linesOf(ix, lineName, code).filter((l) =>
    rateOk(kids(l, 'cac:Item/cac:ClassifiedTaxCategory')),
  );
  const charges = docAcOf(ix, true, code).filter((ac) => rateOk(kids(ac, 'cac:TaxCategory')));
  const allowances = docAcOf(ix, false, code).filter((ac) => rateOk(kids(ac, 'cac:TaxCategory')));
  return sumOf(lines.flatMap((l) => kids(l, 'cbc:LineExtensionAmount')))
    .plus(sumOf(charges.flatMap((a) => kids(a, 'cbc:Amount'))))
    .minus(sumOf(allowances.flatMap((a) => kids(a, 'cbc:Amount'))));
}

/** `../xs:decimal(cbc:TaxableAmount ± 1)`: untyped arithmetic in xs:double, then cast to xs:decimal. */
function taxableShifted(sub: XNode, delta: number): Decimal | null {
  const t = single(sub, 'cbc:TaxableAmount');
  if (!t) return null;
  const d = toDouble(stringValue(t));
  if (d === null) throw new Undecidable(t, 'not a number');
  const v = d + delta;
  if (!Number.isFinite(v)) throw new Undecidable(t, 'not a finite number');
  // The exact binary value of the double, as a decimal.
  return new Dec(Math.abs(v) < 1e21 ? v.toFixed(100) : String(v));
}

function withinOne(sub: XNode, base: Decimal): boolean {
  const lo = taxableShifted(sub, -1);
  const hi = taxableShifted(sub, 1);
  return lo !== null && hi !== null && lo.lt(base) && hi.gt(base);
}

function simpleBase(c: Category): Rule {
  return fatal(
    `${c.prefix}-08`,
    ['BT-116', 'BT-131', 'BT-92', 'BT-99'],
    breakdownCtx(c),
    `Die Bemessungsgrundlage der Kategorie ${c.de} (BT-116) muss Summe der Positionsnettobeträge plus Zuschläge minus Nachlässe dieser Kategorie sein.`,
    `The taxable amount of category ${c.en} (BT-116) must equal the line net amounts plus charges minus allowances of that category.`,
    (t, ix) => {
      const sub = t.parent!;
      const taxable = (): Decimal | null => dec(sub, 'cbc:TaxableAmount');
      if (ix.named('cac:InvoiceLine').length > 0) {
        const v = taxable();
        if (v !== null && v.eq(categoryBase(ix, 'cac:InvoiceLine', c.code))) return true;
      }
      if (ix.named('cac:CreditNoteLine').length > 0) {
        const v = taxable();
        if (v !== null && v.eq(categoryBase(ix, 'cac:CreditNoteLine', c.code))) return true;
      }
      return false;
    },
  );
}

/** -08 for IGIC and IPSI: per rate, within ±1. */
function perRateBase(c: Category): Rule {
  return fatal(
    `${c.prefix}-08`,
    ['BT-116', 'BT-119', 'BT-131'],
    breakdownCtx(c),
    `Die Bemessungsgrundlage der Kategorie ${c.de} je Steuersatz (BT-116) muss Summe der Positionen plus Zuschläge minus Nachlässe mit diesem Satz sein.`,
    `The taxable amount of category ${c.en} per rate (BT-116) must equal lines plus charges minus allowances with that rate.`,
    (t, ix) => {
      const rate = dec(t, 'cbc:Percent');
      if (rate === null) return true;
      const sub = t.parent!;
      return (
        (ix.named('cac:InvoiceLine').length > 0 &&
          withinOne(sub, categoryBase(ix, 'cac:InvoiceLine', c.code, rate))) ||
        (ix.named('cac:CreditNoteLine').length > 0 &&
          withinOne(sub, categoryBase(ix, 'cac:CreditNoteLine', c.code, rate)))
      );
    },
  );
}

/** BR-S-08 additionally needs a line or allowance/charge anywhere with that rate. */
const standardBase = fatal(
  'BR-S-08',
  ['BT-116', 'BT-119', 'BT-131'],
  breakdownCtx(S),
  'Die Bemessungsgrundlage der Kategorie Normalsatz je Steuersatz (BT-116) muss Summe der Positionen plus Zuschläge minus Nachlässe mit diesem Satz sein.',
  'The standard rated taxable amount per rate (BT-116) must equal lines plus charges minus allowances with that rate.',
  (t, ix) => {
    const rate = dec(t, 'cbc:Percent');
    if (rate === null) return true;
    const sub = t.parent!;
    const hasRate = (cats: XNode[]): boolean =>
      cats.some((x) => {
        const p = dec(x, 'cbc:Percent');
        return p !== null && p.eq(rate);
      });
    const sCats = (cats: XNode[]): boolean => cats.some(codeIs('S'));
    const usedOn = (lineName: string): boolean =>
      ix.named(lineName).some((l) => {
        const cs = kids(l, 'cac:Item/cac:ClassifiedTaxCategory');
        return sCats(cs) && hasRate(cs);
      }) ||
      ix.named('cac:AllowanceCharge').some((ac) => {
        const cs = kids(ac, 'cac:TaxCategory');
        return sCats(cs) && hasRate(cs);
      });
    return (
      (usedOn('cac:InvoiceLine') && withinOne(sub, categoryBase(ix, 'cac:InvoiceLine', 'S', rate))) ||
      (usedOn('cac:CreditNoteLine') && withinOne(sub, categoryBase(ix, 'cac:CreditNoteLine', 'S', rate)))
    );
  },
);

function zeroTax(c: Category): Rule {
  return fatal(
    `${c.prefix}-09`,
    ['BT-117'],
    breakdownCtx(c),
    `Der Steuerbetrag der Kategorie ${c.de} (BT-117) muss 0 sein.`,
    `The VAT amount of category ${c.en} (BT-117) must be 0.`,
    (t) => {
      const v = dec(t.parent!, 'cbc:TaxAmount');
      return v !== null && v.isZero();
    },
  );
}

function rateTax(c: Category): Rule {
  return fatal(
    `${c.prefix}-09`,
    ['BT-117', 'BT-116', 'BT-119'],
    breakdownCtx(c),
    `Der Steuerbetrag der Kategorie ${c.de} (BT-117) muss Bemessungsgrundlage (BT-116) mal Steuersatz (BT-119) sein.`,
    `The VAT amount of category ${c.en} (BT-117) must equal the taxable amount (BT-116) times the rate (BT-119).`,
    (t) => {
      const sub = t.parent!;
      const tax = dec(sub, 'cbc:TaxAmount');
      const base = dec(sub, 'cbc:TaxableAmount');
      const rate = dec(t, 'cbc:Percent');
      if (tax === null || base === null || rate === null) return false;
      const expected = round2(base.abs().times(rate.div(100)));
      return tax.abs().minus(1).lt(expected) && tax.abs().plus(1).gt(expected);
    },
  );
}

function exemptionRequired(c: Category): Rule {
  return fatal(
    `${c.prefix}-10`,
    ['BT-120', 'BT-121'],
    breakdownCtx(c),
    `Eine Aufschlüsselung der Kategorie ${c.de} braucht einen Befreiungsgrund (BT-120) oder Befreiungsgrund-Code (BT-121).`,
    `A VAT breakdown of category ${c.en} needs an exemption reason (BT-120) or exemption reason code (BT-121).`,
    (t) => has(t, 'cbc:TaxExemptionReason') || has(t, 'cbc:TaxExemptionReasonCode'),
  );
}

function exemptionForbidden(c: Category): Rule {
  return fatal(
    `${c.prefix}-10`,
    ['BT-120', 'BT-121'],
    breakdownCtx(c),
    `Eine Aufschlüsselung der Kategorie ${c.de} darf keinen Befreiungsgrund (BT-120/BT-121) enthalten.`,
    `A VAT breakdown of category ${c.en} must not have an exemption reason (BT-120/BT-121).`,
    (t) => !has(t, 'cbc:TaxExemptionReason') && !has(t, 'cbc:TaxExemptionReasonCode'),
  );
}

const sellerOrRep = (p: PartyFacts): boolean => p.sellerAny || p.taxRepVat;
const sellerVatOrRep = (p: PartyFacts): boolean => p.sellerVat || p.taxRepVat;
const rateZeroDe = 'muss der Steuersatz 0 sein';
const rateZeroEn = 'the VAT rate must be 0';

/** The "at least one breakdown" -01 forms of S, IGIC and IPSI. */
const standardUse = fatal(
  'BR-S-01',
  ['BT-151', 'BT-95', 'BT-102', 'BT-118'],
  atRoot,
  'Wird der Normalsatz (S) in Positionen, Nachlässen oder Zuschlägen verwendet, muss es mindestens eine Umsatzsteuer-Aufschlüsselung (BG-23) mit Kategorie S geben (und umgekehrt).',
  'When standard rate (S) is used on lines, allowances or charges, there must be at least one VAT breakdown (BG-23) of category S (and vice versa).',
  (_n, ix) => {
    const used = acCats()(ix).filter(codeIs('S')).length + classified(ix).filter(codeIs('S')).length;
    const bd = breakdownCats(ix).filter(codeIs('S')).length;
    return (used > 0 && bd > 0) || (used === 0 && bd === 0);
  },
);

function atLeastOne(c: Category, firstBranch: Pred): Rule {
  return fatal(
    `${c.prefix}-01`,
    ['BT-151', 'BT-95', 'BT-102', 'BT-118'],
    atRoot,
    `Wird die Kategorie ${c.de} in Positionen, Nachlässen oder Zuschlägen verwendet, muss es mindestens eine Umsatzsteuer-Aufschlüsselung (BG-23) dieser Kategorie geben.`,
    `When category ${c.en} is used on lines, allowances or charges, there must be at least one VAT breakdown (BG-23) of that category.`,
    (_n, ix) => {
      const used =
        acCats()(ix).filter(vatCodeIs(c.code)).length + classified(ix).filter(vatCodeIs(c.code)).length;
      return (
        (used > 0 && breakdownCats(ix).filter(firstBranch).length > 0) ||
        (used === 0 && breakdownCats(ix).filter(vatCodeIs(c.code)).length === 0)
      );
    },
  );
}

const onlyO = (pred: (ix: UblIndex) => number, id: string, bt: string[], de: string, en: string): Rule =>
  fatal(id, bt, atRoot, de, en, (_n, ix) => {
    const hasO = breakdownCats(ix)
      .filter(isVatScheme)
      .some((t) => countIds(t, 'O') > 0);
    return !hasO || pred(ix) === 0;
  });
const notO: Pred = (t) => nspOf(t, 'cbc:ID') !== 'O' && isVatScheme(t);

export const vatRules: readonly Rule[] = [
  // Standard rated
  standardUse,
  ...sellerRules(S, sellerOrRep, { b02: matching(classified, codeIs('S')) }),
  ...rateRules(
    S,
    ratePositive,
    'muss der Steuersatz größer als 0 sein',
    'the VAT rate must be greater than 0',
  ),
  standardBase,
  rateTax(S),
  exemptionForbidden(S),
  // Zero rated
  exactlyOneBreakdown(Z),
  ...sellerRules(Z, sellerOrRep),
  ...rateRules(Z, rateZero, rateZeroDe, rateZeroEn),
  simpleBase(Z),
  zeroTax(Z),
  exemptionForbidden(Z),
  // Exempt
  exactlyOneBreakdown(E),
  ...sellerRules(E, sellerOrRep),
  ...rateRules(E, rateZero, rateZeroDe, rateZeroEn),
  simpleBase(E),
  zeroTax(E),
  exemptionRequired(E),
  // Reverse charge
  exactlyOneBreakdown(AE),
  ...sellerRules(
    AE,
    (p) => sellerOrRep(p) && (p.buyerVat || p.buyerLegal),
    {},
    {
      de: `muss ${sellerIdsDe} sowie die Umsatzsteuer-Identifikationsnummer (BT-48) oder Registernummer (BT-47) des Käufers angegeben sein`,
      en: `requires ${sellerIdsEn} and the buyer VAT identifier (BT-48) or legal registration identifier (BT-47)`,
    },
  ),
  ...rateRules(AE, rateZero, rateZeroDe, rateZeroEn),
  simpleBase(AE),
  zeroTax(AE),
  exemptionRequired(AE),
  // Intra-community supply
  exactlyOneBreakdown(K),
  ...sellerRules(
    K,
    (p) => sellerVatOrRep(p) && p.buyerVat,
    {},
    {
      de: 'muss die Umsatzsteuer-Identifikationsnummer des Verkäufers (BT-31) oder seines Steuervertreters (BT-63) sowie die des Käufers (BT-48) angegeben sein',
      en: 'requires the seller VAT identifier (BT-31) or tax representative VAT identifier (BT-63) and the buyer VAT identifier (BT-48)',
    },
  ),
  ...rateRules(K, rateZero, rateZeroDe, rateZeroEn),
  simpleBase(K),
  zeroTax(K),
  exemptionRequired(K),
  fatal(
    'BR-IC-11',
    ['BT-72', 'BG-14'],
    atRoot,
    'Bei innergemeinschaftlicher Lieferung (K) muss das Lieferdatum (BT-72) oder der Rechnungszeitraum (BG-14) angegeben sein.',
    'For an intra-community supply (K) the actual delivery date (BT-72) or the invoicing period (BG-14) must be given.',
    (n) => {
      const k = kids(n, 'cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory')
        .filter(isVatScheme)
        .some((t) => countIds(t, 'K') > 0);
      if (!k) return true;
      const date = single(n, 'cac:Delivery/cbc:ActualDeliveryDate');
      return [...(date ? stringValue(date) : '')].length > 1 || kids(n, 'cac:InvoicePeriod/*').length > 0;
    },
  ),
  fatal(
    'BR-IC-12',
    ['BT-80'],
    atRoot,
    'Bei innergemeinschaftlicher Lieferung (K) muss der Ländercode der Lieferanschrift (BT-80) angegeben sein.',
    'For an intra-community supply (K) the deliver-to country code (BT-80) must be given.',
    (n) => {
      const k = kids(n, 'cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory')
        .filter(isVatScheme)
        .some((t) => countIds(t, 'K') > 0);
      if (!k) return true;
      const code = single(
        n,
        'cac:Delivery/cac:DeliveryLocation/cac:Address/cac:Country/cbc:IdentificationCode',
      );
      return [...(code ? stringValue(code) : '')].length > 1;
    },
  ),
  // Export outside the EU
  exactlyOneBreakdown(G),
  ...sellerRules(
    G,
    sellerVatOrRep,
    {
      a03: matching(acCats(false), codeIs('G')),
      a04: matching(acCats(true), codeIs('G')),
    },
    {
      de: 'muss die Umsatzsteuer-Identifikationsnummer des Verkäufers (BT-31) oder seines Steuervertreters (BT-63) angegeben sein',
      en: 'requires the seller VAT identifier (BT-31) or the tax representative VAT identifier (BT-63)',
    },
  ),
  ...rateRules(G, rateZero, rateZeroDe, rateZeroEn),
  simpleBase(G),
  zeroTax(G),
  exemptionRequired(G),
  // Not subject to VAT
  exactlyOneBreakdown(O),
  ...sellerRules(
    O,
    (p) => !p.sellerVat && !p.taxRepVat && !p.buyerVat,
    {
      a03: matching(docAcCats(false), vatCodeIs('O')),
      b03: matching(docAcCats(false), vatCodeIs('O')),
      a04: matching(docAcCats(true), vatCodeIs('O')),
      b04: matching(docAcCats(true), vatCodeIs('O')),
    },
    {
      de: 'darf keine Umsatzsteuer-Identifikationsnummer von Verkäufer (BT-31), Steuervertreter (BT-63) oder Käufer (BT-48) angegeben sein',
      en: 'must not carry a VAT identifier of the seller (BT-31), the tax representative (BT-63) or the buyer (BT-48)',
    },
  ),
  ...rateRules(O, noRate, 'darf kein Steuersatz angegeben sein', 'no VAT rate may be given'),
  simpleBase(O),
  zeroTax(O),
  exemptionRequired(O),
  onlyO(
    (ix) => breakdownCats(ix).filter(notO).length,
    'BR-O-11',
    ['BT-118', 'BG-23'],
    'Eine Rechnung mit Kategorie nicht steuerbar (O) darf keine weiteren Umsatzsteuer-Aufschlüsselungen enthalten.',
    'An invoice with a VAT breakdown of category not subject to VAT (O) must not contain other VAT breakdowns.',
  ),
  onlyO(
    (ix) => classified(ix).filter(notO).length,
    'BR-O-12',
    ['BT-151'],
    'Eine Rechnung mit Kategorie nicht steuerbar (O) darf keine Positionen anderer Kategorie enthalten.',
    'An invoice with a VAT breakdown of category O must not contain invoice lines of another category.',
  ),
  onlyO(
    (ix) => acCats(false)(ix).filter(notO).length,
    'BR-O-13',
    ['BT-95'],
    'Eine Rechnung mit Kategorie nicht steuerbar (O) darf keine Nachlässe anderer Kategorie enthalten.',
    'An invoice with a VAT breakdown of category O must not contain allowances of another category.',
  ),
  onlyO(
    (ix) => acCats(true)(ix).filter(notO).length,
    'BR-O-14',
    ['BT-102'],
    'Eine Rechnung mit Kategorie nicht steuerbar (O) darf keine Zuschläge anderer Kategorie enthalten.',
    'An invoice with a VAT breakdown of category O must not contain charges of another category.',
  ),
  // IGIC (Canary Islands)
  atLeastOne(L, rawCodeIs('L')),
  ...sellerRules(L, sellerOrRep, { b04: matching(acCats(true), (t) => rawCodeIs('L')(t) && isVatScheme(t)) }),
  ...rateRules(
    L,
    rateNotNegative,
    'darf der Steuersatz nicht negativ sein',
    'the VAT rate must not be negative',
  ),
  perRateBase(L),
  rateTax(L),
  exemptionForbidden(L),
  // IPSI (Ceuta and Melilla)
  atLeastOne(M, (t) => rawCodeIs('M')(t) && isVatScheme(t)),
  ...sellerRules(M, sellerOrRep),
  ...rateRules(
    M,
    rateNotNegative,
    'darf der Steuersatz nicht negativ sein',
    'the VAT rate must not be negative',
  ),
  perRateBase(M),
  rateTax(M),
  exemptionForbidden(M),
  // Split payment (Italy)
  fatal(
    'BR-B-01',
    ['BT-151', 'BT-95', 'BT-102'],
    atRoot,
    'Die Kategorie Split Payment (B) ist nur in inländischen italienischen Rechnungen erlaubt.',
    'The split payment category (B) is only allowed in domestic Italian invoices.',
    (_n, ix) => {
      const usesB = [...ix.named('cac:TaxCategory'), ...classified(ix)].some((t) =>
        kids(t, 'cbc:ID').some((id) => stringValue(id) === 'B'),
      );
      return !usesB || !ix.named('cbc:IdentificationCode').some((c) => stringValue(c) !== 'IT');
    },
  ),
  fatal(
    'BR-B-02',
    ['BT-151', 'BT-95', 'BT-102'],
    atRoot,
    'Eine Rechnung mit Split Payment (B) darf keine Positionen, Nachlässe oder Zuschläge mit Normalsatz (S) enthalten.',
    'An invoice with split payment (B) must not contain lines, allowances or charges with standard rate (S).',
    (n, ix) => {
      const idIs = (ts: XNode[], x: string): boolean =>
        ts.some((t) => kids(t, 'cbc:ID').some((id) => stringValue(id) === x));
      const usesB =
        idIs(kids(n, 'cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory'), 'B') ||
        idIs(kids(n, 'cac:AllowanceCharge/cac:TaxCategory'), 'B') ||
        idIs([...classified(ix)], 'B');
      if (!usesB) return true;
      // The official text tests cac:TaxSubtotal/cbc:ID (an element UBL does not have) for 'S'.
      const usesS =
        idIs(kids(n, 'cac:TaxTotal/cac:TaxSubtotal'), 'S') ||
        idIs(kids(n, 'cac:AllowanceCharge/cac:TaxCategory'), 'S') ||
        idIs([...classified(ix)], 'S');
      return !usesS;
    },
  ),
];

import { Decimal } from 'decimal.js';
import type { XNode } from '../../xml/xnode.js';
import type { AssertDef, Env } from './pattern.js';
import { abs, cached, has, kid, kids, parentIs, path } from './cii-index.js';
import { anyEquals, anyNum, decOf, numOf, round2, sv, xround } from './cii-xpath.js';
import { fatal } from './assert.js';
import { hasCategory, isCharge } from './model-contexts.js';

/**
 * VAT category rules BR-S, BR-Z, BR-E, BR-AE, BR-IC (K), BR-G, BR-O, BR-AF (L), BR-AG (M)
 * and BR-B in the CII binding. The families share their shape, so they are generated
 * from one description per category; the tests differ where the official rules differ.
 */

const AGREEMENT = 'rsm:SupplyChainTradeTransaction/ApplicableHeaderTradeAgreement';
const SETTLEMENT = 'rsm:SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement';

const withScheme = (nodes: readonly XNode[], schemes: readonly string[]) =>
  nodes.some((n) => n.attrs.some((a) => a.local === 'schemeID' && a.ns === '' && schemes.includes(a.value)));

/** Seller VAT or tax registration id, or tax representative VAT id (absolute paths). */
function sellerVatOrFc(env: Env): boolean {
  return (
    withScheme(abs(env.idx, `${AGREEMENT}/SellerTradeParty/SpecifiedTaxRegistration/ID`), ['VA', 'FC']) ||
    withScheme(abs(env.idx, `${AGREEMENT}/SellerTaxRepresentativeTradeParty/SpecifiedTaxRegistration/ID`), [
      'VA',
    ])
  );
}

/** The same with `//` paths (any seller / representative party in the document). */
function anySellerIds(env: Env, schemes: readonly string[]): boolean {
  const ids = (party: string) => env.idx.ram(party).flatMap((p) => path(p, 'SpecifiedTaxRegistration/ID'));
  return (
    withScheme(ids('SellerTradeParty'), schemes) ||
    withScheme(ids('SellerTaxRepresentativeTradeParty'), ['VA'])
  );
}

function anyBuyerVat(env: Env): boolean {
  return withScheme(
    env.idx.ram('BuyerTradeParty').flatMap((p) => path(p, 'SpecifiedTaxRegistration/ID')),
    ['VA'],
  );
}

function anyBuyerLegalId(env: Env): boolean {
  return env.idx.ram('BuyerTradeParty').some((p) => has(p, 'SpecifiedLegalOrganization/ID'));
}

/** //ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax[CategoryCode = code] */
const lineTaxesOf = (env: Env, code: string) =>
  cached(env.idx, 'vat:line-taxes', () =>
    env.idx.ram('ApplicableTradeTax').filter((t) => parentIs(t, 'SpecifiedLineTradeSettlement')),
  ).filter((t) => hasCategory(t, code));
/** //ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax[CategoryCode = code] */
const headerTaxesOf = (env: Env, code: string) =>
  cached(env.idx, 'vat:header-taxes', () =>
    env.idx.ram('ApplicableTradeTax').filter((t) => parentIs(t, 'ApplicableHeaderTradeSettlement')),
  ).filter((t) => hasCategory(t, code));
/** //ram:CategoryTradeTax[CategoryCode = code] */
const acTaxesOf = (env: Env, code: string) =>
  env.idx.ram('CategoryTradeTax').filter((t) => hasCategory(t, code));

/** Sum of untyped amounts rounded as round(sum*100) div 100; null = not numeric (XSLT fails). */
function roundedSum(nodes: readonly XNode[]): Decimal | null {
  let s = new Decimal(0);
  for (const n of nodes) {
    const v = numOf(n);
    if (!v) return null;
    s = s.plus(v);
  }
  return round2(s);
}

/**
 * Σ line net amounts + Σ document charges − Σ document allowances of one category,
 * each rounded to two decimals (the -08 taxable amount of the exempt-like categories).
 */
function categoryBase(env: Env, code: string): Decimal | null {
  const lines = abs(
    env.idx,
    'rsm:SupplyChainTradeTransaction/IncludedSupplyChainTradeLineItem/SpecifiedLineTradeSettlement',
  )
    .filter((s) => kids(s, 'ApplicableTradeTax').some((t) => hasCategory(t, code)))
    .flatMap((s) => path(s, 'SpecifiedTradeSettlementLineMonetarySummation/LineTotalAmount'));
  const acs = abs(env.idx, `${SETTLEMENT}/SpecifiedTradeAllowanceCharge`).filter((ac) =>
    kids(ac, 'CategoryTradeTax').some((t) => hasCategory(t, code)),
  );
  const charges = acs.filter((ac) => isCharge(ac, true)).flatMap((ac) => kids(ac, 'ActualAmount'));
  const allowances = acs.filter((ac) => isCharge(ac, false)).flatMap((ac) => kids(ac, 'ActualAmount'));
  const l = roundedSum(lines);
  const c = roundedSum(charges);
  const a = roundedSum(allowances);
  if (!l || !c || !a) return null;
  return l.plus(c).minus(a);
}

/**
 * The rate-aware taxable amount (BR-S-08, BR-AF-08, BR-AG-08): lines, charges and
 * allowances of the category whose rate equals `rate`, each sum rounded to two decimals.
 */
function categoryBaseAtRate(env: Env, code: string, rate: Decimal, at: XNode): Decimal | null {
  const rateMatches = (taxes: readonly XNode[]) =>
    taxes.some((t) =>
      kids(t, 'RateApplicablePercent').some((r) => {
        const d = decOf(r);
        if (!d) env.undecidable(at, 'a VAT rate is not a decimal');
        return !!d && d.eq(rate);
      }),
    );
  const lines = abs(
    env.idx,
    'rsm:SupplyChainTradeTransaction/IncludedSupplyChainTradeLineItem/SpecifiedLineTradeSettlement',
  )
    .filter((s) => {
      const taxes = kids(s, 'ApplicableTradeTax');
      return taxes.some((t) => hasCategory(t, code)) && rateMatches(taxes);
    })
    .flatMap((s) => path(s, 'SpecifiedTradeSettlementLineMonetarySummation/LineTotalAmount'));
  const acs = abs(env.idx, `${SETTLEMENT}/SpecifiedTradeAllowanceCharge`).filter((ac) => {
    const taxes = kids(ac, 'CategoryTradeTax');
    return taxes.some((t) => hasCategory(t, code)) && rateMatches(taxes);
  });
  const decs = (nodes: readonly XNode[]) => {
    let s = new Decimal(0);
    for (const n of nodes) {
      const d = decOf(n);
      if (!d) return null;
      s = s.plus(d);
    }
    return round2(s);
  };
  const l = decs(lines);
  const c = decs(acs.filter((ac) => isCharge(ac, true)).flatMap((ac) => kids(ac, 'ActualAmount')));
  const a = decs(acs.filter((ac) => isCharge(ac, false)).flatMap((ac) => kids(ac, 'ActualAmount')));
  if (!l || !c || !a) return null;
  return l.plus(c).minus(a);
}

/** every $rate in RATES satisfies BasisAmount = base($rate) */
function everyRateMatches(
  env: Env,
  code: string,
  rates: readonly XNode[],
  basisAmounts: readonly XNode[],
  at: XNode,
): boolean {
  for (const r of rates) {
    const rate = decOf(r);
    if (!rate) {
      env.undecidable(at, 'the VAT category rate is not a decimal');
      return true;
    }
    const base = categoryBaseAtRate(env, code, rate, at);
    if (!base) {
      env.undecidable(at, 'an amount is not a decimal');
      return true;
    }
    if (!anyNum(basisAmounts, (b) => b.eq(base))) return false;
  }
  return true;
}

/** BasisAmount within ±1 of the category base (the exempt-like -08 rules). */
function basisWithinOne(env: Env, code: string, tax: XNode, at: XNode): boolean {
  const base = categoryBase(env, code);
  if (!base) {
    env.undecidable(at, 'an amount is not numeric');
    return true;
  }
  const basis = kids(tax, 'BasisAmount');
  if (basis.length > 1) {
    // `../ram:BasisAmount - 1` is arithmetic on a sequence: the XSLT stops (XPTY0004).
    env.undecidable(at, 'more than one VAT category taxable amount');
    return true;
  }
  return anyNum(basis, (b) => b.minus(1).lt(base)) && anyNum(basis, (b) => b.plus(1).gt(base));
}

const rateIs = (tax: XNode, test: (d: Decimal) => boolean) =>
  anyNum(kids(tax, 'RateApplicablePercent'), test);

interface Category {
  /** Rule id prefix, e.g. 'BR-S'. */
  prefix: string;
  code: string;
  nameEn: string;
  nameDe: string;
}

const S: Category = { prefix: 'BR-S', code: 'S', nameEn: 'Standard rated', nameDe: 'Normalsatz' };
const Z: Category = { prefix: 'BR-Z', code: 'Z', nameEn: 'Zero rated', nameDe: 'Nullsatz' };
const E: Category = { prefix: 'BR-E', code: 'E', nameEn: 'Exempt from VAT', nameDe: 'Steuerbefreit' };
const AE: Category = {
  prefix: 'BR-AE',
  code: 'AE',
  nameEn: 'Reverse charge',
  nameDe: 'Umkehrung der Steuerschuldnerschaft',
};
const K: Category = {
  prefix: 'BR-IC',
  code: 'K',
  nameEn: 'Intra-community supply',
  nameDe: 'Innergemeinschaftliche Lieferung',
};
const G: Category = {
  prefix: 'BR-G',
  code: 'G',
  nameEn: 'Export outside the EU',
  nameDe: 'Ausfuhr aus der EU',
};
const O: Category = { prefix: 'BR-O', code: 'O', nameEn: 'Not subject to VAT', nameDe: 'Nicht steuerbar' };
const L: Category = { prefix: 'BR-AF', code: 'L', nameEn: 'IGIC', nameDe: 'IGIC' };
const M: Category = { prefix: 'BR-AG', code: 'M', nameEn: 'IPSI', nameDe: 'IPSI' };

/** -01: the VAT breakdown holds the category when lines/allowances/charges use it. */
function ruleOne(c: Category, kind: 'at-least' | 'exactly' | 'o'): AssertDef {
  const en =
    kind === 'at-least'
      ? `An Invoice with an Invoice line (BG-25), document level allowance (BG-20) or charge (BG-21) of VAT category "${c.nameEn}" (BT-151, BT-95, BT-102) shall contain at least one VAT breakdown (BG-23) with that category code (BT-118).`
      : `An Invoice with an Invoice line (BG-25), document level allowance (BG-20) or charge (BG-21) of VAT category "${c.nameEn}" (BT-151, BT-95, BT-102) shall contain exactly one VAT breakdown (BG-23) with that category code (BT-118).`;
  const de =
    kind === 'at-least'
      ? `Enthält die Rechnung Positionen, Nachlässe oder Zuschläge der Kategorie „${c.nameDe}“, muss die Umsatzsteueraufschlüsselung (BG-23) mindestens einmal diese Kategorie (BT-118) enthalten.`
      : `Enthält die Rechnung Positionen, Nachlässe oder Zuschläge der Kategorie „${c.nameDe}“, muss die Umsatzsteueraufschlüsselung (BG-23) genau einmal diese Kategorie (BT-118) enthalten.`;
  return fatal('root', `${c.prefix}-01`, en, de, (_n, env) => {
    const header = headerTaxesOf(env, c.code).length;
    const line = lineTaxesOf(env, c.code).length;
    const ac = acTaxesOf(env, c.code).length;
    if (kind === 'at-least') return (line + header >= 2 || line === 0) && (ac + header >= 2 || ac === 0);
    if (kind === 'o') return header === 0 || (header === 1 && (line > 0 || ac > 0));
    return (header === 0 && line === 0 && ac === 0) || (header === 1 && (line > 0 || ac > 0));
  });
}

type Who = 'line' | 'allowance' | 'charge';
const WHO: Record<Who, { en: string; de: string; bt: string; rateBt: string; ctx: string }> = {
  line: {
    en: 'an Invoice line (BG-25)',
    de: 'eine Rechnungsposition (BG-25)',
    bt: 'BT-151',
    rateBt: 'BT-152',
    ctx: 'line',
  },
  allowance: {
    en: 'a Document level allowance (BG-20)',
    de: 'einen Nachlass auf Dokumentenebene (BG-20)',
    bt: 'BT-95',
    rateBt: 'BT-96',
    ctx: 'allowance',
  },
  charge: {
    en: 'a Document level charge (BG-21)',
    de: 'einen Zuschlag auf Dokumentenebene (BG-21)',
    bt: 'BT-102',
    rateBt: 'BT-103',
    ctx: 'charge',
  },
};
const ORDER: readonly Who[] = ['line', 'allowance', 'charge'];

/** -02..-04: identifiers required (or forbidden) when the category is used. */
function idRules(c: Category, test: (env: Env) => boolean, needsEn: string, needsDe: string): AssertDef[] {
  return ORDER.map((w, i) =>
    fatal(
      `${c.code}-${WHO[w].ctx}`,
      `${c.prefix}-0${i + 2}`,
      `An Invoice with ${WHO[w].en} of VAT category "${c.nameEn}" (${WHO[w].bt}) ${needsEn}`,
      `Enthält die Rechnung ${WHO[w].de} der Kategorie „${c.nameDe}“ (${WHO[w].bt}), ${needsDe}`,
      (_n, env) => test(env),
    ),
  );
}

/** -05..-07: the rate condition of lines, allowances and charges. */
function rateRules(
  c: Category,
  tests: readonly [(t: XNode) => boolean, (t: XNode) => boolean, (t: XNode) => boolean],
  en: readonly string[],
  de: readonly string[],
): AssertDef[] {
  return ORDER.map((w, i) =>
    fatal(
      `${c.code}-${WHO[w].ctx}`,
      `${c.prefix}-0${i + 5}`,
      `In ${WHO[w].en} of VAT category "${c.nameEn}" the VAT rate (${WHO[w].rateBt}) ${en[i]}`,
      `In ${WHO[w].de} der Kategorie „${c.nameDe}“ ${de[i]} (${WHO[w].rateBt}).`,
      (n) => tests[i](n),
    ),
  );
}

const positive = (t: XNode) => rateIs(t, (d) => d.gt(0));
const zero = (t: XNode) => rateIs(t, (d) => d.isZero());
const notNegative = (t: XNode) => rateIs(t, (d) => d.gte(0));
const noRate = (t: XNode) => !kid(t, 'RateApplicablePercent');

const SELLER_EN =
  'shall contain the Seller VAT identifier (BT-31), the Seller tax registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63).';
const SELLER_DE =
  'muss sie die Umsatzsteuer-Identifikationsnummer (BT-31), die Steuernummer (BT-32) und/oder die Umsatzsteuer-Identifikationsnummer des Steuervertreters (BT-63) des Verkäufers enthalten.';

/** Header -08..-10 for the exempt-like categories (context: the CategoryCode element). */
function exemptHeader(c: Category, exemptionRequired: boolean): AssertDef[] {
  const ctx = `${c.code}-header`;
  return [
    fatal(
      ctx,
      `${c.prefix}-08`,
      `In a VAT breakdown (BG-23) of category "${c.nameEn}" the taxable amount (BT-116) shall equal the sum of line net amounts (BT-131) minus document allowances (BT-92) plus document charges (BT-99) of that category.`,
      `In der Umsatzsteueraufschlüsselung (BG-23) der Kategorie „${c.nameDe}“ muss der Nettobetrag (BT-116) der Summe der Positionsnettobeträge (BT-131) abzüglich Nachlässen (BT-92) zuzüglich Zuschlägen (BT-99) dieser Kategorie entsprechen.`,
      (n, env) => basisWithinOne(env, c.code, n.parent!, n),
    ),
    fatal(
      ctx,
      `${c.prefix}-09`,
      `The VAT category tax amount (BT-117) in a VAT breakdown (BG-23) of category "${c.nameEn}" shall be 0 (zero).`,
      `Der Steuerbetrag (BT-117) in der Umsatzsteueraufschlüsselung (BG-23) der Kategorie „${c.nameDe}“ muss 0 sein.`,
      (n) => anyNum(kids(n.parent, 'CalculatedAmount'), (d) => d.isZero()),
    ),
    exemptionRequired
      ? fatal(
          ctx,
          `${c.prefix}-10`,
          `A VAT breakdown (BG-23) of category "${c.nameEn}" shall have a VAT exemption reason code (BT-121) or text (BT-120).`,
          `Eine Umsatzsteueraufschlüsselung (BG-23) der Kategorie „${c.nameDe}“ muss einen Befreiungsgrund (BT-120) oder Befreiungscode (BT-121) haben.`,
          (n) => !!kid(n.parent, 'ExemptionReason') || !!kid(n.parent, 'ExemptionReasonCode'),
        )
      : fatal(
          ctx,
          `${c.prefix}-10`,
          `A VAT breakdown (BG-23) of category "${c.nameEn}" shall not have a VAT exemption reason code (BT-121) or text (BT-120).`,
          `Eine Umsatzsteueraufschlüsselung (BG-23) der Kategorie „${c.nameDe}“ darf keinen Befreiungsgrund (BT-120) oder Befreiungscode (BT-121) haben.`,
          (n) => !kid(n.parent, 'ExemptionReason') && !kid(n.parent, 'ExemptionReasonCode'),
        ),
  ];
}

/** Header -08..-10 of IGIC / IPSI (context: the ApplicableTradeTax element). */
function rateCategoryHeader(c: Category): AssertDef[] {
  const ctx = `${c.code}-header`;
  return [
    fatal(
      ctx,
      `${c.prefix}-08`,
      `For each VAT rate (BT-119) of category "${c.nameEn}" the taxable amount (BT-116) shall equal the sum of line net amounts (BT-131) plus document charges (BT-99) minus document allowances (BT-92) of that category and rate.`,
      `Für jeden Steuersatz (BT-119) der Kategorie „${c.nameDe}“ muss der Nettobetrag (BT-116) der Summe der Positionsnettobeträge (BT-131) zuzüglich Zuschlägen (BT-99) abzüglich Nachlässen (BT-92) mit diesem Satz entsprechen.`,
      (n, env) =>
        // The official context is the breakdown itself, so `../RateApplicablePercent` looks
        // at the settlement, where no rate exists: the quantifier is over nothing.
        everyRateMatches(
          env,
          c.code,
          kids(n.parent, 'RateApplicablePercent'),
          kids(n.parent, 'BasisAmount'),
          n,
        ),
    ),
    fatal(
      ctx,
      `${c.prefix}-09`,
      `The VAT category tax amount (BT-117) of category "${c.nameEn}" shall equal the taxable amount (BT-116) multiplied by the rate (BT-119).`,
      `Der Steuerbetrag (BT-117) der Kategorie „${c.nameDe}“ muss dem Nettobetrag (BT-116) mal Steuersatz (BT-119) entsprechen.`,
      () => true,
    ),
    fatal(
      ctx,
      `${c.prefix}-10`,
      `A VAT breakdown (BG-23) of category "${c.nameEn}" shall not have a VAT exemption reason code (BT-121) or text (BT-120).`,
      `Eine Umsatzsteueraufschlüsselung (BG-23) der Kategorie „${c.nameDe}“ darf keinen Befreiungsgrund (BT-120) oder Befreiungscode (BT-121) haben.`,
      (n) => !kid(n, 'ExemptionReason') && !kid(n, 'ExemptionReasonCode'),
    ),
  ];
}

const aeIds = (env: Env) => anySellerIds(env, ['VA', 'FC']) && (anyBuyerVat(env) || anyBuyerLegalId(env));
const gIds = (env: Env) => anySellerIds(env, ['VA']);
const kIds = (env: Env) => anySellerIds(env, ['VA']) && anyBuyerVat(env);
const oIds = (env: Env) =>
  !withScheme(abs(env.idx, `${AGREEMENT}/SellerTradeParty/SpecifiedTaxRegistration/ID`), ['VA']) &&
  !withScheme(abs(env.idx, `${AGREEMENT}/SellerTaxRepresentativeTradeParty/SpecifiedTaxRegistration/ID`), [
    'VA',
  ]);
// The official O rules also test `/ram:BuyerTradeParty/…` from the document root, which
// never matches a CII document; the Buyer VAT identifier therefore does not count.

const RATE_ZERO_EN = ['shall be 0 (zero).', 'shall be 0 (zero).', 'shall be 0 (zero).'];
const RATE_ZERO_DE = [
  'muss der Steuersatz 0 sein',
  'muss der Steuersatz 0 sein',
  'muss der Steuersatz 0 sein',
];
const RATE_POS_EN = [
  'shall be greater than zero.',
  'shall be greater than zero.',
  'shall be greater than zero.',
];
const RATE_POS_DE = [
  'muss der Steuersatz größer als 0 sein',
  'muss der Steuersatz größer als 0 sein',
  'muss der Steuersatz größer als 0 sein',
];

export const VAT_RULES: readonly AssertDef[] = [
  // -01 (root context)
  ruleOne(S, 'at-least'),
  ruleOne(Z, 'exactly'),
  ruleOne(E, 'exactly'),
  ruleOne(AE, 'exactly'),
  ruleOne(K, 'exactly'),
  ruleOne(G, 'exactly'),
  ruleOne(O, 'o'),
  ruleOne(L, 'at-least'),
  ruleOne(M, 'at-least'),
  fatal(
    'root',
    'BR-B-01',
    'An Invoice where a VAT category code (BT-151, BT-95, BT-102) is "Split payment" shall be a domestic Italian invoice.',
    'Eine Rechnung mit der Kategorie „Split payment“ (BT-151, BT-95, BT-102) muss eine inländische italienische Rechnung sein.',
    (_n, env) => {
      const hasB = anyEquals(env.idx.ram('CategoryCode'), 'B');
      if (!hasB) return true;
      return !env.idx.ram('CountryID').some((c) => sv(c) !== 'IT');
    },
  ),
  fatal(
    'root',
    'BR-B-02',
    'An Invoice with VAT category "Split payment" shall not contain lines, allowances or charges of category "Standard rated" (BT-151, BT-95, BT-102).',
    'Eine Rechnung mit der Kategorie „Split payment“ darf keine Positionen, Nachlässe oder Zuschläge mit Normalsatz enthalten (BT-151, BT-95, BT-102).',
    (_n, env) => {
      const codes = env.idx.ram('CategoryCode');
      return !anyEquals(codes, 'B') || !anyEquals(codes, 'S');
    },
  ),

  // Standard rated
  fatal(
    'S-header',
    'BR-S-08',
    'For each VAT rate (BT-119) of category "Standard rated" the taxable amount (BT-116) shall equal the sum of line net amounts (BT-131) plus document charges (BT-99) minus document allowances (BT-92) with that rate.',
    'Für jeden Steuersatz (BT-119) der Kategorie „Normalsatz“ muss der Nettobetrag (BT-116) der Summe der Positionsnettobeträge (BT-131) zuzüglich Zuschlägen (BT-99) abzüglich Nachlässen (BT-92) mit diesem Satz entsprechen.',
    (n, env) =>
      everyRateMatches(env, 'S', kids(n.parent, 'RateApplicablePercent'), kids(n.parent, 'BasisAmount'), n),
  ),
  fatal(
    'S-header',
    'BR-S-09',
    'The VAT category tax amount (BT-117) of category "Standard rated" shall equal the taxable amount (BT-116) multiplied by the rate (BT-119).',
    'Der Steuerbetrag (BT-117) der Kategorie „Normalsatz“ muss dem Nettobetrag (BT-116) mal Steuersatz (BT-119) entsprechen.',
    (n, env) => {
      const tax = n.parent!;
      const calcs = kids(tax, 'CalculatedAmount');
      const bases = kids(tax, 'BasisAmount');
      const rates = kids(tax, 'RateApplicablePercent');
      if (calcs.length > 1 || bases.length > 1 || rates.length > 1) {
        env.undecidable(n, 'more than one amount or rate in a VAT breakdown');
        return true;
      }
      const calc = decOf(calcs[0]);
      const basis = decOf(bases[0]);
      const rate = numOf(rates[0]);
      if ((calcs[0] && !calc) || (bases[0] && !basis)) {
        env.undecidable(n, 'an amount is not a decimal');
        return true;
      }
      if (!calc || !basis || !rate) return false;
      const expected = xround(basis.abs().times(rate)).div(100);
      return calc.abs().minus(1).lt(expected) && calc.abs().plus(1).gt(expected);
    },
  ),
  fatal(
    'S-header',
    'BR-S-10',
    'A VAT breakdown (BG-23) of category "Standard rated" shall not have a VAT exemption reason code (BT-121) or text (BT-120).',
    'Eine Umsatzsteueraufschlüsselung (BG-23) mit Normalsatz darf keinen Befreiungsgrund (BT-120) oder Befreiungscode (BT-121) haben.',
    (n) => !kid(n.parent, 'ExemptionReason') && !kid(n.parent, 'ExemptionReasonCode'),
  ),
  ...idRules(S, sellerVatOrFc, SELLER_EN, SELLER_DE),
  ...rateRules(S, [positive, positive, positive], RATE_POS_EN, RATE_POS_DE),

  // Zero rated
  ...exemptHeader(Z, false),
  ...idRules(Z, sellerVatOrFc, SELLER_EN, SELLER_DE),
  ...rateRules(Z, [zero, zero, zero], RATE_ZERO_EN, RATE_ZERO_DE),

  // Exempt from VAT
  ...exemptHeader(E, true),
  ...idRules(E, sellerVatOrFc, SELLER_EN, SELLER_DE),
  ...rateRules(E, [zero, zero, zero], RATE_ZERO_EN, RATE_ZERO_DE),

  // Reverse charge
  ...exemptHeader(AE, true),
  ...idRules(
    AE,
    aeIds,
    'shall contain the Seller VAT identifier (BT-31), tax registration identifier (BT-32) and/or tax representative VAT identifier (BT-63), and the Buyer VAT identifier (BT-48) and/or legal registration identifier (BT-47).',
    'muss sie Umsatzsteuer-Identifikationsnummer (BT-31), Steuernummer (BT-32) bzw. die Nummer des Steuervertreters (BT-63) des Verkäufers sowie die Umsatzsteuer-Identifikationsnummer (BT-48) bzw. Registernummer (BT-47) des Käufers enthalten.',
  ),
  ...rateRules(AE, [zero, zero, zero], RATE_ZERO_EN, RATE_ZERO_DE),

  // Intra-community supply
  ...exemptHeader(K, true),
  fatal(
    'K-header',
    'BR-IC-11',
    'In an Invoice with a VAT breakdown (BG-23) of category "Intra-community supply" the Actual delivery date (BT-72) or the Invoicing period (BG-14) shall not be blank.',
    'Bei innergemeinschaftlicher Lieferung muss das Lieferdatum (BT-72) oder der Abrechnungszeitraum (BG-14) angegeben sein.',
    (n, env) =>
      abs(
        env.idx,
        'rsm:SupplyChainTradeTransaction/ApplicableHeaderTradeDelivery/ActualDeliverySupplyChainEvent/OccurrenceDateTime/udt:DateTimeString',
      ).length > 0 ||
      has(n.parent?.parent ?? null, 'BillingSpecifiedPeriod/StartDateTime') ||
      has(n.parent?.parent ?? null, 'BillingSpecifiedPeriod/EndDateTime'),
  ),
  fatal(
    'K-header',
    'BR-IC-12',
    'In an Invoice with a VAT breakdown (BG-23) of category "Intra-community supply" the Deliver to country code (BT-80) shall not be blank.',
    'Bei innergemeinschaftlicher Lieferung muss der Ländercode der Lieferanschrift (BT-80) angegeben sein.',
    (_n, env) =>
      abs(
        env.idx,
        'rsm:SupplyChainTradeTransaction/ApplicableHeaderTradeDelivery/ShipToTradeParty/PostalTradeAddress/CountryID',
      ).length > 0,
  ),
  ...idRules(
    K,
    kIds,
    'shall contain the Seller VAT identifier (BT-31) or tax representative VAT identifier (BT-63) and the Buyer VAT identifier (BT-48).',
    'muss sie die Umsatzsteuer-Identifikationsnummer des Verkäufers (BT-31) oder seines Steuervertreters (BT-63) und die des Käufers (BT-48) enthalten.',
  ),
  ...rateRules(K, [zero, zero, zero], RATE_ZERO_EN, RATE_ZERO_DE),

  // Export outside the EU
  ...exemptHeader(G, true),
  ...idRules(
    G,
    gIds,
    'shall contain the Seller VAT identifier (BT-31) or the Seller tax representative VAT identifier (BT-63).',
    'muss sie die Umsatzsteuer-Identifikationsnummer des Verkäufers (BT-31) oder seines Steuervertreters (BT-63) enthalten.',
  ),
  ...rateRules(G, [zero, zero, zero], RATE_ZERO_EN, RATE_ZERO_DE),

  // Not subject to VAT (context: the breakdown element)
  fatal(
    'O-header',
    'BR-O-08',
    'In a VAT breakdown (BG-23) of category "Not subject to VAT" the taxable amount (BT-116) shall equal the sum of line net amounts (BT-131) minus document allowances (BT-92) plus document charges (BT-99) of that category.',
    'In der Umsatzsteueraufschlüsselung (BG-23) der Kategorie „Nicht steuerbar“ muss der Nettobetrag (BT-116) der Summe der Positionsnettobeträge (BT-131) abzüglich Nachlässen (BT-92) zuzüglich Zuschlägen (BT-99) dieser Kategorie entsprechen.',
    (n, env) => {
      const base = categoryBase(env, 'O');
      if (!base) {
        env.undecidable(n, 'an amount is not numeric');
        return true;
      }
      return anyNum(kids(n, 'BasisAmount'), (b) => b.eq(base));
    },
  ),
  fatal(
    'O-header',
    'BR-O-09',
    'The VAT category tax amount (BT-117) in a VAT breakdown (BG-23) of category "Not subject to VAT" shall be 0 (zero).',
    'Der Steuerbetrag (BT-117) der Kategorie „Nicht steuerbar“ muss 0 sein.',
    (n) => anyNum(kids(n, 'CalculatedAmount'), (d) => d.isZero()),
  ),
  fatal(
    'O-header',
    'BR-O-10',
    'A VAT breakdown (BG-23) of category "Not subject to VAT" shall have a VAT exemption reason code (BT-121) or text (BT-120).',
    'Eine Umsatzsteueraufschlüsselung (BG-23) der Kategorie „Nicht steuerbar“ muss einen Befreiungsgrund (BT-120) oder Befreiungscode (BT-121) haben.',
    (n) => !!kid(n, 'ExemptionReason') || !!kid(n, 'ExemptionReasonCode'),
  ),
  fatal(
    'O-header',
    'BR-O-11',
    'An Invoice with a VAT breakdown (BG-23) of category "Not subject to VAT" shall not contain other VAT breakdown groups (BG-23).',
    'Eine Rechnung mit der Kategorie „Nicht steuerbar“ in der Umsatzsteueraufschlüsselung (BG-23) darf keine weiteren Aufschlüsselungen enthalten.',
    (_n, env) =>
      !env.idx.ram('ApplicableTradeTax').some((t) => kids(t, 'CategoryCode').some((c) => sv(c) !== 'O')),
  ),
  fatal(
    'O-header',
    'BR-O-12',
    'An Invoice with a VAT breakdown (BG-23) of category "Not subject to VAT" shall not contain an Invoice line (BG-25) of another category (BT-151).',
    'Eine Rechnung mit der Kategorie „Nicht steuerbar“ darf keine Positionen (BG-25) anderer Kategorien (BT-151) enthalten.',
    (_n, env) =>
      !env.idx.ram('ApplicableTradeTax').some((t) => kids(t, 'CategoryCode').some((c) => sv(c) !== 'O')),
  ),
  fatal(
    'O-header',
    'BR-O-13',
    'An Invoice with a VAT breakdown (BG-23) of category "Not subject to VAT" shall not contain Document level allowances (BG-20) of another category (BT-95).',
    'Eine Rechnung mit der Kategorie „Nicht steuerbar“ darf keine Nachlässe (BG-20) anderer Kategorien (BT-95) enthalten.',
    (_n, env) =>
      !env.idx.ram('CategoryTradeTax').some((t) => kids(t, 'CategoryCode').some((c) => sv(c) !== 'O')),
  ),
  fatal(
    'O-header',
    'BR-O-14',
    'An Invoice with a VAT breakdown (BG-23) of category "Not subject to VAT" shall not contain Document level charges (BG-21) of another category (BT-102).',
    'Eine Rechnung mit der Kategorie „Nicht steuerbar“ darf keine Zuschläge (BG-21) anderer Kategorien (BT-102) enthalten.',
    (_n, env) =>
      !env.idx.ram('CategoryTradeTax').some((t) => kids(t, 'CategoryCode').some((c) => sv(c) !== 'O')),
  ),
  ...idRules(
    O,
    oIds,
    'shall not contain the Seller VAT identifier (BT-31), the Seller tax representative VAT identifier (BT-63) or the Buyer VAT identifier (BT-48).',
    'darf sie keine Umsatzsteuer-Identifikationsnummer des Verkäufers (BT-31), seines Steuervertreters (BT-63) oder des Käufers (BT-48) enthalten.',
  ),
  ...rateRules(
    O,
    [noRate, noRate, noRate],
    ['shall not be present.', 'shall not be present.', 'shall not be present.'],
    [
      'darf kein Steuersatz angegeben sein',
      'darf kein Steuersatz angegeben sein',
      'darf kein Steuersatz angegeben sein',
    ],
  ),

  // IGIC (Canary Islands)
  ...rateCategoryHeader(L),
  ...idRules(L, sellerVatOrFc, SELLER_EN, SELLER_DE),
  ...rateRules(L, [positive, positive, positive], RATE_POS_EN, RATE_POS_DE),

  // IPSI (Ceuta and Melilla)
  ...rateCategoryHeader(M),
  ...idRules(M, sellerVatOrFc, SELLER_EN, SELLER_DE),
  ...rateRules(
    M,
    [notNegative, positive, positive],
    ['shall be 0 (zero) or greater than zero.', 'shall be greater than zero.', 'shall be greater than zero.'],
    [
      'muss der Steuersatz 0 oder größer sein',
      'muss der Steuersatz größer als 0 sein',
      'muss der Steuersatz größer als 0 sein',
    ],
  ),
];

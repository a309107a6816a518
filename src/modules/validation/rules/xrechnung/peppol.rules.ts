import { Decimal } from 'decimal.js';
import type { Flag, Rule, RuleContext, RuleDocument } from '../rule.js';
import { all, attr, exists, first, normalizeSpace, stringValue } from '../../xml/query.js';
import { NS, type XNode } from '../../xml/xnode.js';
import { hasDeferredText } from '../../xml/tree-builder.js';
import {
  defineRule,
  everywhere,
  allElements,
  raw,
  round2,
  toDecimal,
  toNumber,
  fromRoot,
  XDecimal,
} from './common.js';
import { SETTLEMENT } from './paths.js';

/*
 * The Peppol BIS Billing 3.0 rules that the XRechnung Schematron includes (its whitelist:
 * R001, R005, R008, R010, R020, R040–R044, R046, R053–R055, R061, R101, R110, R111, R120,
 * R121, R130). Their contexts are those of the Peppol Schematron of each syntax; within one
 * Peppol pattern an element is checked only by the first rule whose context matches it,
 * which matters for the allowance/charge rules R040–R043.
 */

const ID = (n: string) => `PEPPOL-EN16931-${n}`;

function slackValue(doc: RuleDocument): Decimal {
  const codes =
    doc.syntax === 'cii'
      ? fromRoot(doc.root, `${SETTLEMENT}/ram:InvoiceCurrencyCode`)
      : fromRoot(doc.root, 'cbc:DocumentCurrencyCode');
  return new XDecimal(codes.some((c) => raw(c) === 'HUF') ? '0.5' : '0.02');
}

/** Peppol's u:slack: |exp - val| within the slack. */
function slack(exp: Decimal, val: Decimal, s: Decimal): boolean {
  return exp.plus(s).gte(val) && exp.minus(s).lte(val);
}

/** xs:decimal of the single element, 'absent' when there is none, null after signalling a failing cast. */
function dec(ctx: RuleContext, nodes: readonly XNode[]): Decimal | 'absent' | null {
  if (nodes.length === 0) return 'absent';
  if (nodes.length > 1) {
    ctx.undecidable(nodes[1], 'a single-value element occurs more than once');
    return null;
  }
  const d = toDecimal(stringValue(nodes[0]));
  if (!d) ctx.undecidable(nodes[0], 'value is not a decimal number');
  return d;
}

function sumRounded(ctx: RuleContext, amounts: readonly XNode[]): Decimal | null {
  let s = new XDecimal(0);
  for (const a of amounts) {
    const d = toDecimal(stringValue(a));
    if (!d) {
      ctx.undecidable(a, 'amount is not a decimal number');
      return null;
    }
    s = s.plus(d);
  }
  return round2(s);
}

/** Existential numeric comparison of untyped values with 0 (xs:double cast). */
function anyCompare(ctx: RuleContext, nodes: readonly XNode[], test: (n: number) => boolean): boolean | null {
  let hit = false;
  for (const n of nodes) {
    const v = toNumber(stringValue(n));
    if (v === null) {
      ctx.undecidable(n, 'amount is not a number');
      return null;
    }
    if (test(v)) hit = true;
  }
  return hit;
}

const XSD_DATE = /^(-?\d{4,})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$/;

function date(ctx: RuleContext, n: XNode): string | null {
  const m = XSD_DATE.exec(stringValue(n).trim());
  if (!m) {
    ctx.undecidable(n, 'not a valid date');
    return null;
  }
  return `${m[1]}-${m[2]}-${m[3]}`;
}

// ---------------------------------------------------------------- UBL

function ublAllowanceCharges(doc: RuleDocument): readonly XNode[] {
  const lines = [...fromRoot(doc.root, 'cac:InvoiceLine'), ...fromRoot(doc.root, 'cac:CreditNoteLine')];
  return [
    ...fromRoot(doc.root, 'cac:AllowanceCharge'),
    ...lines.flatMap((l) => all(l, 'cac:AllowanceCharge')),
  ];
}

type AcKind = 'R041' | 'R042' | 'R040';
/** The first Peppol rule whose context takes the allowance/charge. */
function acKind(ac: XNode, percent: string, base: string): AcKind {
  const p = exists(ac, percent);
  const b = exists(ac, base);
  if (p && !b) return 'R041';
  if (!p && b) return 'R042';
  return 'R040';
}

function ublQuantityPath(doc: RuleDocument): string {
  return doc.root.local === 'Invoice' && doc.root.ns === NS.ubl
    ? 'cbc:InvoicedQuantity'
    : 'cbc:CreditedQuantity';
}

function ublLinePeriod(
  doc: RuleDocument,
  ctx: RuleContext,
  step: 'cbc:StartDate' | 'cbc:EndDate',
  ok: (line: string, head: string) => boolean,
): void {
  if (!exists(doc.root, `cac:InvoicePeriod/${step}`)) return;
  const lineName = doc.root.local === 'Invoice' ? 'cac:InvoiceLine' : 'cac:CreditNoteLine';
  const heads = fromRoot(doc.root, `cac:InvoicePeriod/${step}`);
  for (const d of fromRoot(doc.root, `${lineName}/cac:InvoicePeriod/${step}`)) {
    if (heads.length > 1) {
      ctx.undecidable(heads[1], 'invoice period date occurs more than once');
      return;
    }
    const l = date(ctx, d);
    const h = date(ctx, heads[0]);
    if (l === null || h === null) return;
    if (!ok(l, h)) ctx.report(d);
  }
}

// ---------------------------------------------------------------- CII

function ciiLinePeriod(
  doc: RuleDocument,
  ctx: RuleContext,
  step: 'ram:StartDateTime' | 'ram:EndDateTime',
  ok: (line: string, head: string) => boolean,
): void {
  for (const tx of fromRoot(doc.root, 'rsm:SupplyChainTradeTransaction')) {
    const heads = all(tx, `ram:ApplicableHeaderTradeSettlement/ram:BillingSpecifiedPeriod/${step}`);
    if (heads.length === 0) continue;
    const headValues = heads.flatMap((h) => all(h, 'udt:DateTimeString')).map((n) => stringValue(n));
    for (const d of all(
      tx,
      `ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeSettlement/ram:BillingSpecifiedPeriod/${step}`,
    )) {
      // Both sides untyped: XPath compares them as strings.
      const lineValues = all(d, 'udt:DateTimeString').map((n) => stringValue(n));
      if (!lineValues.some((l) => headValues.some((h) => ok(l, h)))) ctx.report(d);
    }
  }
}

/** No element children and only XML whitespace as text (`not(*) and not(normalize-space())`). */
function emptyElement(n: XNode): boolean {
  if (n.children.length !== 0) return false;
  // an attachment read on demand is never empty (xml/attachments.ts): no need to read it
  if (hasDeferredText(n)) return false;
  const t = n.text;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return true;
}

/**
 * BT-149 for R120 in CII: the net price's base quantity, else the gross price's (CII may
 * carry it with either), each only when present and not zero; 'absent' means 1.
 */
function ciiBaseQuantity(ctx: RuleContext, line: XNode): Decimal | 'absent' | null {
  for (const path of [
    'ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:BasisQuantity',
    'ram:SpecifiedLineTradeAgreement/ram:GrossPriceProductTradePrice/ram:BasisQuantity',
  ]) {
    const q = dec(ctx, all(line, path));
    if (q === null) return null;
    if (q !== 'absent' && !q.isZero()) return q;
  }
  return 'absent';
}

function r120(doc: RuleDocument, ctx: RuleContext): void {
  const s = slackValue(doc);
  const cii = doc.syntax === 'cii';
  const lines = cii
    ? everywhere(doc.root, NS.ram, 'IncludedSupplyChainTradeLineItem')
    : [...everywhere(doc.root, NS.cac, 'InvoiceLine'), ...everywhere(doc.root, NS.cac, 'CreditNoteLine')];
  for (const line of lines) {
    const lea = dec(
      ctx,
      all(
        line,
        cii
          ? 'ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount'
          : 'cbc:LineExtensionAmount',
      ),
    );
    const qtyPath = cii ? 'ram:SpecifiedLineTradeDelivery/ram:BilledQuantity' : ublQuantityPath(doc);
    const qty = dec(ctx, all(line, qtyPath));
    const price = dec(
      ctx,
      all(
        line,
        cii
          ? 'ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount'
          : 'cac:Price/cbc:PriceAmount',
      ),
    );
    const base = cii ? ciiBaseQuantity(ctx, line) : dec(ctx, all(line, 'cac:Price/cbc:BaseQuantity'));
    if (lea === null || qty === null || price === null || base === null) return;
    const acs = all(
      line,
      cii ? 'ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge' : 'cac:AllowanceCharge',
    );
    const indicator = (ac: XNode) =>
      normalizeSpace(
        stringValue(first(ac, cii ? 'ram:ChargeIndicator/udt:Indicator' : 'cbc:ChargeIndicator')),
      );
    const amountPath = cii ? 'ram:ActualAmount' : 'cbc:Amount';
    const allowances = sumRounded(
      ctx,
      acs.filter((a) => indicator(a) === 'false').flatMap((a) => all(a, amountPath)),
    );
    const charges = sumRounded(
      ctx,
      acs.filter((a) => indicator(a) === 'true').flatMap((a) => all(a, amountPath)),
    );
    if (allowances === null || charges === null) return;
    const b = base === 'absent' || base.isZero() ? new XDecimal(1) : base;
    const q = qty === 'absent' ? new XDecimal(1) : qty;
    const p = price === 'absent' ? new XDecimal(0) : price;
    const expected = q.times(p.div(b)).plus(charges).minus(allowances);
    if (!slack(lea === 'absent' ? new XDecimal(0) : lea, expected, s)) ctx.report(line);
  }
}

function rule(
  id: string,
  flag: Flag,
  bt: string[],
  de: string,
  en: string,
  checks: { ubl?: Rule['check']; cii?: Rule['check'] },
): Rule {
  return defineRule({ id: ID(id), flag, bt, de, en, ...checks });
}

export const peppolRules: readonly Rule[] = [
  rule(
    'R001',
    'fatal',
    ['BT-23'],
    'Der Geschäftsprozess (BT-23 Business process type) muss angegeben werden.',
    'The business process type (BT-23) must be provided.',
    {
      ubl: (doc, ctx) => {
        if (!exists(doc.root, 'cbc:ProfileID')) ctx.report(doc.root);
      },
      cii: (doc, ctx) => {
        for (const c of everywhere(doc.root, NS.rsm, 'ExchangedDocumentContext'))
          if (!exists(c, 'ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID')) ctx.report(c);
      },
    },
  ),
  rule(
    'R005',
    'fatal',
    ['BT-6', 'BT-5'],
    'Die Währung der Umsatzsteuerbuchung (BT-6) muss sich von der Rechnungswährung (BT-5) unterscheiden, wenn sie angegeben wird.',
    'The VAT accounting currency code (BT-6) must differ from the invoice currency code (BT-5) when provided.',
    {
      ubl: (doc, ctx) => {
        for (const t of everywhere(doc.root, NS.cbc, 'TaxCurrencyCode')) {
          const docCur = t.parent ? all(t.parent, 'cbc:DocumentCurrencyCode') : [];
          if (normalizeSpace(t.text) === normalizeSpace(docCur.length ? docCur[0].text : '')) ctx.report(t);
        }
      },
      cii: (doc, ctx) => {
        for (const s of everywhere(doc.root, NS.ram, 'ApplicableHeaderTradeSettlement')) {
          const tax = first(s, 'ram:TaxCurrencyCode');
          if (
            tax &&
            normalizeSpace(tax.text) === normalizeSpace(first(s, 'ram:InvoiceCurrencyCode')?.text ?? '')
          )
            ctx.report(s);
        }
      },
    },
  ),
  rule(
    'R008',
    'fatal',
    [],
    'Das Dokument darf keine leeren Elemente enthalten.',
    'The document must not contain empty elements.',
    {
      ubl: (doc, ctx) => {
        for (const n of allElements(doc.root)) if (emptyElement(n)) ctx.report(n);
      },
      cii: (doc, ctx) => {
        // The official CII variant exempts the delivery group by its prefixed name.
        for (const n of allElements(doc.root))
          if (emptyElement(n) && n.qname !== 'ram:ApplicableHeaderTradeDelivery') ctx.report(n);
      },
    },
  ),
  rule(
    'R010',
    'fatal',
    ['BT-49'],
    'Die elektronische Adresse des Käufers (BT-49) muss angegeben werden.',
    "The buyer's electronic address (BT-49) must be provided.",
    {
      ubl: (doc, ctx) => {
        for (const p of everywhere(doc.root, NS.cac, 'Party'))
          if (
            p.parent?.local === 'AccountingCustomerParty' &&
            p.parent.ns === NS.cac &&
            !exists(p, 'cbc:EndpointID')
          )
            ctx.report(p);
      },
      cii: (doc, ctx) => {
        for (const p of everywhere(doc.root, NS.ram, 'BuyerTradeParty'))
          if (!exists(p, 'ram:URIUniversalCommunication/ram:URIID')) ctx.report(p);
      },
    },
  ),
  rule(
    'R020',
    'fatal',
    ['BT-34'],
    'Die elektronische Adresse des Verkäufers (BT-34) muss angegeben werden.',
    "The seller's electronic address (BT-34) must be provided.",
    {
      ubl: (doc, ctx) => {
        for (const p of everywhere(doc.root, NS.cac, 'Party'))
          if (
            p.parent?.local === 'AccountingSupplierParty' &&
            p.parent.ns === NS.cac &&
            !exists(p, 'cbc:EndpointID')
          )
            ctx.report(p);
      },
      cii: (doc, ctx) => {
        for (const p of everywhere(doc.root, NS.ram, 'SellerTradeParty'))
          if (!exists(p, 'ram:URIUniversalCommunication/ram:URIID')) ctx.report(p);
      },
    },
  ),
  rule(
    'R040',
    'fatal',
    [
      'BT-92',
      'BT-93',
      'BT-94',
      'BT-99',
      'BT-100',
      'BT-101',
      'BT-136',
      'BT-137',
      'BT-138',
      'BT-141',
      'BT-142',
      'BT-143',
    ],
    'Der Betrag eines Nachlasses oder Zuschlags muss Basisbetrag × Prozentsatz / 100 entsprechen, wenn beide angegeben sind.',
    'An allowance or charge amount must equal base amount × percentage / 100 when both are provided.',
    {
      ubl: (doc, ctx) => {
        const s = slackValue(doc);
        for (const ac of ublAllowanceCharges(doc)) {
          if (acKind(ac, 'cbc:MultiplierFactorNumeric', 'cbc:BaseAmount') !== 'R040') continue;
          if (!exists(ac, 'cbc:MultiplierFactorNumeric') || !exists(ac, 'cbc:BaseAmount')) continue;
          allowanceArithmetic(ctx, ac, s, 'cbc:Amount', 'cbc:BaseAmount', 'cbc:MultiplierFactorNumeric');
        }
      },
      cii: (doc, ctx) => {
        const s = slackValue(doc);
        for (const ac of everywhere(doc.root, NS.ram, 'SpecifiedTradeAllowanceCharge')) {
          if (!exists(ac, 'ram:CalculationPercent') || !exists(ac, 'ram:BasisAmount')) continue;
          allowanceArithmetic(ctx, ac, s, 'ram:ActualAmount', 'ram:BasisAmount', 'ram:CalculationPercent');
        }
      },
    },
  ),
  rule(
    'R041',
    'fatal',
    ['BT-93', 'BT-100', 'BT-137', 'BT-142'],
    'Wird ein Prozentsatz für einen Nachlass oder Zuschlag angegeben, muss auch der Basisbetrag angegeben werden.',
    'When an allowance or charge percentage is provided, the base amount must be provided too.',
    {
      ubl: (doc, ctx) => {
        for (const ac of ublAllowanceCharges(doc))
          if (acKind(ac, 'cbc:MultiplierFactorNumeric', 'cbc:BaseAmount') === 'R041') ctx.report(ac);
      },
      cii: (doc, ctx) => {
        for (const ac of everywhere(doc.root, NS.ram, 'SpecifiedTradeAllowanceCharge'))
          if (acKind(ac, 'ram:CalculationPercent', 'ram:BasisAmount') === 'R041') ctx.report(ac);
      },
    },
  ),
  rule(
    'R042',
    'fatal',
    ['BT-94', 'BT-101', 'BT-138', 'BT-143'],
    'Wird ein Basisbetrag für einen Nachlass oder Zuschlag angegeben, muss auch der Prozentsatz angegeben werden.',
    'When an allowance or charge base amount is provided, the percentage must be provided too.',
    {
      ubl: (doc, ctx) => {
        for (const ac of ublAllowanceCharges(doc))
          if (acKind(ac, 'cbc:MultiplierFactorNumeric', 'cbc:BaseAmount') === 'R042') ctx.report(ac);
      },
      cii: (doc, ctx) => {
        for (const ac of everywhere(doc.root, NS.ram, 'SpecifiedTradeAllowanceCharge'))
          if (acKind(ac, 'ram:CalculationPercent', 'ram:BasisAmount') === 'R042') ctx.report(ac);
      },
    },
  ),
  rule(
    'R043',
    'fatal',
    ['BG-20', 'BG-21', 'BG-27', 'BG-28'],
    "Das Kennzeichen Nachlass/Zuschlag (ChargeIndicator) muss 'true' oder 'false' sein.",
    "The allowance/charge indicator must be 'true' or 'false'.",
    {
      ubl: (doc, ctx) => {
        for (const ac of ublAllowanceCharges(doc)) {
          if (acKind(ac, 'cbc:MultiplierFactorNumeric', 'cbc:BaseAmount') !== 'R040') continue;
          if (!indicatorOk(all(ac, 'cbc:ChargeIndicator'))) ctx.report(ac);
        }
      },
    },
  ),
  // In the CII merge the Peppol rule id occurs twice in one pattern and is numbered.
  rule(
    'R043-1',
    'fatal',
    ['BG-20', 'BG-21', 'BG-27', 'BG-28'],
    "Das Kennzeichen Nachlass/Zuschlag (ChargeIndicator) muss 'true' oder 'false' sein.",
    "The allowance/charge indicator must be 'true' or 'false'.",
    {
      cii: (doc, ctx) => {
        for (const ac of everywhere(doc.root, NS.ram, 'SpecifiedTradeAllowanceCharge')) {
          if (acKind(ac, 'ram:CalculationPercent', 'ram:BasisAmount') !== 'R040') continue;
          if (!indicatorOk(all(ac, 'ram:ChargeIndicator/udt:Indicator'))) ctx.report(ac);
        }
      },
    },
  ),
  rule(
    'R043-2',
    'fatal',
    ['BT-147'],
    "Das Kennzeichen Nachlass/Zuschlag beim Preis muss 'true' oder 'false' sein.",
    "The allowance/charge indicator on the price must be 'true' or 'false'.",
    {
      cii: (doc, ctx) => {
        for (const ac of everywhere(doc.root, NS.ram, 'AppliedTradeAllowanceCharge'))
          if (!indicatorOk(all(ac, 'ram:ChargeIndicator/udt:Indicator'))) ctx.report(ac);
      },
    },
  ),
  rule(
    'R044',
    'fatal',
    ['BT-147'],
    'Auf Preisebene sind keine Zuschläge erlaubt, nur Nachlässe.',
    'Charges on price level are not allowed, only allowances.',
    {
      ubl: (doc, ctx) => {
        for (const ac of everywhere(doc.root, NS.cac, 'AllowanceCharge')) {
          if (ac.parent?.local !== 'Price' || ac.parent.ns !== NS.cac) continue;
          if (normalizeSpace(stringValue(first(ac, 'cbc:ChargeIndicator'))) !== 'false') ctx.report(ac);
        }
      },
      cii: (doc, ctx) => {
        for (const g of fromRoot(
          doc.root,
          'rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeAgreement/ram:GrossPriceProductTradePrice',
        )) {
          if (!exists(g, 'ram:AppliedTradeAllowanceCharge/ram:ActualAmount')) continue;
          if (
            !all(g, 'ram:AppliedTradeAllowanceCharge/ram:ChargeIndicator/udt:Indicator').some(
              (i) => raw(i) === 'false',
            )
          )
            ctx.report(g);
        }
      },
    },
  ),
  rule(
    'R046',
    'fatal',
    ['BT-146', 'BT-147', 'BT-148'],
    'Der Nettopreis (BT-146) muss dem Bruttopreis (BT-148) abzüglich des Preisnachlasses (BT-147) entsprechen.',
    'The item net price (BT-146) must equal the gross price (BT-148) minus the price discount (BT-147).',
    {
      ubl: (doc, ctx) => {
        for (const ac of everywhere(doc.root, NS.cac, 'AllowanceCharge')) {
          if (ac.parent?.local !== 'Price' || ac.parent.ns !== NS.cac || !exists(ac, 'cbc:BaseAmount'))
            continue;
          const net = dec(ctx, all(ac.parent, 'cbc:PriceAmount'));
          const gross = dec(ctx, all(ac, 'cbc:BaseAmount'));
          const discount = dec(ctx, all(ac, 'cbc:Amount'));
          if (net === null || gross === null || discount === null) return;
          if (
            net === 'absent' ||
            gross === 'absent' ||
            discount === 'absent' ||
            !net.equals(gross.minus(discount))
          )
            ctx.report(ac);
        }
      },
      cii: (doc, ctx) => {
        for (const g of fromRoot(
          doc.root,
          'rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeAgreement/ram:GrossPriceProductTradePrice',
        )) {
          if (!exists(g, 'ram:ChargeAmount')) continue;
          const net = dec(
            ctx,
            g.parent ? all(g.parent, 'ram:NetPriceProductTradePrice/ram:ChargeAmount') : [],
          );
          const gross = dec(ctx, all(g, 'ram:ChargeAmount'));
          const discount = dec(ctx, all(g, 'ram:AppliedTradeAllowanceCharge/ram:ActualAmount'));
          if (net === null || gross === null || discount === null) return;
          const d = discount === 'absent' ? new XDecimal(0) : discount;
          if (net === 'absent' || gross === 'absent' || !net.equals(gross.minus(d))) ctx.report(g);
        }
      },
    },
  ),
  rule(
    'R053',
    'fatal',
    ['BT-110'],
    'Es darf nur eine Umsatzsteuer-Gesamtsumme in Rechnungswährung (mit Aufschlüsselung) angegeben werden.',
    'Only one VAT total in the invoice currency (with VAT breakdown) may be provided.',
    {
      ubl: (doc, ctx) => {
        if (fromRoot(doc.root, 'cac:TaxTotal').filter((t) => exists(t, 'cac:TaxSubtotal')).length !== 1)
          ctx.report(doc.root);
      },
      cii: (doc, ctx) => {
        for (const s of everywhere(doc.root, NS.ram, 'ApplicableHeaderTradeSettlement')) {
          const cur = docCurrencies(doc);
          if (
            all(s, 'ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:TaxTotalAmount').filter((a) =>
              cur.includes(attr(a, 'currencyID') ?? '\0'),
            ).length > 1
          )
            ctx.report(s);
        }
      },
    },
  ),
  rule(
    'R054',
    'fatal',
    ['BT-111', 'BT-6'],
    'Eine Umsatzsteuer-Gesamtsumme in Buchungswährung (BT-111) muss genau dann angegeben werden, wenn eine Buchungswährung (BT-6) angegeben ist.',
    'A VAT total in accounting currency (BT-111) must be provided exactly when the VAT accounting currency (BT-6) is provided.',
    {
      ubl: (doc, ctx) => {
        const without = fromRoot(doc.root, 'cac:TaxTotal').filter(
          (t) => !exists(t, 'cac:TaxSubtotal'),
        ).length;
        if (without !== (exists(doc.root, 'cbc:TaxCurrencyCode') ? 1 : 0)) ctx.report(doc.root);
      },
      cii: (doc, ctx) => {
        const cur = docCurrencies(doc);
        for (const s of everywhere(doc.root, NS.ram, 'ApplicableHeaderTradeSettlement')) {
          const other = all(
            s,
            'ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:TaxTotalAmount',
          ).filter((a) => {
            const c = attr(a, 'currencyID');
            return c !== null && cur.some((d) => d !== c);
          }).length;
          if (other !== (exists(s, 'ram:TaxCurrencyCode') ? 1 : 0)) ctx.report(s);
        }
      },
    },
  ),
  rule(
    'R055',
    'fatal',
    ['BT-110', 'BT-111'],
    'Die Umsatzsteuer-Gesamtsummen in Rechnungs- und Buchungswährung müssen dasselbe Vorzeichen haben.',
    'The VAT totals in invoice currency and in accounting currency must have the same sign.',
    {
      ubl: (doc, ctx) => {
        const r = doc.root;
        const taxCur = all(r, 'cbc:TaxCurrencyCode');
        if (taxCur.length === 0) return;
        const amounts = all(r, 'cac:TaxTotal/cbc:TaxAmount');
        const inTax = amounts.filter((a) => attr(a, 'currencyID') === normalizeSpace(stringValue(taxCur[0])));
        const docCur = first(r, 'cbc:DocumentCurrencyCode');
        const inDoc = amounts.filter((a) => attr(a, 'currencyID') === normalizeSpace(stringValue(docCur)));
        signs(ctx, r, inTax, inDoc, (x) => x <= 0);
      },
      cii: (doc, ctx) => {
        const cur = docCurrencies(doc);
        const taxCur = fromRoot(doc.root, `${SETTLEMENT}/ram:TaxCurrencyCode`).map((n) => raw(n));
        for (const s of everywhere(doc.root, NS.ram, 'ApplicableHeaderTradeSettlement')) {
          const amounts = all(s, 'ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:TaxTotalAmount');
          const inDoc = amounts.filter((a) => cur.includes(attr(a, 'currencyID') ?? '\0'));
          if (taxCur.length === 0 || inDoc.length === 0) continue;
          const inTax = amounts.filter((a) => taxCur.includes(attr(a, 'currencyID') ?? '\0'));
          signs(ctx, s, inTax, inDoc, (x) => x < 0);
        }
      },
    },
  ),
  rule(
    'R061',
    'fatal',
    ['BT-89'],
    'Bei Lastschrift muss die Mandatsreferenz (BT-89) angegeben werden.',
    'With direct debit the mandate reference identifier (BT-89) must be provided.',
    {
      ubl: (doc, ctx) => {
        for (const pm of everywhere(doc.root, NS.cac, 'PaymentMeans')) {
          const code = all(pm, 'cbc:PaymentMeansCode').map((c) => normalizeSpace(stringValue(c)));
          if ((code[0] ?? '') !== '49' && (code[0] ?? '') !== '59') continue;
          if (!exists(pm, 'cac:PaymentMandate/cbc:ID')) ctx.report(pm);
        }
      },
      cii: (doc, ctx) => {
        for (const pm of everywhere(doc.root, NS.ram, 'SpecifiedTradeSettlementPaymentMeans')) {
          const code = normalizeSpace(stringValue(first(pm, 'ram:TypeCode')));
          if (code !== '49' && code !== '59') continue;
          if (!(pm.parent && exists(pm.parent, 'ram:SpecifiedTradePaymentTerms/ram:DirectDebitMandateID')))
            ctx.report(pm);
        }
      },
    },
  ),
  rule(
    'R101',
    'fatal',
    ['BT-128'],
    'Eine Dokumentreferenz auf Positionsebene darf nur als Objektkennung (Typ 130) verwendet werden.',
    'A document reference on line level may only be used for the invoiced object identifier (type 130).',
    {
      ubl: (doc, ctx) => {
        for (const line of [
          ...everywhere(doc.root, NS.cac, 'InvoiceLine'),
          ...everywhere(doc.root, NS.cac, 'CreditNoteLine'),
        ]) {
          if (
            exists(line, 'cac:DocumentReference') &&
            !all(line, 'cac:DocumentReference/cbc:DocumentTypeCode').some((c) => raw(c) === '130')
          )
            ctx.report(line);
        }
      },
      cii: (doc, ctx) => {
        for (const line of everywhere(doc.root, NS.ram, 'IncludedSupplyChainTradeLineItem')) {
          const refs = 'ram:SpecifiedLineTradeSettlement/ram:AdditionalReferencedDocument';
          if (exists(line, refs) && !all(line, `${refs}/ram:TypeCode`).some((c) => raw(c) === '130'))
            ctx.report(line);
        }
      },
    },
  ),
  rule(
    'R110',
    'fatal',
    ['BT-134', 'BT-73'],
    'Der Beginn des Positionszeitraums (BT-134) muss im Rechnungszeitraum liegen.',
    'The start date of the line period (BT-134) must be within the invoicing period.',
    {
      ubl: (doc, ctx) => ublLinePeriod(doc, ctx, 'cbc:StartDate', (l, h) => l >= h),
      cii: (doc, ctx) => ciiLinePeriod(doc, ctx, 'ram:StartDateTime', (l, h) => l >= h),
    },
  ),
  rule(
    'R111',
    'fatal',
    ['BT-135', 'BT-74'],
    'Das Ende des Positionszeitraums (BT-135) muss im Rechnungszeitraum liegen.',
    'The end date of the line period (BT-135) must be within the invoicing period.',
    {
      ubl: (doc, ctx) => ublLinePeriod(doc, ctx, 'cbc:EndDate', (l, h) => l <= h),
      cii: (doc, ctx) => ciiLinePeriod(doc, ctx, 'ram:EndDateTime', (l, h) => l <= h),
    },
  ),
  // Peppol flags R120 fatal; the XRechnung merge downgrades it to a warning in both syntaxes.
  rule(
    'R120',
    'warning',
    ['BT-131', 'BT-129', 'BT-146', 'BT-149'],
    'Der Nettobetrag der Position (BT-131) soll Menge × (Nettopreis / Basismenge) zuzüglich Zuschlägen und abzüglich Nachlässen der Position entsprechen.',
    'The invoice line net amount (BT-131) should equal quantity × (net price / base quantity) plus line charges minus line allowances.',
    { ubl: r120, cii: r120 },
  ),
  rule(
    'R121',
    'fatal',
    ['BT-149'],
    'Die Basismenge des Preises (BT-149) muss größer als null sein.',
    'The item price base quantity (BT-149) must be a positive number above zero.',
    {
      ubl: (doc, ctx) => {
        for (const line of [
          ...everywhere(doc.root, NS.cac, 'InvoiceLine'),
          ...everywhere(doc.root, NS.cac, 'CreditNoteLine'),
        ]) {
          const q = dec(ctx, all(line, 'cac:Price/cbc:BaseQuantity'));
          if (q === null) return;
          if (q !== 'absent' && !q.gt(0)) ctx.report(line);
        }
      },
      cii: (doc, ctx) => {
        for (const p of [
          ...everywhere(doc.root, NS.ram, 'NetPriceProductTradePrice'),
          ...everywhere(doc.root, NS.ram, 'GrossPriceProductTradePrice'),
        ]) {
          const q = dec(ctx, all(p, 'ram:BasisQuantity'));
          if (q === null) return;
          if (q !== 'absent' && !q.gt(0)) ctx.report(p);
        }
      },
    },
  ),
  rule(
    'R130',
    'fatal',
    ['BT-150', 'BT-130'],
    'Die Einheit der Basismenge des Preises (BT-150) muss der Einheit der fakturierten Menge (BT-130) entsprechen.',
    'The unit of the price base quantity (BT-150) must be the unit of the invoiced quantity (BT-130).',
    {
      ubl: (doc, ctx) => {
        const qtyName = ublQuantityPath(doc);
        for (const bq of everywhere(doc.root, NS.cbc, 'BaseQuantity')) {
          const unit = attr(bq, 'unitCode');
          const price = bq.parent;
          if (unit === null || !price || price.local !== 'Price' || price.ns !== NS.cac || !price.parent)
            continue;
          const line = price.parent;
          if (!exists(line, 'cbc:InvoicedQuantity') && !exists(line, 'cbc:CreditedQuantity')) continue;
          if (!all(line, qtyName).some((q) => attr(q, 'unitCode') === unit)) ctx.report(bq);
        }
      },
      cii: (doc, ctx) => {
        for (const bq of everywhere(doc.root, NS.ram, 'BasisQuantity')) {
          const unit = attr(bq, 'unitCode');
          const price = bq.parent;
          if (
            unit === null ||
            !price ||
            price.ns !== NS.ram ||
            (price.local !== 'NetPriceProductTradePrice' && price.local !== 'GrossPriceProductTradePrice')
          )
            continue;
          const line = price.parent?.parent;
          if (!(
            line &&
            all(line, 'ram:SpecifiedLineTradeDelivery/ram:BilledQuantity').some(
              (q) => attr(q, 'unitCode') === unit,
            )
          ))
            ctx.report(bq);
        }
      },
    },
  ),
];

function docCurrencies(doc: RuleDocument): string[] {
  return fromRoot(doc.root, `${SETTLEMENT}/ram:InvoiceCurrencyCode`).map((n) => raw(n));
}

function indicatorOk(indicators: readonly XNode[]): boolean {
  const v = indicators.length ? normalizeSpace(indicators[0].text) : '';
  return v === 'true' || v === 'false';
}

function allowanceArithmetic(
  ctx: RuleContext,
  ac: XNode,
  s: Decimal,
  amountPath: string,
  basePath: string,
  percentPath: string,
): void {
  const amount = dec(ctx, all(ac, amountPath));
  const base = dec(ctx, all(ac, basePath));
  const percent = dec(ctx, all(ac, percentPath));
  if (amount === null || base === null || percent === null || base === 'absent' || percent === 'absent')
    return;
  const a = amount === 'absent' ? new XDecimal(0) : amount;
  if (!slack(a, base.times(percent).div(100), s)) ctx.report(ac);
}

/**
 * R055's sign test. UBL: both ≤ 0 or both ≥ 0; CII: both < 0 or both ≥ 0 (the CII
 * variant passes `negative` as `< 0`). Comparisons are existential over the amounts.
 */
function signs(
  ctx: RuleContext,
  at: XNode,
  inTax: readonly XNode[],
  inDoc: readonly XNode[],
  negative: (x: number) => boolean,
): void {
  const tNeg = anyCompare(ctx, inTax, negative);
  const dNeg = anyCompare(ctx, inDoc, negative);
  const tPos = anyCompare(ctx, inTax, (x) => x >= 0);
  const dPos = anyCompare(ctx, inDoc, (x) => x >= 0);
  if (tNeg === null || dNeg === null || tPos === null || dPos === null) return;
  if (!((tNeg && dNeg) || (tPos && dPos))) ctx.report(at);
}

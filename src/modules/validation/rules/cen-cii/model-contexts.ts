import { NS, type XNode } from '../../xml/xnode.js';
import { abs, cached, kids, parentIs, path, type CiiIndex } from './cii-index.js';
import { anyEquals, indicatorIs, sv } from './cii-xpath.js';
import type { ContextDef } from './pattern.js';

/**
 * The rule contexts of the official EN16931-CII-Model pattern, in source order (order
 * matters: a node is handled by the first context that matches it).
 */

/** `ram:CategoryCode = 'X'` on the node's children. */
export const hasCategory = (n: XNode, code: string): boolean => anyEquals(kids(n, 'CategoryCode'), code);

/** `upper-case(ram:TypeCode) = 'VAT'`. */
export const isVat = (n: XNode): boolean => kids(n, 'TypeCode').some((t) => sv(t).toUpperCase() === 'VAT');

/** `ram:ChargeIndicator/udt:Indicator = true()|false()` on an allowance/charge. */
export const isCharge = (ac: XNode, charge: boolean): boolean =>
  indicatorIs(path(ac, 'ChargeIndicator/udt:Indicator'), charge);

const filter = (nodes: readonly XNode[], f: (n: XNode) => boolean): XNode[] => nodes.filter(f);

/** ChargeIndicator elements under `settlementLocal`/SpecifiedTradeAllowanceCharge with udt:Indicator = 'value'. */
function chargeIndicators(idx: CiiIndex, settlementLocal: string, value: string): XNode[] {
  return filter(
    idx.ram('ChargeIndicator'),
    (ci) =>
      parentIs(ci, 'SpecifiedTradeAllowanceCharge') &&
      parentIs(ci.parent!, settlementLocal) &&
      anyEquals(kids(ci, 'Indicator', NS.udt), value),
  );
}

/** Header VAT breakdowns: //rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax. */
function headerTaxes(idx: CiiIndex): XNode[] {
  return cached(idx, 'model:header-taxes', () => headerTaxesUncached(idx));
}
function headerTaxesUncached(idx: CiiIndex): XNode[] {
  return filter(
    idx.ram('ApplicableTradeTax'),
    (t) =>
      parentIs(t, 'ApplicableHeaderTradeSettlement') &&
      !!t.parent!.parent &&
      t.parent!.parent.local === 'SupplyChainTradeTransaction' &&
      t.parent!.parent.ns === NS.rsm,
  );
}

/** Line VAT: //rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax. */
function lineTaxes(idx: CiiIndex): XNode[] {
  return cached(idx, 'model:line-taxes', () => lineTaxesUncached(idx));
}
function lineTaxesUncached(idx: CiiIndex): XNode[] {
  return filter(idx.ram('ApplicableTradeTax'), (t) => {
    const s = t.parent;
    const li = s?.parent;
    const tr = li?.parent;
    return (
      !!s &&
      s.local === 'SpecifiedLineTradeSettlement' &&
      s.ns === NS.ram &&
      !!li &&
      li.local === 'IncludedSupplyChainTradeLineItem' &&
      li.ns === NS.ram &&
      !!tr &&
      tr.local === 'SupplyChainTradeTransaction' &&
      tr.ns === NS.rsm
    );
  });
}

const NONE: XNode[] = [];

/**
 * Groups taxes by the values of their CategoryCode children, document order kept: the
 * same nodes `filter(taxes, t => hasCategory(t, code))` gives, for every code at once
 * (nine categories filter the same lists otherwise). A tax with two different codes is
 * in both groups, as the filter would put it.
 */
function taxesByCategory(taxes: readonly XNode[]): Map<string, XNode[]> {
  const out = new Map<string, XNode[]>();
  for (const t of taxes) {
    let seen: string | null = null;
    for (const c of t.children) {
      if (c.local !== 'CategoryCode' || c.ns !== NS.ram) continue;
      const v = sv(c);
      if (v === seen) continue;
      let list = out.get(v);
      if (!list) out.set(v, (list = []));
      if (list[list.length - 1] !== t) list.push(t);
      seen = v;
    }
  }
  return out;
}

/** //ram:SpecifiedTradeAllowanceCharge[ChargeIndicator/udt:Indicator = charge]/ram:CategoryTradeTax[CategoryCode = code][VAT]. */
function acTaxes(idx: CiiIndex, charge: boolean, code: string): XNode[] {
  const byCode = cached(idx, `model:ac-taxes:${charge}`, () =>
    taxesByCategory(
      filter(
        idx.ram('CategoryTradeTax'),
        (t) => parentIs(t, 'SpecifiedTradeAllowanceCharge') && isCharge(t.parent!, charge) && isVat(t),
      ),
    ),
  );
  return byCode.get(code) ?? NONE;
}

/** Line VAT breakdowns with the VAT type test, by category code. */
function lineVatTaxes(idx: CiiIndex, code: string): XNode[] {
  const byCode = cached(idx, 'model:line-vat-taxes', () => taxesByCategory(filter(lineTaxes(idx), isVat)));
  return byCode.get(code) ?? NONE;
}

/** Header VAT breakdowns (strict path) with the VAT type test, by category code. */
function headerVatTaxes(idx: CiiIndex, code: string): XNode[] {
  const byCode = cached(idx, 'model:header-vat-taxes', () =>
    taxesByCategory(filter(headerTaxes(idx), isVat)),
  );
  return byCode.get(code) ?? NONE;
}

/** //ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax (any depth). */
function anyHeaderTaxes(idx: CiiIndex): XNode[] {
  return cached(idx, 'model:any-header-taxes', () =>
    filter(idx.ram('ApplicableTradeTax'), (t) => parentIs(t, 'ApplicableHeaderTradeSettlement')),
  );
}

/** Header breakdown CategoryCode elements with the value, optionally with the VAT type test. */
function headerCategoryCodes(idx: CiiIndex, code: string, vatTest: boolean, strictPath: boolean): XNode[] {
  // Grouped by value once per document and variant; each group keeps document order.
  const byCode = cached(idx, `model:header-codes:${vatTest}:${strictPath}`, () => {
    const taxes = strictPath ? headerTaxes(idx) : anyHeaderTaxes(idx);
    const out = new Map<string, XNode[]>();
    for (const t of taxes) {
      if (vatTest && !isVat(t)) continue;
      for (const c of kids(t, 'CategoryCode')) {
        const v = sv(c);
        let list = out.get(v);
        if (!list) out.set(v, (list = []));
        list.push(c);
      }
    }
    return out;
  });
  return byCode.get(code) ?? NONE;
}

/** The VAT category contexts of one category, in the official order (header, allowance, charge, line). */
function categoryContexts(cat: string, code: string, headerOn: 'code' | 'tax'): ContextDef[] {
  const header: ContextDef =
    headerOn === 'tax'
      ? {
          key: `${cat}-header`,
          select: (idx) => headerVatTaxes(idx, code),
        }
      : { key: `${cat}-header`, select: (idx) => headerCategoryCodes(idx, code, true, true) };
  return [
    header,
    { key: `${cat}-allowance`, select: (idx) => acTaxes(idx, false, code) },
    { key: `${cat}-charge`, select: (idx) => acTaxes(idx, true, code) },
    { key: `${cat}-line`, select: (idx) => lineVatTaxes(idx, code) },
  ];
}

export const MODEL_CONTEXTS: readonly ContextDef[] = [
  { key: 'product-classification', select: (idx) => idx.ram('DesignatedProductClassification') },
  { key: 'additional-document', select: (idx) => idx.ram('AdditionalReferencedDocument') },
  { key: 'financial-card', select: (idx) => idx.ram('ApplicableTradeSettlementFinancialCard') },
  {
    key: 'credit-transfer-account',
    select: (idx) =>
      filter(
        idx.ram('PayeePartyCreditorFinancialAccount'),
        (a) =>
          parentIs(a, 'SpecifiedTradeSettlementPaymentMeans') &&
          (anyEquals(kids(a.parent, 'TypeCode'), '30') || anyEquals(kids(a.parent, 'TypeCode'), '58')),
      ),
  },
  {
    key: 'header-delivery',
    select: (idx) => abs(idx, 'rsm:SupplyChainTradeTransaction/ApplicableHeaderTradeDelivery'),
  },
  {
    key: 'doc-allowance',
    select: (idx) => chargeIndicators(idx, 'ApplicableHeaderTradeSettlement', 'false'),
  },
  { key: 'doc-charge', select: (idx) => chargeIndicators(idx, 'ApplicableHeaderTradeSettlement', 'true') },
  { key: 'totals', select: (idx) => idx.ram('SpecifiedTradeSettlementHeaderMonetarySummation') },
  { key: 'root', select: (idx) => (idx.isCii ? [idx.root] : []) },
  { key: 'line', select: (idx) => idx.ram('IncludedSupplyChainTradeLineItem') },
  { key: 'line-allowance', select: (idx) => chargeIndicators(idx, 'SpecifiedLineTradeSettlement', 'false') },
  { key: 'line-charge', select: (idx) => chargeIndicators(idx, 'SpecifiedLineTradeSettlement', 'true') },
  {
    key: 'line-period',
    select: (idx) =>
      filter(idx.ram('BillingSpecifiedPeriod'), (p) => parentIs(p, 'SpecifiedLineTradeSettlement')),
  },
  {
    key: 'invoice-period',
    select: (idx) =>
      filter(idx.ram('BillingSpecifiedPeriod'), (p) => parentIs(p, 'ApplicableHeaderTradeSettlement')),
  },
  { key: 'item-attribute', select: (idx) => idx.ram('ApplicableProductCharacteristic') },
  { key: 'payee', select: (idx) => idx.ram('PayeeTradeParty') },
  { key: 'payment-means', select: (idx) => idx.ram('SpecifiedTradeSettlementPaymentMeans') },
  {
    key: 'preceding-invoice',
    select: (idx) =>
      abs(idx, 'rsm:SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement/InvoiceReferencedDocument'),
  },
  { key: 'seller', select: (idx) => idx.ram('SellerTradeParty') },
  { key: 'tax-representative', select: (idx) => idx.ram('SellerTaxRepresentativeTradeParty') },
  {
    key: 'tax-total-doc-currency',
    select: (idx) => {
      const currencies = new Set(
        abs(idx, 'rsm:SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement/InvoiceCurrencyCode').map(
          sv,
        ),
      );
      return filter(
        idx.ram('TaxTotalAmount'),
        (t) =>
          parentIs(t, 'SpecifiedTradeSettlementHeaderMonetarySummation') &&
          t.attrs.some((a) => a.local === 'currencyID' && a.ns === '' && currencies.has(a.value)),
      );
    },
  },
  {
    key: 'vat-identifier',
    select: (idx) =>
      filter(
        idx.ram('ID'),
        (id) =>
          parentIs(id, 'SpecifiedTaxRegistration') &&
          id.attrs.some((a) => a.local === 'schemeID' && a.ns === '' && a.value === 'VA'),
      ),
  },
  ...categoryContexts('AE', 'AE', 'code'),
  ...categoryContexts('L', 'L', 'tax'),
  ...categoryContexts('M', 'M', 'tax'),
  ...categoryContexts('E', 'E', 'code'),
  ...categoryContexts('G', 'G', 'code'),
  ...categoryContexts('K', 'K', 'code'),
  ...categoryContexts('O', 'O', 'tax'),
  // Standard and zero rated: the header context has no VAT type test and a looser path.
  { key: 'S-header', select: (idx) => headerCategoryCodes(idx, 'S', false, false) },
  { key: 'S-line', select: (idx) => lineVatTaxes(idx, 'S') },
  { key: 'S-allowance', select: (idx) => acTaxes(idx, false, 'S') },
  { key: 'S-charge', select: (idx) => acTaxes(idx, true, 'S') },
  { key: 'Z-header', select: (idx) => headerCategoryCodes(idx, 'Z', false, false) },
  { key: 'Z-allowance', select: (idx) => acTaxes(idx, false, 'Z') },
  { key: 'Z-charge', select: (idx) => acTaxes(idx, true, 'Z') },
  { key: 'Z-line', select: (idx) => lineVatTaxes(idx, 'Z') },
  {
    key: 'vat-breakdown',
    select: (idx) =>
      filter(idx.ram('ApplicableTradeTax'), (t) => parentIs(t, 'ApplicableHeaderTradeSettlement')),
  },
];

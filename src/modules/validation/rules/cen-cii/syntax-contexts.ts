import { NS, type XNode } from '../../xml/xnode.js';
import { abs, parentIs, type CiiIndex } from './cii-index.js';
import type { ContextDef } from './pattern.js';

/**
 * The rule contexts of the official EN16931-CII-Syntax pattern, in source order. Order
 * matters where contexts overlap: the four identifiers with their own rule are not
 * visited again by the generic "…ID" rule, and the generic `//ram:TypeCode` rule shadows
 * the later one on the document type code.
 */

const LINE = 'rsm:SupplyChainTradeTransaction/IncludedSupplyChainTradeLineItem';

/** The `ends-with(name(), …)` contexts, collected by the index walk (see cii-index.ts). */
const bySuffix = (idx: CiiIndex) => idx.suffix;

/** `el` is the element {ns}local. */
const is = (el: XNode | null, ns: string, local: string): boolean =>
  !!el && el.local === local && el.ns === ns;

/**
 * One of /rsm:CrossIndustryInvoice/ rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID,
 * rsm:ExchangedDocument/ram:ID, rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/
 * (ram:AssociatedDocumentLineDocument/ram:LineID | ram:SpecifiedTradeProduct/ram:SellerAssignedID).
 */
function isScopedId(n: XNode, root: XNode): boolean {
  const p = n.parent;
  if (!p) return false;
  const gp = p.parent;
  if (n.local === 'ID') {
    if (is(p, NS.rsm, 'ExchangedDocument')) return gp === root;
    return (
      is(p, NS.ram, 'GuidelineSpecifiedDocumentContextParameter') &&
      is(gp, NS.rsm, 'ExchangedDocumentContext') &&
      gp!.parent === root
    );
  }
  const step =
    n.local === 'LineID'
      ? 'AssociatedDocumentLineDocument'
      : n.local === 'SellerAssignedID'
        ? 'SpecifiedTradeProduct'
        : '';
  if (!step || !is(p, NS.ram, step)) return false;
  const transaction = gp?.parent ?? null;
  return (
    is(gp, NS.ram, 'IncludedSupplyChainTradeLineItem') &&
    is(transaction, NS.rsm, 'SupplyChainTradeTransaction') &&
    transaction!.parent === root
  );
}

export const SYNTAX_CONTEXTS: readonly ContextDef[] = [
  { key: 'exchanged-context', select: (idx) => abs(idx, 'rsm:ExchangedDocumentContext') },
  { key: 'exchanged-document', select: (idx) => abs(idx, 'rsm:ExchangedDocument') },
  { key: 'document-note', select: (idx) => abs(idx, 'rsm:ExchangedDocument/IncludedNote') },
  { key: 'line', select: (idx) => abs(idx, LINE) },
  { key: 'line-document', select: (idx) => abs(idx, `${LINE}/AssociatedDocumentLineDocument`) },
  { key: 'product', select: (idx) => abs(idx, `${LINE}/SpecifiedTradeProduct`) },
  {
    key: 'product-characteristic',
    select: (idx) => abs(idx, `${LINE}/SpecifiedTradeProduct/ApplicableProductCharacteristic`),
  },
  { key: 'line-agreement', select: (idx) => abs(idx, `${LINE}/SpecifiedLineTradeAgreement`) },
  {
    key: 'gross-price-allowance',
    select: (idx) =>
      idx.ram('AppliedTradeAllowanceCharge').filter((a) => parentIs(a, 'GrossPriceProductTradePrice')),
  },
  { key: 'allowance-charge', select: (idx) => idx.ram('SpecifiedTradeAllowanceCharge') },
  { key: 'line-delivery', select: (idx) => abs(idx, `${LINE}/SpecifiedLineTradeDelivery`) },
  { key: 'line-settlement', select: (idx) => abs(idx, `${LINE}/SpecifiedLineTradeSettlement`) },
  {
    key: 'header-agreement',
    select: (idx) => abs(idx, 'rsm:SupplyChainTradeTransaction/ApplicableHeaderTradeAgreement'),
  },
  {
    key: 'header-delivery',
    select: (idx) => abs(idx, 'rsm:SupplyChainTradeTransaction/ApplicableHeaderTradeDelivery'),
  },
  {
    key: 'header-settlement',
    select: (idx) => abs(idx, 'rsm:SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement'),
  },
  {
    key: 'header-totals',
    select: (idx) =>
      abs(
        idx,
        'rsm:SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement/SpecifiedTradeSettlementHeaderMonetarySummation',
      ),
  },
  { key: 'root', select: (idx) => (idx.isCii ? [idx.root] : []) },
  { key: 'context-parameter', select: (idx) => bySuffix(idx).DocumentContextParameter },
  {
    key: 'scoped-id',
    // The union of four absolute paths, in document order. Every node they reach is a ram
    // element whose name ends in 'ID', so the suffix list (document order) holds them all;
    // each is recognised by its ancestors up to the root instead of walking the paths.
    select: (idx) => (idx.isCii ? idx.suffix.ID.filter((n) => isScopedId(n, idx.root)) : []),
  },
  { key: 'any-id', select: (idx) => bySuffix(idx).ID },
  { key: 'type-code', select: (idx) => idx.ram('TypeCode') },
  {
    key: 'document-type-code',
    select: (idx) => abs(idx, 'rsm:ExchangedDocument/TypeCode'),
  },
  {
    key: 'line-category',
    select: (idx) => abs(idx, `${LINE}/SpecifiedLineTradeSettlement/ApplicableTradeTax/CategoryCode`),
  },
  { key: 'referenced-document', select: (idx) => bySuffix(idx).ReferencedDocument },
  { key: 'amount', select: (idx) => bySuffix(idx).Amount },
  { key: 'quantity', select: (idx) => bySuffix(idx).Quantity },
  { key: 'trade-tax', select: (idx) => bySuffix(idx).TradeTax },
  { key: 'billing-period', select: (idx) => idx.ram('BillingSpecifiedPeriod') },
  { key: 'postal-address', select: (idx) => idx.ram('PostalTradeAddress') },
  {
    key: 'date-102',
    select: (idx) =>
      idx
        .udt('DateTimeString')
        .filter((d) => d.attrs.some((a) => a.local === 'format' && a.ns === '' && a.value === '102')),
  },
];

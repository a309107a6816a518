import { NS, type XNode } from '../../xml/xnode.js';
import { abs, cached, parentIs, type CiiIndex } from './cii-index.js';
import type { ContextDef } from './pattern.js';

/**
 * The rule contexts of the official EN16931-CII-Syntax pattern, in source order. Order
 * matters where contexts overlap: the four identifiers with their own rule are not
 * visited again by the generic "…ID" rule, and the generic `//ram:TypeCode` rule shadows
 * the later one on the document type code.
 */

const LINE = 'rsm:SupplyChainTradeTransaction/IncludedSupplyChainTradeLineItem';
type Suffix = 'ID' | 'ReferencedDocument' | 'Amount' | 'Quantity' | 'TradeTax' | 'DocumentContextParameter';

/**
 * The `ends-with(name(), …)` contexts, collected in one pass over the document (they are
 * the only contexts that would otherwise each scan every element).
 */
function bySuffix(idx: CiiIndex): Record<Suffix, XNode[]> {
  return cached(idx, 'syntax:suffix', () => {
    const out: Record<Suffix, XNode[]> = {
      ID: [],
      ReferencedDocument: [],
      Amount: [],
      Quantity: [],
      TradeTax: [],
      DocumentContextParameter: [],
    };
    for (const n of idx.elements) {
      // name() is the qualified name; the DocumentContextParameter rule takes any namespace.
      if (n.qname.endsWith('DocumentContextParameter')) out.DocumentContextParameter.push(n);
      if (n.ns !== NS.ram) continue;
      const l = n.local;
      if (l.endsWith('ID')) out.ID.push(n);
      else if (l.endsWith('ReferencedDocument')) out.ReferencedDocument.push(n);
      else if (l.endsWith('Amount')) {
        if (l !== 'TaxTotalAmount') out.Amount.push(n);
      } else if (l.endsWith('Quantity')) out.Quantity.push(n);
      else if (l.endsWith('TradeTax')) out.TradeTax.push(n);
    }
    return out;
  });
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
    select: (idx) => {
      const picked = new Set<XNode>([
        ...abs(idx, 'rsm:ExchangedDocumentContext/GuidelineSpecifiedDocumentContextParameter/ID'),
        ...abs(idx, 'rsm:ExchangedDocument/ID'),
        ...abs(idx, `${LINE}/AssociatedDocumentLineDocument/LineID`),
        ...abs(idx, `${LINE}/SpecifiedTradeProduct/SellerAssignedID`),
      ]);
      // Union of paths: document order.
      return idx.elements.filter((n) => picked.has(n));
    },
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

import type { Rule, RuleContext, RuleDocument } from '../rule.js';
import { all, attr, normalizeSpace, stringValue, text } from '../../xml/query.js';
import type { XNode } from '../../xml/xnode.js';
import { anyFilled, defineRule, inSpaceList, isCvd, raw, fromRoot } from './common.js';
import { CVA_CODES, CVD_VEHICLE_CATEGORIES, UNTDID_7143_CVD_LIST } from './cvd.codes.js';
import { AGREEMENT, LINE } from './paths.js';

/*
 * Rules of the XRechnung CVD specification (Clean Vehicles Directive, BT-24 ending in
 * `xrechnung:cvd_…`). They only apply to documents with that identifier: a vehicle line is
 * classified with scheme 'CVD' (vehicle category) and carries the item attribute 'cva'.
 */

interface ItemView {
  node: XNode;
  /** BT-158 elements with their scheme (listID). */
  classifications: readonly XNode[];
  /** BG-32 item attributes: name and value element paths. */
  attributes: readonly XNode[];
  attrName: (a: XNode) => readonly XNode[];
  attrValue: (a: XNode) => readonly XNode[];
}

function items(doc: RuleDocument): ItemView[] {
  if (doc.syntax === 'cii') {
    return fromRoot(doc.root, `${LINE}/ram:SpecifiedTradeProduct`).map((node) => ({
      node,
      classifications: all(node, 'ram:DesignatedProductClassification/ram:ClassCode'),
      attributes: all(node, 'ram:ApplicableProductCharacteristic'),
      attrName: (a) => all(a, 'ram:Description'),
      attrValue: (a) => all(a, 'ram:Value'),
    }));
  }
  const lines = [
    ...fromRoot(doc.root, 'cac:InvoiceLine/cac:Item'),
    ...fromRoot(doc.root, 'cac:CreditNoteLine/cac:Item'),
  ];
  return lines.map((node) => ({
    node,
    classifications: all(node, 'cac:CommodityClassification/cbc:ItemClassificationCode'),
    attributes: all(node, 'cac:AdditionalItemProperty'),
    attrName: (a) => all(a, 'cbc:Name'),
    attrValue: (a) => all(a, 'cbc:Value'),
  }));
}

const isCvdScheme = (n: XNode) => attr(n, 'listID') === 'CVD';
const cvaAttributes = (i: ItemView) =>
  i.attributes.filter((a) => i.attrName(a).some((n) => raw(n) === 'cva'));

const cvd =
  (check: (doc: RuleDocument, ctx: RuleContext) => void) => (doc: RuleDocument, ctx: RuleContext) => {
    if (isCvd(doc)) check(doc, ctx);
  };

export const cvdRules: readonly Rule[] = [
  defineRule({
    id: 'BR-DE-CVD-01',
    flag: 'fatal',
    bt: ['BT-12'],
    de: 'In einer CVD-Rechnung muss die Vertragsreferenz (BT-12 Contract reference) angegeben werden.',
    en: 'A CVD invoice must contain the contract reference (BT-12).',
    ubl: cvd((doc, ctx) => {
      if (!anyFilled(doc.root, 'cac:ContractDocumentReference/cbc:ID')) ctx.report(doc.root);
    }),
    cii: cvd((doc, ctx) => {
      if (!anyFilled(doc.root, `${AGREEMENT}/ram:ContractReferencedDocument/ram:IssuerAssignedID`))
        ctx.report(doc.root);
    }),
  }),
  defineRule({
    id: 'BR-DE-CVD-02',
    flag: 'fatal',
    bt: ['BT-17'],
    de: 'In einer CVD-Rechnung muss die Vergabe- oder Losreferenz (BT-17 Tender or lot reference) angegeben werden.',
    en: 'A CVD invoice must contain the tender or lot reference (BT-17).',
    ubl: cvd((doc, ctx) => {
      if (!anyFilled(doc.root, 'cac:OriginatorDocumentReference/cbc:ID')) ctx.report(doc.root);
    }),
    cii: cvd((doc, ctx) => {
      const tender = fromRoot(doc.root, `${AGREEMENT}/ram:AdditionalReferencedDocument`).filter(
        (d) => text(d, 'ram:TypeCode') === '50' && text(d, 'ram:IssuerAssignedID') !== '',
      );
      if (tender.length === 0) ctx.report(doc.root);
    }),
  }),
  defineRule({
    id: 'BR-DE-CVD-03',
    flag: 'fatal',
    bt: ['BG-25', 'BT-158', 'BT-160'],
    de: "Eine CVD-Rechnung muss mindestens eine Position mit einer Artikelklassifizierung (BT-158) im Schema 'CVD' und dem Artikelattribut (BT-160) 'cva' enthalten.",
    en: "A CVD invoice must contain at least one line whose item classification (BT-158) uses scheme 'CVD' and that has the item attribute (BT-160) 'cva'.",
    ubl: cvd((doc, ctx) => cvd03(doc, ctx)),
    cii: cvd((doc, ctx) => cvd03(doc, ctx)),
  }),
  defineRule({
    id: 'BR-DE-CVD-04',
    flag: 'fatal',
    bt: ['BT-158'],
    de: "Eine Artikelklassifizierung (BT-158) im Schema 'CVD' muss eine zulässige Fahrzeugklasse enthalten (M1, M2, M3, N1, N2, N3).",
    en: "An item classification (BT-158) with scheme 'CVD' must be an admitted vehicle category (M1, M2, M3, N1, N2, N3).",
    ubl: cvd((doc, ctx) => cvd04(doc, ctx)),
    cii: cvd((doc, ctx) => cvd04(doc, ctx)),
  }),
  defineRule({
    id: 'BR-DE-CVD-05',
    flag: 'fatal',
    bt: ['BT-160', 'BT-161'],
    de: "Hat ein Artikelattribut den Namen 'cva' (BT-160), muss sein Wert (BT-161) 'clean', 'zero-emission' oder 'other' sein.",
    en: "When an item attribute is named 'cva' (BT-160), its value (BT-161) must be 'clean', 'zero-emission' or 'other'.",
    ubl: cvd((doc, ctx) => cvd05(doc, ctx)),
    cii: cvd((doc, ctx) => cvd05(doc, ctx)),
  }),
  defineRule({
    id: 'BR-DE-CVD-06-a',
    flag: 'fatal',
    bt: ['BT-158', 'BT-160'],
    de: "Hat eine Position eine Artikelklassifizierung (BT-158) im Schema 'CVD', muss sie genau ein Artikelattribut 'cva' (BT-160) enthalten.",
    en: "A line with an item classification (BT-158) in scheme 'CVD' must have exactly one item attribute 'cva' (BT-160).",
    ubl: cvd((doc, ctx) => cvd06a(doc, ctx)),
    cii: cvd((doc, ctx) => cvd06a(doc, ctx)),
  }),
  defineRule({
    id: 'BR-DE-CVD-06-b',
    flag: 'fatal',
    bt: ['BT-158', 'BT-160'],
    de: "Hat eine Position ein Artikelattribut 'cva' (BT-160), muss sie genau eine Artikelklassifizierung (BT-158) im Schema 'CVD' enthalten.",
    en: "A line with the item attribute 'cva' (BT-160) must have exactly one item classification (BT-158) in scheme 'CVD'.",
    ubl: cvd((doc, ctx) => cvd06b(doc, ctx)),
    cii: cvd((doc, ctx) => cvd06b(doc, ctx)),
  }),
  defineRule({
    id: 'BR-TMP-CVD-01',
    flag: 'fatal',
    bt: ['BT-158'],
    de: "Das Schema einer Artikelklassifizierung (BT-158) muss aus der Codeliste UNTDID 7143 stammen oder 'CVD' sein.",
    en: "The scheme of an item classification (BT-158) must come from code list UNTDID 7143 or be 'CVD'.",
    ubl: cvd((doc, ctx) => tmpCvd01(doc, ctx)),
    cii: cvd((doc, ctx) => tmpCvd01(doc, ctx)),
  }),
];

function cvd03(doc: RuleDocument, ctx: RuleContext): void {
  const ok = items(doc).some((i) => i.classifications.some(isCvdScheme) && cvaAttributes(i).length > 0);
  if (!ok) ctx.report(doc.root);
}

function cvd04(doc: RuleDocument, ctx: RuleContext): void {
  for (const i of items(doc)) {
    for (const c of i.classifications) {
      if (
        normalizeSpace(attr(c, 'listID') ?? '') === 'CVD' &&
        !CVD_VEHICLE_CATEGORIES.includes(normalizeSpace(stringValue(c)))
      )
        ctx.report(c);
    }
  }
}

function cvd05(doc: RuleDocument, ctx: RuleContext): void {
  for (const i of items(doc)) {
    for (const a of cvaAttributes(i)) {
      const values = i.attrValue(a);
      if (values.length > 1) ctx.undecidable(values[1], 'BT-161 occurs more than once');
      else if (!CVA_CODES.includes(values.length ? normalizeSpace(stringValue(values[0])) : ''))
        ctx.report(a);
    }
  }
}

function cvd06a(doc: RuleDocument, ctx: RuleContext): void {
  for (const i of items(doc))
    if (i.classifications.some(isCvdScheme) && cvaAttributes(i).length !== 1) ctx.report(i.node);
}

function cvd06b(doc: RuleDocument, ctx: RuleContext): void {
  for (const i of items(doc))
    if (cvaAttributes(i).length > 0 && i.classifications.filter(isCvdScheme).length !== 1) ctx.report(i.node);
}

function tmpCvd01(doc: RuleDocument, ctx: RuleContext): void {
  for (const i of items(doc))
    for (const c of i.classifications)
      if (!inSpaceList(UNTDID_7143_CVD_LIST, attr(c, 'listID') ?? '')) ctx.report(c);
}

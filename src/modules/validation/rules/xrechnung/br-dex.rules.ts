import { Decimal } from 'decimal.js';
import type { Rule, RuleContext, RuleDocument } from '../rule.js';
import { all, attr, exists, stringValue } from '../../xml/query.js';
import { NS, type XNode } from '../../xml/xnode.js';
import {
  anyFilled,
  defineRule,
  everywhere,
  filled,
  hasAncestor,
  inSpaceList,
  isChildOf,
  isExtension,
  round2,
  toDecimal,
  fromRoot,
  XDecimal,
} from './common.js';
import { CEF_EAS_EXT_LIST } from './eas.codes.js';
import { ISO_6523_ICD_EXT_LIST } from './iso6523-icd.codes.js';
import { EXTENSION_MIME_CODES } from './mime.codes.js';
import { LINE } from './paths.js';

/*
 * The XRechnung Extension rules (BR-DEX-*). They apply only when BT-24 is exactly the
 * Extension identifier; several replace CEN code-list rules by lists that add the DiGA
 * codes XR01..XR03.
 */

function isInvoiceRoot(doc: RuleDocument): boolean {
  return doc.root.ns === NS.ubl && doc.root.local === 'Invoice';
}

/** Scheme identifiers reported by one of the code-list replacements. */
function schemeRule(
  nodes: readonly XNode[],
  list: string,
  ctx: RuleContext,
  allowSepa?: (n: XNode) => boolean,
): void {
  for (const n of nodes) {
    const scheme = attr(n, 'schemeID');
    if (scheme === null) continue;
    if (inSpaceList(list, scheme)) continue;
    if (allowSepa && inSpaceList(' SEPA ', scheme) && allowSepa(n)) continue;
    ctx.report(n);
  }
}

/** xs:decimal of each element; null (after signalling) when the official cast would fail. */
function decimals(ctx: RuleContext, nodes: readonly XNode[]): Decimal[] | null {
  const out: Decimal[] = [];
  for (const n of nodes) {
    const d = toDecimal(stringValue(n));
    if (!d) {
      ctx.undecidable(n, 'amount is not a decimal number');
      return null;
    }
    out.push(d);
  }
  return out;
}

function sum(ds: Decimal[]): Decimal {
  return ds.reduce((a, b) => a.plus(b), new XDecimal(0));
}

const ext =
  (check: (doc: RuleDocument, ctx: RuleContext) => void) => (doc: RuleDocument, ctx: RuleContext) => {
    if (isExtension(doc)) check(doc, ctx);
  };

export const brDexRules: readonly Rule[] = [
  defineRule({
    id: 'BR-DEX-01',
    flag: 'fatal',
    bt: ['BT-125'],
    de: 'Ein angehängtes Dokument (BT-125) hat einen unzulässigen MIME-Code; in der Extension sind PDF, PNG, JPEG, CSV, XLSX, ODS und application/xml erlaubt.',
    en: 'An attached document (BT-125) has a MIME code that is not allowed; the extension admits PDF, PNG, JPEG, CSV, XLSX, ODS and application/xml.',
    ubl: ext((doc, ctx) => {
      for (const n of everywhere(doc.root, NS.cbc, 'EmbeddedDocumentBinaryObject'))
        if (!EXTENSION_MIME_CODES.includes(attr(n, 'mimeCode') ?? '\0')) ctx.report(n);
    }),
    cii: ext((doc, ctx) => {
      for (const n of everywhere(doc.root, NS.ram, 'AttachmentBinaryObject'))
        if (!EXTENSION_MIME_CODES.includes(attr(n, 'mimeCode') ?? '\0')) ctx.report(n);
    }),
  }),
  defineRule({
    id: 'BR-DEX-02',
    flag: 'warning',
    bt: ['BT-131', 'BG-DEX-01'],
    de: 'Der Nettobetrag einer Rechnungsposition oder Unterposition (BT-131) soll der Summe der Nettobeträge ihrer direkten Unterpositionen (BG-DEX-01) entsprechen.',
    en: 'The net amount (BT-131) of an invoice line or sub invoice line should equal the sum of the net amounts of its direct sub invoice lines (BG-DEX-01).',
    ubl: ext((doc, ctx) => {
      if (!isInvoiceRoot(doc)) return;
      const parents = [
        ...fromRoot(doc.root, 'cac:InvoiceLine').filter((l) => exists(l, 'cac:SubInvoiceLine')),
        ...everywhere(doc.root, NS.cac, 'SubInvoiceLine').filter((l) => exists(l, 'cac:SubInvoiceLine')),
      ];
      for (const line of parents) {
        const own = decimals(ctx, all(line, 'cbc:LineExtensionAmount'));
        const subs = decimals(ctx, all(line, 'cac:SubInvoiceLine/cbc:LineExtensionAmount'));
        if (!own || !subs) return;
        // A missing or repeated own amount never equals the sum in the official comparison.
        if (own.length !== 1 || !own[0].equals(sum(subs))) {
          ctx.report(doc.root);
          return;
        }
      }
    }),
  }),
  defineRule({
    id: 'BR-DEX-03',
    flag: 'fatal',
    bt: ['BG-DEX-01', 'BG-DEX-06'],
    de: 'Jede Unterposition (BG-DEX-01) muss genau eine Umsatzsteuerangabe (BG-DEX-06) enthalten.',
    en: 'Every sub invoice line (BG-DEX-01) must contain exactly one VAT information group (BG-DEX-06).',
    ubl: ext((doc, ctx) => {
      if (!isInvoiceRoot(doc)) return;
      const bad = everywhere(doc.root, NS.cac, 'SubInvoiceLine').some((l) =>
        all(l, 'cac:Item').some((i) => all(i, 'cac:ClassifiedTaxCategory').length !== 1),
      );
      if (bad) ctx.report(doc.root);
    }),
  }),
  defineRule({
    id: 'BR-DEX-04',
    flag: 'fatal',
    bt: ['BT-29', 'BT-46', 'BT-60'],
    de: 'Das Schema einer Partei-Kennung muss aus der Liste ISO 6523 ICD stammen (in der Extension ergänzt um XR01, XR02, XR03; SEPA nur beim Verkäufer oder Zahlungsempfänger).',
    en: 'The scheme of a party identifier must come from the ISO 6523 ICD list (extended by XR01, XR02, XR03; SEPA only for the seller or payee).',
    ubl: ext((doc, ctx) =>
      schemeRule(
        everywhere(doc.root, NS.cbc, 'ID').filter((n) => isChildOf(n, NS.cac, 'PartyIdentification')),
        ISO_6523_ICD_EXT_LIST,
        ctx,
        (n) => hasAncestor(n, NS.cac, 'AccountingSupplierParty') || hasAncestor(n, NS.cac, 'PayeeParty'),
      ),
    ),
    cii: ext((doc, ctx) =>
      schemeRule(
        everywhere(doc.root, NS.ram, 'GlobalID').filter(
          (n) =>
            !hasAncestor(n, NS.ram, 'SpecifiedTradeProduct') && !hasAncestor(n, NS.ram, 'ShipToTradeParty'),
        ),
        ISO_6523_ICD_EXT_LIST,
        ctx,
      ),
    ),
  }),
  defineRule({
    id: 'BR-DEX-05',
    flag: 'fatal',
    bt: ['BT-30', 'BT-47', 'BT-61'],
    de: 'Das Schema einer Registerkennung muss aus der Liste ISO 6523 ICD stammen (in der Extension ergänzt um XR01, XR02, XR03).',
    en: 'The scheme of a legal registration identifier must come from the ISO 6523 ICD list (extended by XR01, XR02, XR03).',
    ubl: ext((doc, ctx) =>
      schemeRule(
        everywhere(doc.root, NS.cbc, 'CompanyID').filter((n) => isChildOf(n, NS.cac, 'PartyLegalEntity')),
        ISO_6523_ICD_EXT_LIST,
        ctx,
      ),
    ),
    cii: ext((doc, ctx) =>
      schemeRule(
        everywhere(doc.root, NS.ram, 'ID').filter((n) => !hasAncestor(n, NS.ram, 'SpecifiedTaxRegistration')),
        ISO_6523_ICD_EXT_LIST,
        ctx,
      ),
    ),
  }),
  defineRule({
    id: 'BR-DEX-06',
    flag: 'fatal',
    bt: ['BT-157'],
    de: 'Das Schema der Artikelkennung (BT-157) muss aus der Liste ISO 6523 ICD stammen (in der Extension ergänzt um XR01, XR02, XR03).',
    en: 'The scheme of the item standard identifier (BT-157) must come from the ISO 6523 ICD list (extended by XR01, XR02, XR03).',
    ubl: ext((doc, ctx) =>
      schemeRule(
        everywhere(doc.root, NS.cbc, 'ID').filter((n) => isChildOf(n, NS.cac, 'StandardItemIdentification')),
        ISO_6523_ICD_EXT_LIST,
        ctx,
      ),
    ),
    cii: ext((doc, ctx) =>
      schemeRule(
        everywhere(doc.root, NS.ram, 'GlobalID').filter((n) => isChildOf(n, NS.ram, 'SpecifiedTradeProduct')),
        ISO_6523_ICD_EXT_LIST,
        ctx,
      ),
    ),
  }),
  defineRule({
    id: 'BR-DEX-07',
    flag: 'fatal',
    bt: ['BT-34', 'BT-49'],
    de: 'Das Schema einer elektronischen Adresse (BT-34, BT-49) muss aus der EAS-Liste stammen (in der Extension ergänzt um XR01, XR02, XR03).',
    en: 'The scheme of an electronic address (BT-34, BT-49) must come from the EAS code list (extended by XR01, XR02, XR03).',
    ubl: ext((doc, ctx) => schemeRule(everywhere(doc.root, NS.cbc, 'EndpointID'), CEF_EAS_EXT_LIST, ctx)),
    cii: ext((doc, ctx) =>
      schemeRule(
        everywhere(doc.root, NS.ram, 'URIID').filter((n) =>
          isChildOf(n, NS.ram, 'URIUniversalCommunication'),
        ),
        CEF_EAS_EXT_LIST,
        ctx,
      ),
    ),
  }),
  defineRule({
    id: 'BR-DEX-08',
    flag: 'fatal',
    bt: ['BT-71'],
    de: 'Das Schema der Lieferortkennung (BT-71) muss aus der Liste ISO 6523 ICD stammen (in der Extension ergänzt um XR01, XR02, XR03).',
    en: 'The scheme of the deliver-to location identifier (BT-71) must come from the ISO 6523 ICD list (extended by XR01, XR02, XR03).',
    ubl: ext((doc, ctx) =>
      schemeRule(
        everywhere(doc.root, NS.cbc, 'ID').filter((n) => isChildOf(n, NS.cac, 'DeliveryLocation')),
        ISO_6523_ICD_EXT_LIST,
        ctx,
      ),
    ),
    cii: ext((doc, ctx) =>
      schemeRule(
        everywhere(doc.root, NS.ram, 'GlobalID').filter(
          (n) =>
            isChildOf(n, NS.ram, 'ShipToTradeParty') &&
            !!n.parent &&
            isChildOf(n.parent, NS.ram, 'ApplicableHeaderTradeDelivery'),
        ),
        ISO_6523_ICD_EXT_LIST,
        ctx,
      ),
    ),
  }),
  defineRule({
    id: 'BR-DEX-09',
    flag: 'fatal',
    bt: ['BT-115', 'BT-112', 'BT-113', 'BT-114', 'BT-DEX-002'],
    de: 'Der fällige Betrag (BT-115) muss dem Gesamtbetrag mit Umsatzsteuer (BT-112) minus dem bereits gezahlten Betrag (BT-113) plus dem Rundungsbetrag (BT-114) plus der Summe der Zahlungen Dritter (BT-DEX-002) entsprechen.',
    en: 'The amount due for payment (BT-115) must equal the invoice total with VAT (BT-112) minus the paid amount (BT-113) plus the rounding amount (BT-114) plus the sum of third party payments (BT-DEX-002).',
    ubl: ext((doc, ctx) => {
      for (const total of everywhere(doc.root, NS.cac, 'LegalMonetaryTotal')) {
        const payable = decimals(ctx, all(total, 'cbc:PayableAmount'));
        const inclusive = decimals(ctx, all(total, 'cbc:TaxInclusiveAmount'));
        const prepaid = decimals(ctx, all(total, 'cbc:PrepaidAmount'));
        const rounding = decimals(ctx, all(total, 'cbc:PayableRoundingAmount'));
        if (!payable || !inclusive || !prepaid || !rounding) return;
        const paid = all(total.parent, 'cac:PrepaidPayment/cbc:PaidAmount');
        let thirdParty = new XDecimal(0);
        if (paid.some((p) => filled(p))) {
          const ds = decimals(ctx, paid);
          if (!ds) return;
          thirdParty = sum(ds);
        }
        if (payable.length !== 1 || inclusive.length !== 1 || prepaid.length > 1 || rounding.length > 1) {
          if (payable.length > 1 || inclusive.length > 1 || prepaid.length > 1 || rounding.length > 1)
            ctx.undecidable(total, 'a total amount occurs more than once');
          else ctx.report(total);
          continue;
        }
        const left = round2(payable[0].minus(rounding[0] ?? 0));
        const right = round2(inclusive[0].minus(prepaid[0] ?? 0).plus(thirdParty));
        if (!left.equals(right)) ctx.report(total);
      }
    }),
  }),
  ...prepaidPaymentRules(),
  defineRule({
    id: 'BR-DEX-15',
    flag: 'warning',
    bt: ['BG-DEX-01'],
    de: 'Die CII-Rechnung scheint Unterpositionen (ParentLineID) zu verwenden; XRechnung unterstützt Unterpositionen in CII nicht.',
    en: 'The CII invoice appears to use sub invoice lines (ParentLineID); XRechnung does not support them in CII.',
    cii: ext((doc, ctx) => {
      if (everywhere(doc.root, NS.ram, 'ParentLineID').length === 0) return;
      for (const d of fromRoot(doc.root, `${LINE}/ram:AssociatedDocumentLineDocument`)) ctx.report(d);
    }),
  }),
];

function prepaidPaymentRules(): Rule[] {
  const each = (check: (pp: XNode, doc: RuleDocument, ctx: RuleContext) => void) =>
    ext((doc, ctx) => {
      if (!isInvoiceRoot(doc)) return;
      for (const pp of fromRoot(doc.root, 'cac:PrepaidPayment')) check(pp, doc, ctx);
    });
  return [
    defineRule({
      id: 'BR-DEX-10',
      flag: 'fatal',
      bt: ['BG-DEX-09', 'BT-DEX-001'],
      de: 'Bei einer Zahlung durch Dritte (BG-DEX-09) muss die Art der Zahlung (BT-DEX-001) angegeben werden.',
      en: 'A third party payment (BG-DEX-09) must state the third party payment type (BT-DEX-001).',
      ubl: each((pp, _d, ctx) => {
        if (!anyFilled(pp, 'cbc:ID')) ctx.report(pp);
      }),
    }),
    defineRule({
      id: 'BR-DEX-11',
      flag: 'fatal',
      bt: ['BG-DEX-09', 'BT-DEX-002'],
      de: 'Bei einer Zahlung durch Dritte (BG-DEX-09) muss der Betrag (BT-DEX-002) angegeben werden.',
      en: 'A third party payment (BG-DEX-09) must state the third party payment amount (BT-DEX-002).',
      ubl: each((pp, _d, ctx) => {
        if (!anyFilled(pp, 'cbc:PaidAmount')) ctx.report(pp);
      }),
    }),
    defineRule({
      id: 'BR-DEX-12',
      flag: 'fatal',
      bt: ['BG-DEX-09', 'BT-DEX-003'],
      de: 'Bei einer Zahlung durch Dritte (BG-DEX-09) muss die Beschreibung (BT-DEX-003) angegeben werden.',
      en: 'A third party payment (BG-DEX-09) must state the third party payment description (BT-DEX-003).',
      ubl: each((pp, _d, ctx) => {
        if (!anyFilled(pp, 'cbc:InstructionID')) ctx.report(pp);
      }),
    }),
    defineRule({
      id: 'BR-DEX-13',
      flag: 'fatal',
      bt: ['BT-DEX-002'],
      de: 'Der Betrag einer Zahlung durch Dritte (BT-DEX-002) darf höchstens zwei Nachkommastellen haben.',
      en: 'The third party payment amount (BT-DEX-002) must have at most two decimals.',
      ubl: each((pp, _d, ctx) => {
        const amounts = all(pp, 'cbc:PaidAmount');
        if (amounts.length > 1) {
          ctx.undecidable(amounts[1], 'BT-DEX-002 occurs more than once');
          return;
        }
        const s = amounts.length ? stringValue(amounts[0]) : '';
        const dot = s.indexOf('.');
        // string-length(substring-after(., '.')) counts every character after the first dot.
        if (dot >= 0 && [...s.slice(dot + 1)].length > 2) ctx.report(pp);
      }),
    }),
    defineRule({
      id: 'BR-DEX-14',
      flag: 'fatal',
      bt: ['BT-DEX-002', 'BT-5'],
      de: 'Die Währung einer Zahlung durch Dritte (BT-DEX-002) muss der Rechnungswährung (BT-5) entsprechen.',
      en: 'The currency of the third party payment amount (BT-DEX-002) must be the invoice currency (BT-5).',
      ubl: each((pp, doc, ctx) => {
        const currencies = fromRoot(doc.root, 'cbc:DocumentCurrencyCode').map((n) => stringValue(n));
        const ok = all(pp, 'cbc:PaidAmount').some((a) => {
          const c = attr(a, 'currencyID');
          return c !== null && currencies.includes(c);
        });
        if (!ok) ctx.report(pp);
      }),
    }),
  ];
}

import type { Rule, RuleContext, RuleDocument } from '../rule.js';
import { all, attr, exists, first, normalizeSpace, stringValue, text } from '../../xml/query.js';
import type { XNode } from '../../xml/xnode.js';
import {
  anyEquals,
  anyFilled,
  defineRule,
  everywhere,
  filled,
  XR_CIUS_ID,
  XR_CVD_ID,
  XR_EXTENSION_ID,
  fromRoot,
} from './common.js';
import { isValidIbanAsOfficial } from './iban.js';
import { AGREEMENT, BUYER, DELIVERY, LINE, PAYMENT_MEANS, SELLER, SETTLEMENT } from './paths.js';
import { checkSkontoTexts } from './skonto.js';
import { NS } from '../../xml/xnode.js';

/*
 * The XRechnung CIUS rules BR-DE-1 … BR-DE-31 (there is no BR-DE-12, -13 or -29 any more:
 * BR-DE-13 was split into 23/24/25, BR-DE-29 was replaced by PEPPOL-EN16931-R061).
 * Each rule follows the context and test of the official Schematron of its syntax.
 */

const VAT_CODES_DE16 = ['S', 'Z', 'E', 'AE', 'K', 'G', 'L', 'M'];
const TYPE_CODES_DE17 = ['326', '380', '384', '389', '381', '875', '876', '877'];
const TELEPHONE = /^.*([0-9].*){3,}.*$/;
const EMAIL = /^[^@\s]+@([^@.\s]+\.)+[^@.\s]+$/;

/** normalize-space() of a single optional element; a repeated element makes the official XPath fail. */
function single(ctx: RuleContext, nodes: readonly XNode[], what: string): string | undefined {
  if (nodes.length > 1) {
    ctx.undecidable(nodes[1], `${what} occurs more than once`);
    return undefined;
  }
  return nodes.length ? normalizeSpace(stringValue(nodes[0])) : '';
}

function ublContacts(doc: RuleDocument): readonly XNode[] {
  return fromRoot(doc.root, 'cac:AccountingSupplierParty/cac:Party/cac:Contact');
}

function ciiContacts(doc: RuleDocument): readonly XNode[] {
  return fromRoot(doc.root, `${SELLER}/ram:DefinedTradeContact`);
}

/** UBL payment means whose normalised code is one of `codes`. */
function ublMeans(doc: RuleDocument, codes: readonly string[]): readonly XNode[] {
  return fromRoot(doc.root, 'cac:PaymentMeans').filter((pm) =>
    codes.includes(text(pm, 'cbc:PaymentMeansCode')),
  );
}

function ciiMeans(doc: RuleDocument, codes: readonly string[]): readonly XNode[] {
  return fromRoot(doc.root, PAYMENT_MEANS).filter((pm) => codes.includes(text(pm, 'ram:TypeCode')));
}

/** CII has no element for BG-19; the official rules take its three terms instead. */
function ciiDirectDebit(doc: RuleDocument, means?: XNode): boolean {
  return (
    exists(doc.root, `${SETTLEMENT}/ram:SpecifiedTradePaymentTerms/ram:DirectDebitMandateID`) ||
    exists(doc.root, `${SETTLEMENT}/ram:CreditorReferenceID`) ||
    (means ? exists(means, 'ram:PayerPartyDebtorFinancialAccount/ram:IBANID') : false)
  );
}

function ibanOk(ctx: RuleContext, ids: readonly XNode[]): boolean | undefined {
  if (ids.length > 1) {
    ctx.undecidable(ids[1], 'account identifier occurs more than once');
    return undefined;
  }
  return isValidIbanAsOfficial(ids.length ? stringValue(ids[0]) : '');
}

/** `preceding-sibling` duplicates of attachment file names among sibling references. */
function duplicateFilename(refs: readonly XNode[], filenamePath: string): boolean {
  const seenByParent = new Map<XNode | null, Set<string>>();
  for (const ref of refs) {
    let seen = seenByParent.get(ref.parent);
    if (!seen) seenByParent.set(ref.parent, (seen = new Set()));
    const names = all(ref, filenamePath)
      .map((n) => attr(n, 'filename'))
      .filter((v): v is string => v !== null);
    if (names.some((n) => seen.has(n))) return true;
    for (const n of names) seen.add(n);
  }
  return false;
}

export const brDeRules: readonly Rule[] = [
  defineRule({
    id: 'BR-DE-1',
    flag: 'fatal',
    bt: ['BG-16'],
    de: 'Eine Rechnung muss Zahlungsanweisungen (BG-16 PAYMENT INSTRUCTIONS) enthalten.',
    en: 'The invoice must contain payment instructions (BG-16).',
    ubl: (doc, ctx) => {
      if (!exists(doc.root, 'cac:PaymentMeans')) ctx.report(doc.root);
    },
    cii: (doc, ctx) => {
      if (!exists(doc.root, PAYMENT_MEANS)) ctx.report(doc.root);
    },
  }),
  defineRule({
    id: 'BR-DE-2',
    flag: 'fatal',
    bt: ['BG-6'],
    de: 'Die Gruppe SELLER CONTACT (BG-6) muss übermittelt werden.',
    en: 'The seller contact group (BG-6) must be provided.',
    ubl: (doc, ctx) => {
      for (const p of fromRoot(doc.root, 'cac:AccountingSupplierParty'))
        if (!exists(p, 'cac:Party/cac:Contact')) ctx.report(p);
    },
    cii: (doc, ctx) => {
      for (const p of fromRoot(doc.root, SELLER)) if (!exists(p, 'ram:DefinedTradeContact')) ctx.report(p);
    },
  }),
  ...addressRules('BR-DE-3', 'BR-DE-4', 'BT-37', 'BT-38', 'der Anschrift des Verkäufers', "seller's", {
    ubl: 'cac:AccountingSupplierParty/cac:Party/cac:PostalAddress',
    cii: `${SELLER}/ram:PostalTradeAddress`,
  }),
  defineRule({
    id: 'BR-DE-5',
    flag: 'fatal',
    bt: ['BT-41'],
    de: 'Die Kontaktstelle des Verkäufers (BT-41 Seller contact point) muss angegeben werden.',
    en: 'The seller contact point (BT-41) must be provided.',
    ubl: (doc, ctx) => {
      for (const c of ublContacts(doc)) if (!anyFilled(c, 'cbc:Name')) ctx.report(c);
    },
    cii: (doc, ctx) => {
      for (const c of ciiContacts(doc))
        if (!anyFilled(c, 'ram:PersonName') && !anyFilled(c, 'ram:DepartmentName')) ctx.report(c);
    },
  }),
  defineRule({
    id: 'BR-DE-6',
    flag: 'fatal',
    bt: ['BT-42'],
    de: 'Die Telefonnummer des Verkäuferkontakts (BT-42) muss angegeben werden.',
    en: 'The seller contact telephone number (BT-42) must be provided.',
    ubl: (doc, ctx) => {
      for (const c of ublContacts(doc)) if (!anyFilled(c, 'cbc:Telephone')) ctx.report(c);
    },
    cii: (doc, ctx) => {
      for (const c of ciiContacts(doc))
        if (!anyFilled(c, 'ram:TelephoneUniversalCommunication/ram:CompleteNumber')) ctx.report(c);
    },
  }),
  defineRule({
    id: 'BR-DE-7',
    flag: 'fatal',
    bt: ['BT-43'],
    de: 'Die E-Mail-Adresse des Verkäuferkontakts (BT-43) muss angegeben werden.',
    en: 'The seller contact email address (BT-43) must be provided.',
    ubl: (doc, ctx) => {
      for (const c of ublContacts(doc)) if (!anyFilled(c, 'cbc:ElectronicMail')) ctx.report(c);
    },
    cii: (doc, ctx) => {
      for (const c of ciiContacts(doc))
        if (!anyFilled(c, 'ram:EmailURIUniversalCommunication/ram:URIID')) ctx.report(c);
    },
  }),
  ...addressRules('BR-DE-8', 'BR-DE-9', 'BT-52', 'BT-53', 'der Anschrift des Käufers', "buyer's", {
    ubl: 'cac:AccountingCustomerParty/cac:Party/cac:PostalAddress',
    cii: `${BUYER}/ram:PostalTradeAddress`,
  }),
  ...addressRules(
    'BR-DE-10',
    'BR-DE-11',
    'BT-77',
    'BT-78',
    'der Lieferanschrift (BG-15)',
    'deliver-to address (BG-15)',
    {
      ubl: 'cac:Delivery/cac:DeliveryLocation/cac:Address',
      cii: `${DELIVERY}/ram:ShipToTradeParty/ram:PostalTradeAddress`,
    },
  ),
  defineRule({
    id: 'BR-DE-14',
    flag: 'fatal',
    bt: ['BT-119'],
    de: 'Für jede Umsatzsteueraufschlüsselung muss der Steuersatz (BT-119 VAT category rate) angegeben werden.',
    en: 'Every VAT breakdown must state the VAT category rate (BT-119).',
    ubl: (doc, ctx) => {
      for (const st of fromRoot(doc.root, 'cac:TaxTotal/cac:TaxSubtotal'))
        if (!anyFilled(st, 'cac:TaxCategory/cbc:Percent')) ctx.report(st);
    },
    cii: (doc, ctx) => {
      for (const t of fromRoot(doc.root, `${SETTLEMENT}/ram:ApplicableTradeTax`))
        if (!anyFilled(t, 'ram:RateApplicablePercent')) ctx.report(t);
    },
  }),
  defineRule({
    id: 'BR-DE-15',
    flag: 'fatal',
    bt: ['BT-10'],
    de: 'Die Käuferreferenz (BT-10 Buyer reference, z. B. die Leitweg-ID) muss angegeben werden.',
    en: 'The buyer reference (BT-10, e.g. the Leitweg-ID) must be provided.',
    ubl: (doc, ctx) => {
      if (!anyFilled(doc.root, 'cbc:BuyerReference')) ctx.report(doc.root);
    },
    cii: (doc, ctx) => {
      if (!anyFilled(doc.root, `${AGREEMENT}/ram:BuyerReference`)) ctx.report(doc.root);
    },
  }),
  defineRule({
    id: 'BR-DE-16',
    flag: 'fatal',
    bt: ['BT-31', 'BT-32', 'BG-11'],
    de: 'Werden die Steuerkategorien S, Z, E, AE, K, G, L oder M verwendet, muss die USt-IdNr. (BT-31), die Steuernummer (BT-32) oder ein Steuervertreter (BG-11) des Verkäufers angegeben werden.',
    en: "When VAT category S, Z, E, AE, K, G, L or M is used, the seller's VAT identifier (BT-31), tax registration identifier (BT-32) or tax representative (BG-11) must be provided.",
    ubl: (doc, ctx) => {
      const r = doc.root;
      const onAllowanceCharge = all(r, 'cac:AllowanceCharge').some(
        (ac) =>
          anyEquals(ac, 'cbc:ChargeIndicator', ['true', 'false']) &&
          anyEquals(ac, 'cac:TaxCategory/cbc:ID', VAT_CODES_DE16),
      );
      const used =
        onAllowanceCharge ||
        anyEquals(r, 'cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory/cbc:ID', VAT_CODES_DE16) ||
        anyEquals(r, 'cac:CreditNoteLine/cac:Item/cac:ClassifiedTaxCategory/cbc:ID', VAT_CODES_DE16);
      if (!used) return;
      if (
        exists(r, 'cac:TaxRepresentativeParty') ||
        anyFilled(r, 'cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID')
      )
        return;
      ctx.report(r);
    },
    cii: (doc, ctx) => {
      const r = doc.root;
      const lineTax = `${LINE}/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax`;
      const headerTax = `${SETTLEMENT}/ram:SpecifiedTradeAllowanceCharge/ram:CategoryTradeTax`;
      // Official quirk kept: the header part compares the whole CategoryTradeTax element with 'VAT'.
      const used =
        (anyEquals(r, `${lineTax}/ram:TypeCode`, ['VAT']) &&
          anyEquals(r, `${lineTax}/ram:CategoryCode`, VAT_CODES_DE16)) ||
        (anyEquals(r, headerTax, ['VAT']) && anyEquals(r, `${headerTax}/ram:CategoryCode`, VAT_CODES_DE16));
      if (!used) return;
      const taxIds = all(r, `${SELLER}/ram:SpecifiedTaxRegistration/ram:ID`).filter((n) => {
        const scheme = normalizeSpace(attr(n, 'schemeID') ?? '');
        return (scheme === 'VA' || scheme === 'FC') && filled(n);
      });
      if (taxIds.length || exists(r, `${AGREEMENT}/ram:SellerTaxRepresentativeTradeParty`)) return;
      ctx.report(r);
    },
  }),
  defineRule({
    id: 'BR-DE-17',
    flag: 'warning',
    bt: ['BT-3'],
    de: 'Als Rechnungsart (BT-3) sollen nur die Codes 326, 380, 384, 389, 381, 875, 876 oder 877 verwendet werden.',
    en: 'The invoice type code (BT-3) should be one of 326, 380, 384, 389, 381, 875, 876 or 877.',
    ubl: (doc, ctx) => {
      const inv = single(ctx, fromRoot(doc.root, 'cbc:InvoiceTypeCode'), 'BT-3');
      const cn = single(ctx, fromRoot(doc.root, 'cbc:CreditNoteTypeCode'), 'BT-3');
      if (inv === undefined || cn === undefined) return;
      if (!TYPE_CODES_DE17.includes(inv) && !TYPE_CODES_DE17.includes(cn)) ctx.report(doc.root);
    },
    cii: (doc, ctx) => {
      const code = single(ctx, fromRoot(doc.root, 'rsm:ExchangedDocument/ram:TypeCode'), 'BT-3');
      if (code !== undefined && !TYPE_CODES_DE17.includes(code)) ctx.report(doc.root);
    },
  }),
  defineRule({
    id: 'BR-DE-18',
    flag: 'fatal',
    bt: ['BT-20'],
    de: 'Skontoangaben in den Zahlungsbedingungen (BT-20) müssen je Zeile die Form #SKONTO#TAGE=n#PROZENT=n.nn# (optional mit #BASISBETRAG=n.nn# vor dem abschließenden #) haben, in Großbuchstaben, ohne zusätzliche Leerzeichen, und mit einem Zeilenumbruch nach der letzten Angabe.',
    en: 'Cash discount entries in the payment terms (BT-20) must each be a line of the form #SKONTO#TAGE=n#PROZENT=n.nn# (optionally #BASISBETRAG=n.nn# before the closing #), upper case, without extra blanks, followed by a line break after the last entry.',
    ubl: (doc, ctx) =>
      skonto(
        ctx,
        doc.root,
        fromRoot(doc.root, 'cac:PaymentTerms').map((pt) => first(pt, 'cbc:Note')),
      ),
    cii: (doc, ctx) =>
      skonto(
        ctx,
        doc.root,
        fromRoot(doc.root, `${SETTLEMENT}/ram:SpecifiedTradePaymentTerms`).map((pt) =>
          first(pt, 'ram:Description'),
        ),
      ),
  }),
  defineRule({
    id: 'BR-DE-19',
    flag: 'warning',
    bt: ['BT-84'],
    de: 'Bei Zahlungsart 58 (SEPA-Überweisung) soll die Kontokennung (BT-84) eine gültige IBAN sein.',
    en: 'With payment means 58 (SEPA credit transfer) the payment account identifier (BT-84) should be a valid IBAN.',
    ubl: (doc, ctx) => {
      for (const pm of ublMeans(doc, ['58']))
        if (ibanOk(ctx, all(pm, 'cac:PayeeFinancialAccount/cbc:ID')) === false) ctx.report(pm);
    },
    cii: (doc, ctx) => {
      for (const pm of ciiMeans(doc, ['58']))
        if (ibanOk(ctx, all(pm, 'ram:PayeePartyCreditorFinancialAccount/ram:IBANID')) === false)
          ctx.report(pm);
    },
  }),
  defineRule({
    id: 'BR-DE-20',
    flag: 'warning',
    bt: ['BT-91'],
    de: 'Bei Zahlungsart 59 (SEPA-Lastschrift) soll das zu belastende Konto (BT-91) eine gültige IBAN sein.',
    en: 'With payment means 59 (SEPA direct debit) the debited account identifier (BT-91) should be a valid IBAN.',
    ubl: (doc, ctx) => {
      for (const pm of ublMeans(doc, ['59']))
        if (ibanOk(ctx, all(pm, 'cac:PaymentMandate/cac:PayerFinancialAccount/cbc:ID')) === false)
          ctx.report(pm);
    },
    cii: (doc, ctx) => {
      for (const pm of ciiMeans(doc, ['59']))
        if (ibanOk(ctx, all(pm, 'ram:PayerPartyDebtorFinancialAccount/ram:IBANID')) === false) ctx.report(pm);
    },
  }),
  defineRule({
    id: 'BR-DE-21',
    flag: 'warning',
    bt: ['BT-24'],
    de: 'Die Spezifikationskennung (BT-24) soll der Kennung von XRechnung 3.0 (Standard, Extension oder CVD) entsprechen.',
    en: 'The specification identifier (BT-24) should be the XRechnung 3.0 identifier (standard, extension or CVD).',
    ubl: (doc, ctx) => {
      if (!anyEquals(doc.root, 'cbc:CustomizationID', [XR_CIUS_ID, XR_EXTENSION_ID, XR_CVD_ID]))
        ctx.report(doc.root);
    },
    cii: (doc, ctx) => {
      for (const c of fromRoot(doc.root, 'rsm:ExchangedDocumentContext')) {
        if (
          !anyEquals(c, 'ram:GuidelineSpecifiedDocumentContextParameter/ram:ID', [
            XR_CIUS_ID,
            XR_EXTENSION_ID,
            XR_CVD_ID,
          ])
        )
          ctx.report(c);
      }
    },
  }),
  defineRule({
    id: 'BR-DE-22',
    flag: 'fatal',
    bt: ['BT-125'],
    de: 'Die Dateinamen (Attribut filename) aller angehängten Dokumente (BT-125) müssen eindeutig sein.',
    en: 'The file names (filename attribute) of all attached documents (BT-125) must be unique.',
    ubl: (doc, ctx) => {
      if (
        duplicateFilename(
          fromRoot(doc.root, 'cac:AdditionalDocumentReference'),
          'cac:Attachment/cbc:EmbeddedDocumentBinaryObject',
        )
      )
        ctx.report(doc.root);
    },
    cii: (doc, ctx) => {
      if (duplicateFilename(everywhereRam(doc, 'AdditionalReferencedDocument'), 'ram:AttachmentBinaryObject'))
        ctx.report(doc.root);
    },
  }),
  ...paymentMeansRules(),
  defineRule({
    id: 'BR-DE-26',
    flag: 'warning',
    bt: ['BT-3', 'BG-3'],
    de: 'Bei einer korrigierten Rechnung (BT-3 = 384) soll mindestens eine vorausgegangene Rechnung (BG-3) referenziert werden.',
    en: 'A corrected invoice (BT-3 = 384) should reference at least one preceding invoice (BG-3).',
    ubl: (doc, ctx) => {
      const inv = single(ctx, fromRoot(doc.root, 'cbc:InvoiceTypeCode'), 'BT-3');
      const cn = single(ctx, fromRoot(doc.root, 'cbc:CreditNoteTypeCode'), 'BT-3');
      if (inv === undefined || cn === undefined) return;
      if (
        (inv === '384' || cn === '384') &&
        !exists(doc.root, 'cac:BillingReference/cac:InvoiceDocumentReference')
      )
        ctx.report(doc.root);
    },
    cii: (doc, ctx) => {
      const code = single(ctx, fromRoot(doc.root, 'rsm:ExchangedDocument/ram:TypeCode'), 'BT-3');
      if (code === '384' && !exists(doc.root, `${SETTLEMENT}/ram:InvoiceReferencedDocument`))
        ctx.report(doc.root);
    },
  }),
  defineRule({
    id: 'BR-DE-27',
    flag: 'warning',
    bt: ['BT-42'],
    de: 'Die Telefonnummer des Verkäuferkontakts (BT-42) soll mindestens drei Ziffern enthalten.',
    en: 'The seller contact telephone number (BT-42) should contain at least three digits.',
    ubl: (doc, ctx) => contactPattern(ctx, ublContacts(doc), 'cbc:Telephone', TELEPHONE),
    cii: (doc, ctx) =>
      contactPattern(
        ctx,
        ciiContacts(doc),
        'ram:TelephoneUniversalCommunication/ram:CompleteNumber',
        TELEPHONE,
      ),
  }),
  defineRule({
    id: 'BR-DE-28',
    flag: 'warning',
    bt: ['BT-43'],
    de: 'Die E-Mail-Adresse des Verkäuferkontakts (BT-43) soll genau ein @ enthalten, mit Zeichen davor und einer Domain mit Punkt danach, ohne Leerzeichen.',
    en: 'The seller contact email address (BT-43) should contain exactly one @, with characters before it and a dotted domain after it, and no blanks.',
    ubl: (doc, ctx) => contactPattern(ctx, ublContacts(doc), 'cbc:ElectronicMail', EMAIL),
    cii: (doc, ctx) =>
      contactPattern(ctx, ciiContacts(doc), 'ram:EmailURIUniversalCommunication/ram:URIID', EMAIL),
  }),
  defineRule({
    id: 'BR-DE-30',
    flag: 'fatal',
    bt: ['BG-19', 'BT-90'],
    de: 'Bei Lastschrift (BG-19 DIRECT DEBIT) muss die Gläubiger-Identifikationsnummer (BT-90) angegeben werden.',
    en: 'With direct debit (BG-19) the bank assigned creditor identifier (BT-90) must be provided.',
    ubl: (doc, ctx) => {
      const r = doc.root;
      if (!exists(r, 'cac:PaymentMeans/cac:PaymentMandate')) return;
      const sepa = [
        ...all(r, 'cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification/cbc:ID'),
        ...all(r, 'cac:PayeeParty/cac:PartyIdentification/cbc:ID'),
      ];
      if (!sepa.some((n) => attr(n, 'schemeID') === 'SEPA')) ctx.report(r);
    },
    cii: (doc, ctx) => {
      const r = doc.root;
      const bt89 = exists(r, `${SETTLEMENT}/ram:SpecifiedTradePaymentTerms/ram:DirectDebitMandateID`);
      const bt90 = exists(r, `${SETTLEMENT}/ram:CreditorReferenceID`);
      const bt91 = exists(r, `${PAYMENT_MEANS}/ram:PayerPartyDebtorFinancialAccount/ram:IBANID`);
      if ((bt89 || bt90 || bt91) && !((bt89 || bt91) && bt90)) ctx.report(r);
    },
  }),
  defineRule({
    id: 'BR-DE-31',
    flag: 'fatal',
    bt: ['BG-19', 'BT-91'],
    de: 'Bei Lastschrift (BG-19 DIRECT DEBIT) muss das zu belastende Konto (BT-91) angegeben werden.',
    en: 'With direct debit (BG-19) the debited account identifier (BT-91) must be provided.',
    ubl: (doc, ctx) => {
      const r = doc.root;
      if (
        exists(r, 'cac:PaymentMeans/cac:PaymentMandate') &&
        !exists(r, 'cac:PaymentMeans/cac:PaymentMandate/cac:PayerFinancialAccount/cbc:ID')
      )
        ctx.report(r);
    },
    cii: (doc, ctx) => {
      const r = doc.root;
      const bt89 = exists(r, `${SETTLEMENT}/ram:SpecifiedTradePaymentTerms/ram:DirectDebitMandateID`);
      const bt90 = exists(r, `${SETTLEMENT}/ram:CreditorReferenceID`);
      const bt91 = exists(r, `${PAYMENT_MEANS}/ram:PayerPartyDebtorFinancialAccount/ram:IBANID`);
      if ((bt89 || bt90 || bt91) && !((bt89 || bt90) && bt91)) ctx.report(r);
    },
  }),
];

function everywhereRam(doc: RuleDocument, local: string): readonly XNode[] {
  return everywhere(doc.root, NS.ram, local);
}

function skonto(ctx: RuleContext, root: XNode, notes: (XNode | null)[]): void {
  const texts = notes.filter((n): n is XNode => n !== null).map((n) => stringValue(n));
  const verdict = checkSkontoTexts(texts);
  if (verdict === 'fail') ctx.report(notes.find((n) => n !== null) ?? root);
  else if (verdict === 'undecidable')
    ctx.undecidable(root, 'BR-DE-18: several payment terms texts with cash discount entries');
}

function contactPattern(ctx: RuleContext, contacts: readonly XNode[], path: string, re: RegExp): void {
  for (const c of contacts) {
    const v = single(ctx, all(c, path), path);
    if (v !== undefined && !re.test(v)) ctx.report(c);
  }
}

function addressRules(
  cityId: string,
  zipId: string,
  cityBt: string,
  zipBt: string,
  /** German genitive phrase naming the address, e.g. 'der Anschrift des Käufers'. */
  deWhose: string,
  /** English noun phrase naming the address, e.g. "buyer's address". */
  enWhose: string,
  paths: { ubl: string; cii: string },
): Rule[] {
  const city = (ublChild: string, ciiChild: string) => ({
    ubl: (doc: RuleDocument, ctx: RuleContext) => {
      for (const a of fromRoot(doc.root, paths.ubl)) if (!anyFilled(a, ublChild)) ctx.report(a);
    },
    cii: (doc: RuleDocument, ctx: RuleContext) => {
      for (const a of fromRoot(doc.root, paths.cii)) if (!anyFilled(a, ciiChild)) ctx.report(a);
    },
  });
  return [
    defineRule({
      id: cityId,
      flag: 'fatal',
      bt: [cityBt],
      de: `Der Ort ${deWhose} (${cityBt}) muss angegeben werden.`,
      en: `The city of the ${enWhose} (${cityBt}) must be provided.`,
      ...city('cbc:CityName', 'ram:CityName'),
    }),
    defineRule({
      id: zipId,
      flag: 'fatal',
      bt: [zipBt],
      de: `Die Postleitzahl ${deWhose} (${zipBt}) muss angegeben werden.`,
      en: `The post code of the ${enWhose} (${zipBt}) must be provided.`,
      ...city('cbc:PostalZone', 'ram:PostcodeCode'),
    }),
  ];
}

function paymentMeansRules(): Rule[] {
  const transfer = ['30', '58'];
  const card = ['48', '54', '55'];
  const debit = ['59'];
  return [
    defineRule({
      id: 'BR-DE-23-a',
      flag: 'fatal',
      bt: ['BT-81', 'BG-17'],
      de: 'Bei Überweisung (BT-81 = 30 oder 58) muss die Gruppe CREDIT TRANSFER (BG-17) mit dem Zahlungskonto angegeben werden.',
      en: 'With credit transfer (BT-81 = 30 or 58) the credit transfer group (BG-17) with the payment account must be provided.',
      ubl: (doc, ctx) => {
        for (const pm of ublMeans(doc, transfer))
          if (!exists(pm, 'cac:PayeeFinancialAccount')) ctx.report(pm);
      },
      cii: (doc, ctx) => {
        for (const pm of ciiMeans(doc, transfer))
          if (!exists(pm, 'ram:PayeePartyCreditorFinancialAccount')) ctx.report(pm);
      },
    }),
    defineRule({
      id: 'BR-DE-23-b',
      flag: 'fatal',
      bt: ['BT-81', 'BG-18', 'BG-19'],
      de: 'Bei Überweisung (BT-81 = 30 oder 58) dürfen keine Zahlungskarte (BG-18) und keine Lastschrift (BG-19) angegeben werden.',
      en: 'With credit transfer (BT-81 = 30 or 58) neither payment card (BG-18) nor direct debit (BG-19) may be provided.',
      ubl: (doc, ctx) => {
        for (const pm of ublMeans(doc, transfer))
          if (exists(pm, 'cac:CardAccount') || exists(pm, 'cac:PaymentMandate')) ctx.report(pm);
      },
      cii: (doc, ctx) => {
        for (const pm of ciiMeans(doc, transfer))
          if (exists(pm, 'ram:ApplicableTradeSettlementFinancialCard') || ciiDirectDebit(doc, pm))
            ctx.report(pm);
      },
    }),
    defineRule({
      id: 'BR-DE-24-a',
      flag: 'fatal',
      bt: ['BT-81', 'BG-18'],
      de: 'Bei Kartenzahlung (BT-81 = 48, 54 oder 55) muss die Gruppe PAYMENT CARD INFORMATION (BG-18) angegeben werden.',
      en: 'With card payment (BT-81 = 48, 54 or 55) the payment card information (BG-18) must be provided.',
      ubl: (doc, ctx) => {
        for (const pm of ublMeans(doc, card)) if (!exists(pm, 'cac:CardAccount')) ctx.report(pm);
      },
      cii: (doc, ctx) => {
        for (const pm of ciiMeans(doc, card))
          if (!exists(pm, 'ram:ApplicableTradeSettlementFinancialCard')) ctx.report(pm);
      },
    }),
    defineRule({
      id: 'BR-DE-24-b',
      flag: 'fatal',
      bt: ['BT-81', 'BG-17', 'BG-19'],
      de: 'Bei Kartenzahlung (BT-81 = 48, 54 oder 55) dürfen keine Überweisung (BG-17) und keine Lastschrift (BG-19) angegeben werden.',
      en: 'With card payment (BT-81 = 48, 54 or 55) neither credit transfer (BG-17) nor direct debit (BG-19) may be provided.',
      ubl: (doc, ctx) => {
        for (const pm of ublMeans(doc, card))
          if (exists(pm, 'cac:PayeeFinancialAccount') || exists(pm, 'cac:PaymentMandate')) ctx.report(pm);
      },
      cii: (doc, ctx) => {
        for (const pm of ciiMeans(doc, card))
          if (exists(pm, 'ram:PayeePartyCreditorFinancialAccount') || ciiDirectDebit(doc, pm)) ctx.report(pm);
      },
    }),
    defineRule({
      id: 'BR-DE-25-a',
      flag: 'fatal',
      bt: ['BT-81', 'BG-19'],
      de: 'Bei Lastschrift (BT-81 = 59) muss die Gruppe DIRECT DEBIT (BG-19) angegeben werden.',
      en: 'With direct debit (BT-81 = 59) the direct debit group (BG-19) must be provided.',
      ubl: (doc, ctx) => {
        for (const pm of ublMeans(doc, debit)) if (!exists(pm, 'cac:PaymentMandate')) ctx.report(pm);
      },
      cii: (doc, ctx) => {
        for (const pm of ciiMeans(doc, debit)) if (!ciiDirectDebit(doc, pm)) ctx.report(pm);
      },
    }),
    defineRule({
      id: 'BR-DE-25-b',
      flag: 'fatal',
      bt: ['BT-81', 'BG-17', 'BG-18'],
      de: 'Bei Lastschrift (BT-81 = 59) dürfen keine Überweisung (BG-17, auch kein Zahlungsdienstleister BT-86) und keine Zahlungskarte (BG-18) angegeben werden.',
      en: 'With direct debit (BT-81 = 59) neither credit transfer (BG-17, including the payment service provider BT-86) nor payment card (BG-18) may be provided.',
      ubl: (doc, ctx) => {
        for (const pm of ublMeans(doc, debit))
          if (exists(pm, 'cac:PayeeFinancialAccount') || exists(pm, 'cac:CardAccount')) ctx.report(pm);
      },
      cii: (doc, ctx) => {
        for (const pm of ciiMeans(doc, debit)) {
          if (
            exists(pm, 'ram:PayeePartyCreditorFinancialAccount') ||
            exists(pm, 'ram:PayeeSpecifiedCreditorFinancialInstitution') ||
            exists(pm, 'ram:PayerSpecifiedDebtorFinancialInstitution') ||
            exists(pm, 'ram:ApplicableTradeSettlementFinancialCard')
          )
            ctx.report(pm);
        }
      },
    }),
  ];
}

import type { XNode } from '../../xml/xnode.js';
import { NS } from '../../xml/xnode.js';
import type { AssertDef, ContextDef } from './pattern.js';
import { hasAncestor, parentIs, type CiiIndex } from './cii-index.js';
import { nsv } from './cii-xpath.js';
import { fatal } from './assert.js';
import { EAS } from '../shared/eas.codes.js';
import { ISO3166 } from '../shared/iso3166.codes.js';
import { ISO4217 } from '../shared/iso4217.codes.js';
import { icdAccepted } from '../shared/iso6523.codes.js';
import { ATTACHMENT_MIME_TYPES } from '../shared/mime.codes.js';
import { REC20_REC21 } from '../shared/rec20.codes.js';
import { UNCL1001_CREDIT_NOTE, UNCL1001_INVOICE } from '../shared/uncl1001.codes.js';
import { UNCL1153 } from '../shared/uncl1153.codes.js';
import { UNCL4451_SEARCH_STRING } from '../shared/uncl4451.codes.js';
import { UNCL4461 } from '../shared/uncl4461.codes.js';
import { UNCL5189 } from '../shared/uncl5189.codes.js';
import { UNCL5305 } from '../shared/uncl5305.codes.js';
import { UNCL7143 } from '../shared/uncl7143.codes.js';
import { UNCL7161 } from '../shared/uncl7161.codes.js';
import { VATEX } from '../shared/vatex.codes.js';
import { UNTDID2475_CII } from './untdid2475.codes.js';
import { isCharge } from './model-contexts.js';

/**
 * Code list rules BR-CL-* of the CII binding (the official EN16931-Codes pattern).
 * Every list test is "the normalised value contains no blank and is in the list".
 */

const attr = (n: XNode, name: string): string | null => {
  for (const a of n.attrs) if (a.local === name && a.ns === '') return a.value;
  return null;
};
const withAttr = (nodes: readonly XNode[], name: string) => nodes.filter((n) => attr(n, name) !== null);
const norm = (s: string) => s.replace(/[\t\n\r ]+/g, ' ').trim();
const inList = (set: ReadonlySet<string>, value: string) => {
  const v = norm(value);
  return !v.includes(' ') && set.has(v);
};

/** The CII document type list is the union of the invoice and credit note codes. */
const UNCL1001_ALL: ReadonlySet<string> = new Set([...UNCL1001_INVOICE, ...UNCL1001_CREDIT_NOTE]);

export const CODES_CONTEXTS: readonly ContextDef[] = [
  {
    key: 'type-code',
    select: (idx) => idx.ram('TypeCode').filter((t) => parentIs(t, 'ExchangedDocument', NS.rsm)),
  },
  { key: 'tax-total-currency', select: (idx) => withAttr(idx.ram('TaxTotalAmount'), 'currencyID') },
  { key: 'invoice-currency', select: (idx) => idx.ram('InvoiceCurrencyCode') },
  { key: 'tax-currency', select: (idx) => idx.ram('TaxCurrencyCode') },
  { key: 'due-date-type', select: (idx) => idx.ram('DueDateTypeCode') },
  { key: 'reference-type', select: (idx) => idx.ram('ReferenceTypeCode') },
  { key: 'subject-code', select: (idx) => idx.ram('SubjectCode') },
  {
    key: 'global-id',
    select: (idx) =>
      withAttr(idx.ram('GlobalID'), 'schemeID').filter(
        (g) => !hasAncestor(g, 'SpecifiedTradeProduct') && !hasAncestor(g, 'ShipToTradeParty'),
      ),
  },
  {
    key: 'scheme-id',
    select: (idx) =>
      withAttr(idx.ram('ID'), 'schemeID').filter((i) => !hasAncestor(i, 'SpecifiedTaxRegistration')),
  },
  { key: 'class-code', select: (idx) => withAttr(idx.ram('ClassCode'), 'listID') },
  { key: 'country', select: (idx) => idx.ram('CountryID') },
  { key: 'origin-country', select: (idx) => idx.ram('ID').filter((i) => parentIs(i, 'OriginTradeCountry')) },
  {
    key: 'payment-means-code',
    select: (idx) => idx.ram('TypeCode').filter((t) => parentIs(t, 'SpecifiedTradeSettlementPaymentMeans')),
  },
  {
    key: 'ac-category',
    select: (idx) => idx.ram('CategoryCode').filter((c) => parentIs(c, 'CategoryTradeTax')),
  },
  {
    key: 'tax-category',
    select: (idx) => idx.ram('CategoryCode').filter((c) => parentIs(c, 'ApplicableTradeTax')),
  },
  { key: 'allowance-reason', select: (idx) => reasonCodes(idx, false) },
  { key: 'charge-reason', select: (idx) => reasonCodes(idx, true) },
  {
    key: 'item-global-id',
    select: (idx) =>
      withAttr(idx.ram('GlobalID'), 'schemeID').filter((g) => parentIs(g, 'SpecifiedTradeProduct')),
  },
  { key: 'exemption-code', select: (idx) => idx.ram('ExemptionReasonCode') },
  {
    key: 'unit-code',
    select: (idx) =>
      // Both names end in 'Quantity': the index's suffix list has them in document order.
      withAttr(
        idx.suffix.Quantity.filter((n) => n.local === 'BasisQuantity' || n.local === 'BilledQuantity'),
        'unitCode',
      ),
  },
  { key: 'mime-code', select: (idx) => withAttr(idx.ram('AttachmentBinaryObject'), 'mimeCode') },
  {
    key: 'endpoint-scheme',
    select: (idx) =>
      withAttr(idx.ram('URIID'), 'schemeID').filter((u) => parentIs(u, 'URIUniversalCommunication')),
  },
  {
    key: 'ship-to-global-id',
    select: (idx) =>
      withAttr(idx.ram('GlobalID'), 'schemeID').filter(
        (g) => parentIs(g, 'ShipToTradeParty') && parentIs(g.parent!, 'ApplicableHeaderTradeDelivery'),
      ),
  },
];

function reasonCodes(idx: CiiIndex, charge: boolean): XNode[] {
  return idx
    .ram('ReasonCode')
    .filter((r) => parentIs(r, 'SpecifiedTradeAllowanceCharge') && isCharge(r.parent!, charge));
}

const icd = (v: string | null) => v !== null && !norm(v).includes(' ') && icdAccepted(norm(v));

export const BR_CL_RULES: readonly AssertDef[] = [
  fatal(
    'type-code',
    'BR-CL-01',
    'The document type code (BT-3) must be an invoice or credit note code of UNTDID 1001.',
    'Der Rechnungstyp-Code (BT-3) muss ein Rechnungs- oder Gutschriftcode aus UNTDID 1001 sein.',
    (n) => inList(UNCL1001_ALL, nsv(n)),
  ),
  fatal(
    'tax-total-currency',
    'BR-CL-03',
    'currencyID must be coded using ISO code list 4217 alpha-3.',
    'currencyID muss ein Währungscode nach ISO 4217 alpha-3 sein.',
    (n) => inList(ISO4217, attr(n, 'currencyID') ?? ''),
  ),
  fatal(
    'invoice-currency',
    'BR-CL-04',
    'Invoice currency code (BT-5) must be coded using ISO code list 4217 alpha-3.',
    'Der Währungscode der Rechnung (BT-5) muss nach ISO 4217 alpha-3 angegeben werden.',
    (n) => inList(ISO4217, nsv(n)),
  ),
  fatal(
    'tax-currency',
    'BR-CL-05',
    'Tax currency code (BT-6) must be coded using ISO code list 4217 alpha-3.',
    'Der Code der Umsatzsteuer-Buchungswährung (BT-6) muss nach ISO 4217 alpha-3 angegeben werden.',
    (n) => inList(ISO4217, nsv(n)),
  ),
  fatal(
    'due-date-type',
    'BR-CL-06',
    'Value added tax point date code (BT-8) must be coded using a restriction of UNTDID 2475 (5, 29, 72).',
    'Der Code für das Steuerdatum (BT-8) muss aus der Einschränkung von UNTDID 2475 stammen (5, 29, 72).',
    (n) => inList(UNTDID2475_CII, nsv(n)),
  ),
  fatal(
    'reference-type',
    'BR-CL-07',
    'Object identifier identification scheme identifier (BT-18-1) must be coded using a restriction of UNTDID 1153.',
    'Die Schemakennung der Objektkennung (BT-18-1) muss aus UNTDID 1153 stammen.',
    (n) => inList(UNCL1153, nsv(n)),
  ),
  fatal(
    'subject-code',
    'BR-CL-08',
    'Invoice note subject code (BT-21) must be coded using a restriction of UNTDID 4451.',
    'Der Betreff-Code der Bemerkung (BT-21) muss aus UNTDID 4451 stammen.',
    (n) => {
      const v = nsv(n);
      return !v.includes(' ') && UNCL4451_SEARCH_STRING.includes(` ${v} `);
    },
  ),
  fatal(
    'global-id',
    'BR-CL-10',
    'Any identifier identification scheme identifier must be coded using one of the ISO 6523 ICD list.',
    'Jede Schemakennung einer Kennung muss aus der ISO 6523 ICD-Liste stammen.',
    (n) => icd(attr(n, 'schemeID')),
  ),
  fatal(
    'scheme-id',
    'BR-CL-11',
    'Any registration identifier identification scheme identifier must be coded using one of the ISO 6523 ICD list.',
    'Jede Schemakennung einer Registernummer muss aus der ISO 6523 ICD-Liste stammen.',
    (n) => icd(attr(n, 'schemeID')),
  ),
  fatal(
    'class-code',
    'BR-CL-13',
    'Item classification identifier identification scheme identifier (BT-158-1) must be coded using one of the UNTDID 7143 list.',
    'Die Schemakennung der Artikelklassifizierung (BT-158-1) muss aus UNTDID 7143 stammen.',
    (n) => inList(UNCL7143, attr(n, 'listID') ?? ''),
  ),
  fatal(
    'country',
    'BR-CL-14',
    'Country codes in an invoice must be coded using ISO code list 3166-1.',
    'Ländercodes müssen nach ISO 3166-1 angegeben werden.',
    (n) => inList(ISO3166, nsv(n)),
  ),
  fatal(
    'origin-country',
    'BR-CL-15',
    'Country codes in an invoice must be coded using ISO code list 3166-1 (BT-159).',
    'Ländercodes müssen nach ISO 3166-1 angegeben werden (BT-159).',
    (n) => inList(ISO3166, nsv(n)),
  ),
  fatal(
    'payment-means-code',
    'BR-CL-16',
    'Payment means (BT-81) must be coded using UNTDID 4461 code list.',
    'Die Zahlungsart (BT-81) muss aus UNTDID 4461 stammen.',
    (n) => inList(UNCL4461, nsv(n)),
  ),
  fatal(
    'ac-category',
    'BR-CL-17',
    'Invoice tax categories (BT-95, BT-102) must be coded using UNCL 5305 code list.',
    'Umsatzsteuerkategorien (BT-95, BT-102) müssen aus UNCL 5305 stammen.',
    (n) => inList(UNCL5305, nsv(n)),
  ),
  fatal(
    'tax-category',
    'BR-CL-18',
    'Invoice tax categories (BT-118, BT-151) must be coded using UNCL 5305 code list.',
    'Umsatzsteuerkategorien (BT-118, BT-151) müssen aus UNCL 5305 stammen.',
    (n) => inList(UNCL5305, nsv(n)),
  ),
  fatal(
    'allowance-reason',
    'BR-CL-19',
    'Coded allowance reasons (BT-98, BT-140) must belong to the UNCL 5189 code list.',
    'Codierte Nachlassgründe (BT-98, BT-140) müssen aus UNCL 5189 stammen.',
    (n) => inList(UNCL5189, nsv(n)),
  ),
  fatal(
    'charge-reason',
    'BR-CL-20',
    'Coded charge reasons (BT-105, BT-145) must belong to the UNCL 7161 code list.',
    'Codierte Zuschlagsgründe (BT-105, BT-145) müssen aus UNCL 7161 stammen.',
    (n) => inList(UNCL7161, nsv(n)),
  ),
  fatal(
    'item-global-id',
    'BR-CL-21',
    'Item standard identifier scheme identifier (BT-157-1) must belong to the ISO 6523 ICD code list.',
    'Die Schemakennung der Artikelkennung (BT-157-1) muss aus der ISO 6523 ICD-Liste stammen.',
    (n) => icd(attr(n, 'schemeID')),
  ),
  fatal(
    'exemption-code',
    'BR-CL-22',
    'Tax exemption reason code (BT-121) must belong to the CEF VATEX code list.',
    'Der Code für den Befreiungsgrund (BT-121) muss aus der CEF-VATEX-Liste stammen.',
    (n) => inList(VATEX, nsv(n).toUpperCase()),
  ),
  fatal(
    'unit-code',
    'BR-CL-23',
    'Unit code (BT-130, BT-150) must be coded according to the UN/ECE Recommendation 20 with Rec 21 extension.',
    'Der Einheitencode (BT-130, BT-150) muss nach UN/ECE-Empfehlung 20 mit Erweiterung 21 angegeben werden.',
    (n) => inList(REC20_REC21, attr(n, 'unitCode') ?? ''),
  ),
  fatal(
    'mime-code',
    'BR-CL-24',
    'The attachment mime code (BT-125-1) must be one of the allowed MIME media types.',
    'Der MIME-Typ des Anhangs (BT-125-1) muss einer der zulässigen Typen sein.',
    (n) => ATTACHMENT_MIME_TYPES.has(attr(n, 'mimeCode') ?? ''),
  ),
  fatal(
    'endpoint-scheme',
    'BR-CL-25',
    'Endpoint identifier scheme identifier (BT-34-1, BT-49-1) must belong to the CEF EAS code list.',
    'Die Schemakennung der elektronischen Adresse (BT-34-1, BT-49-1) muss aus der CEF-EAS-Liste stammen.',
    (n) => inList(EAS, attr(n, 'schemeID') ?? ''),
  ),
  fatal(
    'ship-to-global-id',
    'BR-CL-26',
    'Delivery location identifier scheme identifier (BT-71-1) must belong to the ISO 6523 ICD code list.',
    'Die Schemakennung der Lieferortkennung (BT-71-1) muss aus der ISO 6523 ICD-Liste stammen.',
    (n) => icd(attr(n, 'schemeID')),
  ),
];

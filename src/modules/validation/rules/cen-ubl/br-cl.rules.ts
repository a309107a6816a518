import type { Rule } from '../rule.js';
import type { XNode } from '../../xml/xnode.js';
import { stringValue } from '../../xml/query.js';
import { EAS } from '../shared/eas.codes.js';
import { ISO3166 } from '../shared/iso3166.codes.js';
import { ISO4217 } from '../shared/iso4217.codes.js';
import { icdAccepted } from '../shared/iso6523.codes.js';
import { ATTACHMENT_MIME_TYPES } from '../shared/mime.codes.js';
import { REC20_REC21 } from '../shared/rec20.codes.js';
import { UNCL1001_CREDIT_NOTE, UNCL1001_INVOICE } from '../shared/uncl1001.codes.js';
import { UNCL1153 } from '../shared/uncl1153.codes.js';
import { UNCL2005_VAT_DATE } from '../shared/uncl2005.codes.js';
import { UNCL4461 } from '../shared/uncl4461.codes.js';
import { UNCL5189 } from '../shared/uncl5189.codes.js';
import { UNCL5305 } from '../shared/uncl5305.codes.js';
import { UNCL7143 } from '../shared/uncl7143.codes.js';
import { UNCL7161 } from '../shared/uncl7161.codes.js';
import { VATEX } from '../shared/vatex.codes.js';
import { inCodeList, nsp } from '../shared/xpath-values.js';
import { attrValue } from './br.rules.js';
import { assertRule, hasName, pathContext } from './rule-kit.js';
import type { UblIndex } from './ubl-index.js';
import { chargeIs, kids, matchSafe } from './ubl-values.js';

/**
 * Code list rules BR-CL-* of EN 16931 1.3.16 (the "Codesmodel" pattern, UBL binding).
 * Membership follows the official idiom: the normalised value, without inner blanks, must
 * be one of the codes.
 */

type Ctx = (ix: UblIndex) => readonly XNode[];

function codeRule(
  id: string,
  bt: string[],
  context: Ctx,
  de: string,
  en: string,
  test: (n: XNode) => boolean,
): Rule {
  return assertRule({ id, flag: 'fatal', bt, de, en, context, test });
}

const withAttr =
  (base: Ctx, attr: string): Ctx =>
  (ix) =>
    base(ix).filter((n) => attrValue(n, attr) !== null);

const attrIn = (attr: string, codes: ReadonlySet<string>) => (n: XNode) =>
  inCodeList(codes, attrValue(n, attr) ?? '');
const textIn = (codes: ReadonlySet<string>) => (n: XNode) => inCodeList(codes, stringValue(n));
const icdAttr = (n: XNode): boolean => {
  const v = nsp(attrValue(n, 'schemeID') ?? '');
  return v !== '' && !v.includes(' ') && icdAccepted(v);
};

const AMOUNT_ELEMENTS = [
  'cbc:Amount',
  'cbc:BaseAmount',
  'cbc:PriceAmount',
  'cbc:TaxAmount',
  'cbc:TaxableAmount',
  'cbc:LineExtensionAmount',
  'cbc:TaxExclusiveAmount',
  'cbc:TaxInclusiveAmount',
  'cbc:AllowanceTotalAmount',
  'cbc:ChargeTotalAmount',
  'cbc:PrepaidAmount',
  'cbc:PayableRoundingAmount',
  'cbc:PayableAmount',
];

const invoicedObjectIds: Ctx = (ix) =>
  pathContext('cac:AdditionalDocumentReference|cac:DocumentReference/cbc:ID')(ix).filter(
    (id) =>
      attrValue(id, 'schemeID') !== null &&
      kids(id.parent, 'cbc:DocumentTypeCode').some((c) => stringValue(c) === '130'),
  );

const reasonCodes =
  (charge: boolean): Ctx =>
  (ix) =>
    ix
      .named('cbc:AllowanceChargeReasonCode')
      .filter(
        matchSafe(
          (n: XNode) =>
            n.parent !== null && hasName(n.parent, 'cac:AllowanceCharge') && chargeIs(n.parent, charge),
        ),
      );

export const brClRules: readonly Rule[] = [
  codeRule(
    'BR-CL-01',
    ['BT-3'],
    (ix) =>
      [...ix.named('cbc:InvoiceTypeCode'), ...ix.named('cbc:CreditNoteTypeCode')].sort(
        (a, b) => a.line - b.line,
      ),
    'Der Rechnungstyp-Code (BT-3) muss aus der Liste UNTDID 1001 für Rechnungen bzw. Gutschriften stammen.',
    'The invoice type code (BT-3) must come from the UNTDID 1001 invoice or credit note subset.',
    (n) =>
      inCodeList(n.local === 'InvoiceTypeCode' ? UNCL1001_INVOICE : UNCL1001_CREDIT_NOTE, stringValue(n)),
  ),
  codeRule(
    'BR-CL-03',
    ['BT-5'],
    (ix) => AMOUNT_ELEMENTS.flatMap((q) => ix.named(q)),
    'Das Attribut currencyID eines Betrags muss ein Währungscode nach ISO 4217 sein.',
    'The currencyID attribute of an amount must be an ISO 4217 currency code.',
    attrIn('currencyID', ISO4217),
  ),
  codeRule(
    'BR-CL-04',
    ['BT-5'],
    (ix) => ix.named('cbc:DocumentCurrencyCode'),
    'Der Währungscode der Rechnung (BT-5) muss nach ISO 4217 codiert sein.',
    'The invoice currency code (BT-5) must be an ISO 4217 code.',
    textIn(ISO4217),
  ),
  codeRule(
    'BR-CL-05',
    ['BT-6'],
    (ix) => ix.named('cbc:TaxCurrencyCode'),
    'Der Code der Umsatzsteuer-Buchungswährung (BT-6) muss nach ISO 4217 codiert sein.',
    'The VAT accounting currency code (BT-6) must be an ISO 4217 code.',
    textIn(ISO4217),
  ),
  codeRule(
    'BR-CL-06',
    ['BT-8'],
    pathContext('cac:InvoicePeriod/cbc:DescriptionCode'),
    'Der Code für das Steuerfälligkeitsdatum (BT-8) muss 3, 35 oder 432 sein (UNTDID 2005).',
    'The VAT point date code (BT-8) must be 3, 35 or 432 (UNTDID 2005).',
    textIn(UNCL2005_VAT_DATE),
  ),
  codeRule(
    'BR-CL-07',
    ['BT-18-1'],
    invoicedObjectIds,
    'Das Schema der Objektkennung (BT-18-1) muss aus UNTDID 1153 stammen.',
    'The invoiced object identifier scheme (BT-18-1) must come from UNTDID 1153.',
    attrIn('schemeID', UNCL1153),
  ),
  codeRule(
    'BR-CL-10',
    ['BT-29-1', 'BT-46-1', 'BT-60-1'],
    withAttr(pathContext('cac:PartyIdentification/cbc:ID'), 'schemeID'),
    'Das Schema einer Kennung (Attribut schemeID) muss aus der ISO/IEC-6523-ICD-Liste stammen (SEPA nur für Verkäufer und Zahlungsempfänger).',
    'The identifier scheme (attribute schemeID) must come from the ISO/IEC 6523 ICD list (SEPA only for seller and payee).',
    (n) => {
      if (icdAttr(n)) return true;
      const v = nsp(attrValue(n, 'schemeID') ?? '');
      if (v !== 'SEPA') return false;
      for (let p = n.parent; p; p = p.parent)
        if (hasName(p, 'cac:AccountingSupplierParty') || hasName(p, 'cac:PayeeParty')) return true;
      return false;
    },
  ),
  codeRule(
    'BR-CL-11',
    ['BT-30-1', 'BT-47-1', 'BT-61-1'],
    withAttr(pathContext('cac:PartyLegalEntity/cbc:CompanyID'), 'schemeID'),
    'Das Schema einer Registernummer (Attribut schemeID) muss aus der ISO/IEC-6523-ICD-Liste stammen.',
    'The registration identifier scheme (attribute schemeID) must come from the ISO/IEC 6523 ICD list.',
    icdAttr,
  ),
  codeRule(
    'BR-CL-13',
    ['BT-158-1'],
    withAttr(pathContext('cac:CommodityClassification/cbc:ItemClassificationCode'), 'listID'),
    'Das Schema der Artikelklassifizierung (BT-158-1) muss aus UNTDID 7143 stammen.',
    'The item classification scheme (BT-158-1) must come from UNTDID 7143.',
    attrIn('listID', UNCL7143),
  ),
  codeRule(
    'BR-CL-14',
    ['BT-40', 'BT-55', 'BT-69', 'BT-80'],
    pathContext('cac:Country/cbc:IdentificationCode'),
    'Ländercodes müssen nach ISO 3166-1 alpha-2 codiert sein.',
    'Country codes must be ISO 3166-1 alpha-2 codes.',
    textIn(ISO3166),
  ),
  codeRule(
    'BR-CL-15',
    ['BT-159'],
    pathContext('cac:OriginCountry/cbc:IdentificationCode'),
    'Das Ursprungsland des Artikels (BT-159) muss nach ISO 3166-1 alpha-2 codiert sein.',
    'The item country of origin (BT-159) must be an ISO 3166-1 alpha-2 code.',
    textIn(ISO3166),
  ),
  codeRule(
    'BR-CL-16',
    ['BT-81'],
    pathContext('cac:PaymentMeans/cbc:PaymentMeansCode'),
    'Der Code der Zahlungsart (BT-81) muss aus UNTDID 4461 stammen.',
    'The payment means code (BT-81) must come from UNTDID 4461.',
    textIn(UNCL4461),
  ),
  codeRule(
    'BR-CL-17',
    ['BT-95', 'BT-102', 'BT-118'],
    pathContext('cac:TaxCategory/cbc:ID'),
    'Umsatzsteuer-Kategoriecodes müssen aus UNTDID 5305 stammen (S, Z, E, AE, K, G, O, L, M, B).',
    'VAT category codes must come from UNTDID 5305 (S, Z, E, AE, K, G, O, L, M, B).',
    textIn(UNCL5305),
  ),
  codeRule(
    'BR-CL-18',
    ['BT-151'],
    pathContext('cac:ClassifiedTaxCategory/cbc:ID'),
    'Der Umsatzsteuer-Kategoriecode der Position (BT-151) muss aus UNTDID 5305 stammen.',
    'The invoiced item VAT category code (BT-151) must come from UNTDID 5305.',
    textIn(UNCL5305),
  ),
  codeRule(
    'BR-CL-19',
    ['BT-98', 'BT-140'],
    reasonCodes(false),
    'Der Grund-Code eines Nachlasses (BT-98, BT-140) muss aus UNTDID 5189 stammen.',
    'An allowance reason code (BT-98, BT-140) must come from UNTDID 5189.',
    textIn(UNCL5189),
  ),
  codeRule(
    'BR-CL-20',
    ['BT-105', 'BT-145'],
    reasonCodes(true),
    'Der Grund-Code eines Zuschlags (BT-105, BT-145) muss aus UNTDID 7161 stammen.',
    'A charge reason code (BT-105, BT-145) must come from UNTDID 7161.',
    textIn(UNCL7161),
  ),
  codeRule(
    'BR-CL-21',
    ['BT-157-1'],
    withAttr(pathContext('cac:StandardItemIdentification/cbc:ID'), 'schemeID'),
    'Das Schema der Standard-Artikelkennung (BT-157-1) muss aus der ISO/IEC-6523-ICD-Liste stammen.',
    'The item standard identifier scheme (BT-157-1) must come from the ISO/IEC 6523 ICD list.',
    icdAttr,
  ),
  codeRule(
    'BR-CL-22',
    ['BT-121'],
    (ix) => ix.named('cbc:TaxExemptionReasonCode'),
    'Der Befreiungsgrund-Code (BT-121) muss aus der VATEX-Liste stammen.',
    'The VAT exemption reason code (BT-121) must come from the VATEX code list.',
    (n) => inCodeList(VATEX, stringValue(n).toUpperCase()),
  ),
  codeRule(
    'BR-CL-23',
    ['BT-130', 'BT-150'],
    (ix) =>
      [
        ...ix.named('cbc:InvoicedQuantity'),
        ...ix.named('cbc:BaseQuantity'),
        ...ix.named('cbc:CreditedQuantity'),
      ].filter((n) => attrValue(n, 'unitCode') !== null),
    'Einheitencodes (Attribut unitCode) müssen aus UN/ECE-Empfehlung 20 oder 21 stammen.',
    'Unit codes (attribute unitCode) must come from UN/ECE Recommendation 20 or 21.',
    attrIn('unitCode', REC20_REC21),
  ),
  codeRule(
    'BR-CL-24',
    ['BT-125-1'],
    (ix) => ix.named('cbc:EmbeddedDocumentBinaryObject').filter((n) => attrValue(n, 'mimeCode') !== null),
    'Der MIME-Typ eines Anhangs (BT-125-1) muss application/pdf, image/png, image/jpeg, text/csv, xlsx oder ods sein.',
    'The MIME type of an attachment (BT-125-1) must be application/pdf, image/png, image/jpeg, text/csv, xlsx or ods.',
    (n) => ATTACHMENT_MIME_TYPES.has(attrValue(n, 'mimeCode') ?? ''),
  ),
  codeRule(
    'BR-CL-25',
    ['BT-34-1', 'BT-49-1'],
    (ix) => ix.named('cbc:EndpointID').filter((n) => attrValue(n, 'schemeID') !== null),
    'Das Schema der elektronischen Adresse (BT-34-1, BT-49-1) muss aus der EAS-Liste stammen.',
    'The electronic address scheme (BT-34-1, BT-49-1) must come from the EAS code list.',
    attrIn('schemeID', EAS),
  ),
  codeRule(
    'BR-CL-26',
    ['BT-71-1'],
    withAttr(pathContext('cac:DeliveryLocation/cbc:ID'), 'schemeID'),
    'Das Schema der Lieferort-Kennung (BT-71-1) muss aus der ISO/IEC-6523-ICD-Liste stammen.',
    'The delivery location identifier scheme (BT-71-1) must come from the ISO/IEC 6523 ICD list.',
    icdAttr,
  ),
];

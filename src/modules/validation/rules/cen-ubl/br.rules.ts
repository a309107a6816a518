import type { Rule } from '../rule.js';
import type { XNode } from '../../xml/xnode.js';
import { stringValue } from '../../xml/query.js';
import { dateKey, nsp } from '../shared/xpath-values.js';
import type { UblIndex } from './ubl-index.js';
import { assertRule, atRoot, everywhere, pathContext, Undecidable } from './rule-kit.js';
import { anyNum, count, filled, has, isVat, kids, nspOf, single } from './ubl-values.js';

/**
 * EN 16931 core business rules BR-01 … BR-67 in the UBL binding (Invoice and CreditNote),
 * each with the context and test of the official 1.3.16 Schematron.
 */

const root = atRoot;

function present(
  id: string,
  bt: string[],
  context: (ix: UblIndex) => readonly XNode[],
  de: string,
  en: string,
  test: (n: XNode, ix: UblIndex) => boolean,
): Rule {
  return assertRule({ id, flag: 'fatal', bt, de, en, context, test });
}

const line = pathContext('cac:InvoiceLine|cac:CreditNoteLine');

/** `xs:date(a) >= xs:date(b)` with the official "only if both exist" guard. */
function periodOk(p: XNode): boolean {
  const start = single(p, 'cbc:StartDate');
  const end = single(p, 'cbc:EndDate');
  if (!start || !end) return true;
  const s = dateKey(stringValue(start));
  const e = dateKey(stringValue(end));
  if (s === null) throw new Undecidable(start, 'not an xs:date');
  if (e === null) throw new Undecidable(end, 'not an xs:date');
  return e >= s;
}

/** Existential string equality of two node sets (XPath general `=` on untyped nodes). */
function anyEqual(a: readonly XNode[], b: readonly XNode[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  const right = new Set(b.map(stringValue));
  return a.some((n) => right.has(stringValue(n)));
}

export const brRules: readonly Rule[] = [
  present(
    'BR-01',
    ['BT-24'],
    root,
    'Die Spezifikationskennung (BT-24, cbc:CustomizationID) fehlt oder ist leer.',
    'The specification identifier (BT-24, cbc:CustomizationID) is missing or empty.',
    (n) => filled(n, 'cbc:CustomizationID'),
  ),
  present(
    'BR-02',
    ['BT-1'],
    root,
    'Die Rechnungsnummer (BT-1, cbc:ID) fehlt oder ist leer.',
    'The invoice number (BT-1, cbc:ID) is missing or empty.',
    (n) => filled(n, 'cbc:ID'),
  ),
  present(
    'BR-03',
    ['BT-2'],
    root,
    'Das Rechnungsdatum (BT-2, cbc:IssueDate) fehlt.',
    'The invoice issue date (BT-2, cbc:IssueDate) is missing.',
    (n) => filled(n, 'cbc:IssueDate'),
  ),
  present(
    'BR-04',
    ['BT-3'],
    root,
    'Der Rechnungstyp-Code (BT-3) fehlt.',
    'The invoice type code (BT-3) is missing.',
    (n) => filled(n, 'cbc:InvoiceTypeCode') || filled(n, 'cbc:CreditNoteTypeCode'),
  ),
  present(
    'BR-05',
    ['BT-5'],
    root,
    'Der Währungscode der Rechnung (BT-5, cbc:DocumentCurrencyCode) fehlt.',
    'The invoice currency code (BT-5, cbc:DocumentCurrencyCode) is missing.',
    (n) => filled(n, 'cbc:DocumentCurrencyCode'),
  ),
  present(
    'BR-06',
    ['BT-27'],
    root,
    'Der Name des Verkäufers (BT-27, PartyLegalEntity/RegistrationName) fehlt.',
    'The seller name (BT-27, PartyLegalEntity/RegistrationName) is missing.',
    (n) => filled(n, 'cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName'),
  ),
  present(
    'BR-07',
    ['BT-44'],
    root,
    'Der Name des Käufers (BT-44, PartyLegalEntity/RegistrationName) fehlt.',
    'The buyer name (BT-44, PartyLegalEntity/RegistrationName) is missing.',
    (n) => filled(n, 'cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName'),
  ),
  present(
    'BR-08',
    ['BG-5'],
    root,
    'Die Postanschrift des Verkäufers (BG-5) fehlt.',
    'The seller postal address (BG-5) is missing.',
    (n) => has(n, 'cac:AccountingSupplierParty/cac:Party/cac:PostalAddress'),
  ),
  present(
    'BR-09',
    ['BT-40', 'BG-5'],
    pathContext('cac:AccountingSupplierParty/cac:Party/cac:PostalAddress'),
    'In der Anschrift des Verkäufers fehlt der Ländercode (BT-40).',
    'The seller postal address lacks the country code (BT-40).',
    (n) => filled(n, 'cac:Country/cbc:IdentificationCode'),
  ),
  present(
    'BR-10',
    ['BG-8'],
    root,
    'Die Postanschrift des Käufers (BG-8) fehlt.',
    'The buyer postal address (BG-8) is missing.',
    (n) => has(n, 'cac:AccountingCustomerParty/cac:Party/cac:PostalAddress'),
  ),
  present(
    'BR-11',
    ['BT-55', 'BG-8'],
    pathContext('cac:AccountingCustomerParty/cac:Party/cac:PostalAddress'),
    'In der Anschrift des Käufers fehlt der Ländercode (BT-55).',
    'The buyer postal address lacks the country code (BT-55).',
    (n) => filled(n, 'cac:Country/cbc:IdentificationCode'),
  ),
  present(
    'BR-12',
    ['BT-106'],
    everywhere('cac:LegalMonetaryTotal'),
    'Die Summe der Nettobeträge der Rechnungspositionen (BT-106) fehlt.',
    'The sum of invoice line net amounts (BT-106) is missing.',
    (n) => has(n, 'cbc:LineExtensionAmount'),
  ),
  present(
    'BR-13',
    ['BT-109'],
    everywhere('cac:LegalMonetaryTotal'),
    'Der Gesamtbetrag ohne Umsatzsteuer (BT-109) fehlt.',
    'The invoice total amount without VAT (BT-109) is missing.',
    (n) => has(n, 'cbc:TaxExclusiveAmount'),
  ),
  present(
    'BR-14',
    ['BT-112'],
    everywhere('cac:LegalMonetaryTotal'),
    'Der Gesamtbetrag einschließlich Umsatzsteuer (BT-112) fehlt.',
    'The invoice total amount with VAT (BT-112) is missing.',
    (n) => has(n, 'cbc:TaxInclusiveAmount'),
  ),
  present(
    'BR-15',
    ['BT-115'],
    everywhere('cac:LegalMonetaryTotal'),
    'Der fällige Zahlungsbetrag (BT-115) fehlt.',
    'The amount due for payment (BT-115) is missing.',
    (n) => has(n, 'cbc:PayableAmount'),
  ),
  present(
    'BR-16',
    ['BG-25'],
    root,
    'Die Rechnung enthält keine Rechnungsposition (BG-25).',
    'The invoice has no invoice line (BG-25).',
    (n) => has(n, 'cac:InvoiceLine') || has(n, 'cac:CreditNoteLine'),
  ),
  present(
    'BR-17',
    ['BT-59', 'BG-10'],
    everywhere('cac:PayeeParty'),
    'Ist ein vom Verkäufer abweichender Zahlungsempfänger (BG-10) angegeben, muss sein Name (BT-59) vorhanden sein und er darf nicht mit dem Verkäufer übereinstimmen.',
    "A payee (BG-10) different from the seller needs a payee name (BT-59) and must not repeat the seller's name or identifier.",
    (n) => {
      if (!has(n, 'cac:PartyName/cbc:Name')) return false;
      const seller = n.parent ? kids(n.parent, 'cac:AccountingSupplierParty/cac:Party') : [];
      const sellerNames = seller.flatMap((p) => kids(p, 'cac:PartyName/cbc:Name'));
      const sellerIds = seller.flatMap((p) => kids(p, 'cac:PartyIdentification/cbc:ID'));
      return (
        !anyEqual(kids(n, 'cac:PartyName/cbc:Name'), sellerNames) &&
        !anyEqual(kids(n, 'cac:PartyIdentification/cbc:ID'), sellerIds)
      );
    },
  ),
  present(
    'BR-18',
    ['BT-62', 'BG-11'],
    everywhere('cac:TaxRepresentativeParty'),
    'Der Name des Steuervertreters des Verkäufers (BT-62) fehlt.',
    'The seller tax representative name (BT-62) is missing.',
    (n) => filled(n, 'cac:PartyName/cbc:Name'),
  ),
  present(
    'BR-19',
    ['BG-12', 'BG-11'],
    everywhere('cac:TaxRepresentativeParty'),
    'Die Postanschrift des Steuervertreters (BG-12) fehlt.',
    'The seller tax representative postal address (BG-12) is missing.',
    (n) => has(n, 'cac:PostalAddress'),
  ),
  present(
    'BR-20',
    ['BT-69', 'BG-12'],
    pathContext('cac:TaxRepresentativeParty/cac:PostalAddress'),
    'In der Anschrift des Steuervertreters fehlt der Ländercode (BT-69).',
    'The tax representative postal address lacks the country code (BT-69).',
    (n) => filled(n, 'cac:Country/cbc:IdentificationCode'),
  ),
  present(
    'BR-21',
    ['BT-126', 'BG-25'],
    line,
    'Eine Rechnungsposition hat keine Positionsnummer (BT-126).',
    'An invoice line has no line identifier (BT-126).',
    (n) => filled(n, 'cbc:ID'),
  ),
  present(
    'BR-22',
    ['BT-129', 'BG-25'],
    line,
    'Eine Rechnungsposition hat keine Menge (BT-129).',
    'An invoice line has no invoiced quantity (BT-129).',
    (n) => has(n, 'cbc:InvoicedQuantity') || has(n, 'cbc:CreditedQuantity'),
  ),
  present(
    'BR-23',
    ['BT-130', 'BG-25'],
    line,
    'Die Menge einer Rechnungsposition hat keine Einheit (BT-130, Attribut unitCode).',
    'The invoiced quantity of a line has no unit of measure (BT-130, attribute unitCode).',
    (n) =>
      [...kids(n, 'cbc:InvoicedQuantity'), ...kids(n, 'cbc:CreditedQuantity')].some((q) =>
        q.attrs.some((a) => a.local === 'unitCode' && a.ns === ''),
      ),
  ),
  present(
    'BR-24',
    ['BT-131', 'BG-25'],
    line,
    'Eine Rechnungsposition hat keinen Nettobetrag (BT-131).',
    'An invoice line has no line net amount (BT-131).',
    (n) => has(n, 'cbc:LineExtensionAmount'),
  ),
  present(
    'BR-25',
    ['BT-153', 'BG-25'],
    line,
    'Eine Rechnungsposition hat keinen Artikelnamen (BT-153).',
    'An invoice line has no item name (BT-153).',
    (n) => filled(n, 'cac:Item/cbc:Name'),
  ),
  present(
    'BR-26',
    ['BT-146', 'BG-25'],
    line,
    'Eine Rechnungsposition hat keinen Nettopreis (BT-146).',
    'An invoice line has no item net price (BT-146).',
    (n) => has(n, 'cac:Price/cbc:PriceAmount'),
  ),
  present(
    'BR-27',
    ['BT-146'],
    line,
    'Der Nettopreis eines Artikels (BT-146) darf nicht negativ sein (und muss angegeben sein).',
    'The item net price (BT-146) must not be negative (and must be given).',
    (n) => anyNum(n, 'cac:Price/cbc:PriceAmount', (v) => v >= 0),
  ),
  present(
    'BR-28',
    ['BT-148'],
    line,
    'Der Bruttopreis eines Artikels (BT-148) darf nicht negativ sein.',
    'The item gross price (BT-148) must not be negative.',
    (n) =>
      anyNum(n, 'cac:Price/cac:AllowanceCharge/cbc:BaseAmount', (v) => v >= 0) ||
      !has(n, 'cac:Price/cac:AllowanceCharge/cbc:BaseAmount'),
  ),
  present(
    'BR-29',
    ['BT-73', 'BT-74', 'BG-14'],
    invoicePeriods,
    'Das Ende des Rechnungszeitraums (BT-74) liegt vor seinem Beginn (BT-73).',
    'The invoicing period end date (BT-74) is before its start date (BT-73).',
    periodOk,
  ),
  present(
    'BR-30',
    ['BT-134', 'BT-135', 'BG-26'],
    pathContext('cac:InvoiceLine|cac:CreditNoteLine/cac:InvoicePeriod'),
    'Das Ende des Abrechnungszeitraums der Position (BT-135) liegt vor seinem Beginn (BT-134).',
    'The invoice line period end date (BT-135) is before its start date (BT-134).',
    periodOk,
  ),
  present(
    'BR-CO-19',
    ['BG-14'],
    invoicePeriods,
    'Ein Rechnungszeitraum (BG-14) braucht ein Anfangs- oder Enddatum (BT-73/BT-74).',
    'An invoicing period (BG-14) needs a start or end date (BT-73/BT-74).',
    (n) => has(n, 'cbc:StartDate') || has(n, 'cbc:EndDate') || has(n, 'cbc:DescriptionCode'),
  ),
  present(
    'BR-CO-20',
    ['BG-26'],
    pathContext('cac:InvoiceLine|cac:CreditNoteLine/cac:InvoicePeriod'),
    'Ein Abrechnungszeitraum der Position (BG-26) braucht ein Anfangs- oder Enddatum (BT-134/BT-135).',
    'An invoice line period (BG-26) needs a start or end date (BT-134/BT-135).',
    (n) => has(n, 'cbc:StartDate') || has(n, 'cbc:EndDate'),
  ),
  present(
    'BR-49',
    ['BT-81', 'BG-16'],
    everywhere('cac:PaymentMeans'),
    'Eine Zahlungsanweisung (BG-16) hat keinen Code für die Zahlungsart (BT-81).',
    'A payment instruction (BG-16) has no payment means type code (BT-81).',
    (n) => has(n, 'cbc:PaymentMeansCode'),
  ),
  present(
    'BR-50',
    ['BT-84', 'BG-17'],
    creditTransferAccounts,
    'Bei Überweisung (BG-17) fehlt die Kontokennung (BT-84, IBAN).',
    'A credit transfer (BG-17) lacks the payment account identifier (BT-84, IBAN).',
    (n) => filled(n, 'cbc:ID'),
  ),
  assertRule({
    id: 'BR-51',
    flag: 'warning',
    bt: ['BT-87', 'BG-18'],
    de: 'Die Kartennummer (BT-87) sollte nicht vollständig angegeben werden; höchstens die ersten 6 und die letzten 4 Ziffern.',
    en: 'The payment card primary account number (BT-87) should not be given in full; at most the first 6 and last 4 digits.',
    context: pathContext('cac:PaymentMeans/cac:CardAccount/cbc:PrimaryAccountNumberID'),
    test: (n) => [...nsp(stringValue(n))].length <= 10,
  }),
  present(
    'BR-52',
    ['BT-122', 'BG-24'],
    everywhere('cac:AdditionalDocumentReference'),
    'Ein rechnungsbegründendes Dokument (BG-24) hat keine Kennung (BT-122).',
    'A supporting document (BG-24) has no reference (BT-122).',
    (n) => filled(n, 'cbc:ID'),
  ),
  present(
    'BR-53',
    ['BT-6', 'BT-111'],
    root,
    'Ist eine Umsatzsteuer-Buchungswährung (BT-6) angegeben, muss der Umsatzsteuerbetrag in dieser Währung (BT-111) vorhanden sein.',
    'When a VAT accounting currency (BT-6) is given, the total VAT amount in that currency (BT-111) must be present.',
    (n, ix) => {
      const amounts = ix.named('cac:TaxTotal').flatMap((t) => kids(t, 'cbc:TaxAmount'));
      return kids(n, 'cbc:TaxCurrencyCode').every((c) =>
        amounts.some((a) => attrValue(a, 'currencyID') === stringValue(c)),
      );
    },
  ),
  present(
    'BR-54',
    ['BT-160', 'BT-161', 'BG-32'],
    everywhere('cac:AdditionalItemProperty'),
    'Eine Artikeleigenschaft (BG-32) braucht Name (BT-160) und Wert (BT-161).',
    'An item attribute (BG-32) needs a name (BT-160) and a value (BT-161).',
    (n) => has(n, 'cbc:Name') && has(n, 'cbc:Value'),
  ),
  present(
    'BR-55',
    ['BT-25', 'BG-3'],
    everywhere('cac:BillingReference'),
    'Ein Verweis auf eine vorausgegangene Rechnung (BG-3) hat keine Rechnungsnummer (BT-25).',
    'A preceding invoice reference (BG-3) has no invoice number (BT-25).',
    (n) => has(n, 'cac:InvoiceDocumentReference/cbc:ID'),
  ),
  present(
    'BR-56',
    ['BT-63', 'BG-11'],
    everywhere('cac:TaxRepresentativeParty'),
    'Der Steuervertreter (BG-11) hat keine Umsatzsteuer-Identifikationsnummer (BT-63).',
    'The seller tax representative (BG-11) has no VAT identifier (BT-63).',
    (n) => kids(n, 'cac:PartyTaxScheme').some((p) => isVatScheme(p) && has(p, 'cbc:CompanyID')),
  ),
  present(
    'BR-57',
    ['BT-80', 'BG-15'],
    pathContext('cac:Delivery/cac:DeliveryLocation/cac:Address'),
    'In der Lieferanschrift (BG-15) fehlt der Ländercode (BT-80).',
    'The deliver-to address (BG-15) lacks the country code (BT-80).',
    (n) => has(n, 'cac:Country/cbc:IdentificationCode'),
  ),
  present(
    'BR-61',
    ['BT-81', 'BT-84'],
    everywhere('cac:PaymentMeans'),
    'Bei Zahlungsart Überweisung (BT-81 = 30 oder 58) muss die Kontokennung (BT-84) angegeben sein.',
    'For credit transfer (BT-81 = 30 or 58) the payment account identifier (BT-84) must be given.',
    (n) => {
      const code = nspOf(n, 'cbc:PaymentMeansCode');
      const transfer = code === '30' || code === '58';
      return (has(n, 'cac:PayeeFinancialAccount/cbc:ID') && transfer) || !transfer;
    },
  ),
  present(
    'BR-62',
    ['BT-34-1'],
    pathContext('cac:AccountingSupplierParty/cac:Party/cbc:EndpointID'),
    'Die elektronische Adresse des Verkäufers (BT-34) hat kein Schema (Attribut schemeID).',
    'The seller electronic address (BT-34) has no scheme identifier (attribute schemeID).',
    (n) => attrValue(n, 'schemeID') !== null,
  ),
  present(
    'BR-63',
    ['BT-49-1'],
    pathContext('cac:AccountingCustomerParty/cac:Party/cbc:EndpointID'),
    'Die elektronische Adresse des Käufers (BT-49) hat kein Schema (Attribut schemeID).',
    'The buyer electronic address (BT-49) has no scheme identifier (attribute schemeID).',
    (n) => attrValue(n, 'schemeID') !== null,
  ),
  present(
    'BR-64',
    ['BT-157-1'],
    pathContext('cac:InvoiceLine|cac:CreditNoteLine/cac:Item/cac:StandardItemIdentification/cbc:ID'),
    'Die Standard-Artikelkennung (BT-157) hat kein Schema (Attribut schemeID).',
    'The item standard identifier (BT-157) has no scheme identifier (attribute schemeID).',
    (n) => attrValue(n, 'schemeID') !== null,
  ),
  present(
    'BR-65',
    ['BT-158-1'],
    pathContext(
      'cac:InvoiceLine|cac:CreditNoteLine/cac:Item/cac:CommodityClassification/cbc:ItemClassificationCode',
    ),
    'Die Artikelklassifizierung (BT-158) hat kein Schema (Attribut listID).',
    'The item classification identifier (BT-158) has no scheme identifier (attribute listID).',
    (n) => attrValue(n, 'listID') !== null,
  ),
  present(
    'BR-66',
    ['BG-18'],
    root,
    'Eine Rechnung darf höchstens eine Zahlungskarte (BG-18) enthalten.',
    'An invoice may contain at most one payment card (BG-18).',
    (n) => count(n, 'cac:PaymentMeans/cac:CardAccount') <= 1,
  ),
  present(
    'BR-67',
    ['BG-19'],
    root,
    'Eine Rechnung darf höchstens ein Lastschriftmandat (BG-19) enthalten.',
    'An invoice may contain at most one direct debit mandate (BG-19).',
    (n) => count(n, 'cac:PaymentMeans/cac:PaymentMandate') <= 1,
  ),
];

/** Invoice periods outside lines: the line-period rule precedes this one in the official pattern, so line periods are not matched here. */
function invoicePeriods(ix: UblIndex): XNode[] {
  return ix
    .named('cac:InvoicePeriod')
    .filter(
      (p) =>
        !p.parent ||
        !(p.parent.local === 'InvoiceLine' || p.parent.local === 'CreditNoteLine') ||
        p.parent.ns !== CAC,
    );
}

const CAC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2';

/** The official context `cac:PaymentMeans[cbc:PaymentMeansCode='30' or …='58']/cac:PayeeFinancialAccount` (untrimmed comparison). */
function creditTransferAccounts(ix: UblIndex): XNode[] {
  return ix
    .named('cac:PayeeFinancialAccount')
    .filter(
      (a) =>
        a.parent !== null &&
        a.parent.local === 'PaymentMeans' &&
        a.parent.ns === CAC &&
        kids(a.parent, 'cbc:PaymentMeansCode').some(
          (c) => stringValue(c) === '30' || stringValue(c) === '58',
        ),
    );
}

export function attrValue(n: XNode, name: string): string | null {
  for (const a of n.attrs) if (a.local === name && a.ns === '') return a.value;
  return null;
}

/** `cac:TaxScheme/normalize-space(upper-case(cbc:ID)) = 'VAT'`. */
export function isVatScheme(n: XNode): boolean {
  return isVat(n);
}

import type { XNode } from '../../xml/xnode.js';
import type { AssertDef, Env } from './pattern.js';
import { has, kid, kids, path } from './cii-index.js';
import { anyNum, nsv, sv } from './cii-xpath.js';
import { fatal, present, singleAttr } from './assert.js';

/** Core business rules BR-01 … BR-65 in the CII binding. */

const HEAD_AGREEMENT = 'rsm:SupplyChainTradeTransaction/ApplicableHeaderTradeAgreement';
const HEAD_SETTLEMENT = 'rsm:SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement';

/** (End/DateTimeString[@format='102']) >= (Start/…) or not(End) or not(Start). */
function periodOrdered(p: XNode): boolean {
  const end = kids(p, 'EndDateTime');
  const start = kids(p, 'StartDateTime');
  if (end.length === 0 || start.length === 0) return true;
  const f = (ns: typeof end) =>
    ns
      .flatMap((n) => path(n, 'udt:DateTimeString'))
      .filter((d) => d.attrs.some((a) => a.local === 'format' && a.value === '102'));
  const e = f(end).map(sv);
  const s = f(start).map(sv);
  // Untyped against untyped compares as strings; existential over both sides.
  return e.some((x) => s.some((y) => x >= y));
}

export const BR_RULES: readonly AssertDef[] = [
  fatal(
    'root',
    'BR-01',
    'An Invoice shall have a Specification identifier (BT-24).',
    'Eine Rechnung muss eine Spezifikationskennung (BT-24) enthalten.',
    (n, e) => present(e, n, 'rsm:ExchangedDocumentContext/GuidelineSpecifiedDocumentContextParameter/ID', n),
  ),
  fatal(
    'root',
    'BR-02',
    'An Invoice shall have an Invoice number (BT-1).',
    'Eine Rechnung muss eine Rechnungsnummer (BT-1) enthalten.',
    (n, e) => present(e, n, 'rsm:ExchangedDocument/ID', n),
  ),
  fatal(
    'root',
    'BR-03',
    'An Invoice shall have an Invoice issue date (BT-2) in format 102.',
    'Eine Rechnung muss ein Rechnungsdatum (BT-2) im Format 102 enthalten.',
    (n, e) => {
      const dates = path(n, 'rsm:ExchangedDocument/IssueDateTime/udt:DateTimeString').filter((d) =>
        d.attrs.some((a) => a.local === 'format' && a.ns === '' && a.value === '102'),
      );
      if (dates.length > 1) {
        e.undecidable(n, 'more than one invoice issue date');
        return true;
      }
      return nsv(dates[0]) !== '';
    },
  ),
  fatal(
    'root',
    'BR-04',
    'An Invoice shall have an Invoice type code (BT-3).',
    'Eine Rechnung muss einen Rechnungstyp-Code (BT-3) enthalten.',
    (n, e) => present(e, n, 'rsm:ExchangedDocument/TypeCode', n),
  ),
  fatal(
    'root',
    'BR-05',
    'An Invoice shall have an Invoice currency code (BT-5).',
    'Eine Rechnung muss einen Währungscode (BT-5) enthalten.',
    (n, e) => present(e, n, `${HEAD_SETTLEMENT}/InvoiceCurrencyCode`, n),
  ),
  fatal(
    'root',
    'BR-06',
    'An Invoice shall contain the Seller name (BT-27).',
    'Eine Rechnung muss den Namen des Verkäufers (BT-27) enthalten.',
    (n, e) => present(e, n, `${HEAD_AGREEMENT}/SellerTradeParty/Name`, n),
  ),
  fatal(
    'root',
    'BR-07',
    'An Invoice shall contain the Buyer name (BT-44).',
    'Eine Rechnung muss den Namen des Käufers (BT-44) enthalten.',
    (n, e) => present(e, n, `${HEAD_AGREEMENT}/BuyerTradeParty/Name`, n),
  ),
  fatal(
    'root',
    'BR-08',
    'An Invoice shall contain the Seller postal address (BG-5).',
    'Eine Rechnung muss die Postanschrift des Verkäufers (BG-5) enthalten.',
    (n) => has(n, `${HEAD_AGREEMENT}/SellerTradeParty/PostalTradeAddress`),
  ),
  fatal(
    'root',
    'BR-09',
    'The Seller postal address (BG-5) shall contain a Seller country code (BT-40).',
    'Die Postanschrift des Verkäufers (BG-5) muss einen Ländercode (BT-40) enthalten.',
    (n, e) => present(e, n, `${HEAD_AGREEMENT}/SellerTradeParty/PostalTradeAddress/CountryID`, n),
  ),
  fatal(
    'root',
    'BR-10',
    'An Invoice shall contain the Buyer postal address (BG-8).',
    'Eine Rechnung muss die Postanschrift des Käufers (BG-8) enthalten.',
    (n) => has(n, `${HEAD_AGREEMENT}/BuyerTradeParty/PostalTradeAddress`),
  ),
  fatal(
    'root',
    'BR-11',
    'The Buyer postal address (BG-8) shall contain a Buyer country code (BT-55).',
    'Die Postanschrift des Käufers (BG-8) muss einen Ländercode (BT-55) enthalten.',
    (n, e) => present(e, n, `${HEAD_AGREEMENT}/BuyerTradeParty/PostalTradeAddress/CountryID`, n),
  ),
  fatal(
    'totals',
    'BR-12',
    'An Invoice shall have the Sum of Invoice line net amount (BT-106).',
    'Eine Rechnung muss die Summe der Nettobeträge der Positionen (BT-106) enthalten.',
    (n) => !!kid(n, 'LineTotalAmount'),
  ),
  fatal(
    'totals',
    'BR-13',
    'An Invoice shall have the Invoice total amount without VAT (BT-109).',
    'Eine Rechnung muss den Gesamtbetrag ohne Umsatzsteuer (BT-109) enthalten.',
    (n) => !!kid(n, 'TaxBasisTotalAmount'),
  ),
  fatal(
    'totals',
    'BR-14',
    'An Invoice shall have the Invoice total amount with VAT (BT-112).',
    'Eine Rechnung muss den Gesamtbetrag einschließlich Umsatzsteuer (BT-112) enthalten.',
    (n) => !!kid(n, 'GrandTotalAmount'),
  ),
  fatal(
    'totals',
    'BR-15',
    'An Invoice shall have the Amount due for payment (BT-115).',
    'Eine Rechnung muss den fälligen Zahlungsbetrag (BT-115) enthalten.',
    (n) => !!kid(n, 'DuePayableAmount'),
  ),
  fatal(
    'root',
    'BR-16',
    'An Invoice shall have at least one Invoice line (BG-25).',
    'Eine Rechnung muss mindestens eine Rechnungsposition (BG-25) enthalten.',
    (_n, e) => e.idx.ram('IncludedSupplyChainTradeLineItem').length > 0,
  ),
  fatal(
    'payee',
    'BR-17',
    'The Payee name (BT-59) shall be provided if the Payee (BG-10) is different from the Seller (BG-4).',
    'Der Name des Zahlungsempfängers (BT-59) muss angegeben werden, wenn der Zahlungsempfänger (BG-10) nicht der Verkäufer (BG-4) ist.',
    (n) => {
      if (!kid(n, 'Name')) return false;
      const seller = path(n.parent?.parent ?? null, 'ApplicableHeaderTradeAgreement/SellerTradeParty');
      const eq = (a: string, b: string) => {
        const left = path(n, a).map(sv);
        const right = new Set(seller.flatMap((s) => path(s, b)).map(sv));
        return left.some((v) => right.has(v));
      };
      return (
        !eq('Name', 'Name') &&
        !eq('ID', 'ID') &&
        !eq('SpecifiedLegalOrganization/ID', 'SpecifiedLegalOrganization/ID')
      );
    },
  ),
  fatal(
    'tax-representative',
    'BR-18',
    'The Seller tax representative name (BT-62) shall be provided if the Seller has a tax representative (BG-11).',
    'Der Name des Steuervertreters (BT-62) muss angegeben werden, wenn der Verkäufer einen Steuervertreter (BG-11) hat.',
    (n) => !!kid(n, 'Name'),
  ),
  fatal(
    'tax-representative',
    'BR-19',
    'The Seller tax representative postal address (BG-12) shall be provided if the Seller has a tax representative (BG-11).',
    'Die Postanschrift des Steuervertreters (BG-12) muss angegeben werden, wenn der Verkäufer einen Steuervertreter (BG-11) hat.',
    (n) => !!kid(n, 'PostalTradeAddress'),
  ),
  fatal(
    'tax-representative',
    'BR-20',
    'The Seller tax representative postal address (BG-12) shall contain a country code (BT-69).',
    'Die Postanschrift des Steuervertreters (BG-12) muss einen Ländercode (BT-69) enthalten.',
    (n) => has(n, 'PostalTradeAddress/CountryID'),
  ),
  fatal(
    'line',
    'BR-21',
    'Each Invoice line (BG-25) shall have an Invoice line identifier (BT-126).',
    'Jede Rechnungsposition (BG-25) muss eine Positionsnummer (BT-126) haben.',
    (n, e) => present(e, n, 'AssociatedDocumentLineDocument/LineID', n),
  ),
  fatal(
    'line',
    'BR-22',
    'Each Invoice line (BG-25) shall have an Invoiced quantity (BT-129).',
    'Jede Rechnungsposition (BG-25) muss eine Menge (BT-129) haben.',
    (n) => has(n, 'SpecifiedLineTradeDelivery/BilledQuantity'),
  ),
  fatal(
    'line',
    'BR-23',
    'An Invoice line (BG-25) shall have an Invoiced quantity unit of measure code (BT-130).',
    'Eine Rechnungsposition (BG-25) muss eine Mengeneinheit (BT-130) haben.',
    (n) =>
      path(n, 'SpecifiedLineTradeDelivery/BilledQuantity').some((q) =>
        q.attrs.some((a) => a.local === 'unitCode' && a.ns === ''),
      ),
  ),
  fatal(
    'line',
    'BR-24',
    'Each Invoice line (BG-25) shall have an Invoice line net amount (BT-131).',
    'Jede Rechnungsposition (BG-25) muss einen Nettobetrag (BT-131) haben.',
    (n) =>
      has(n, 'SpecifiedLineTradeSettlement/SpecifiedTradeSettlementLineMonetarySummation/LineTotalAmount'),
  ),
  fatal(
    'line',
    'BR-25',
    'Each Invoice line (BG-25) shall contain the Item name (BT-153).',
    'Jede Rechnungsposition (BG-25) muss einen Artikelnamen (BT-153) enthalten.',
    (n, e) => present(e, n, 'SpecifiedTradeProduct/Name', n),
  ),
  fatal(
    'line',
    'BR-26',
    'Each Invoice line (BG-25) shall contain the Item net price (BT-146).',
    'Jede Rechnungsposition (BG-25) muss einen Nettopreis (BT-146) enthalten.',
    (n) => has(n, 'SpecifiedLineTradeAgreement/NetPriceProductTradePrice/ChargeAmount'),
  ),
  fatal(
    'line',
    'BR-27',
    'The Item net price (BT-146) shall not be negative.',
    'Der Nettopreis (BT-146) darf nicht negativ sein.',
    (n) =>
      anyNum(path(n, 'SpecifiedLineTradeAgreement/NetPriceProductTradePrice/ChargeAmount'), (v) => v.gte(0)),
  ),
  fatal(
    'line',
    'BR-28',
    'The Item gross price (BT-148) shall not be negative.',
    'Der Bruttopreis (BT-148) darf nicht negativ sein.',
    (n) => {
      const p = path(n, 'SpecifiedLineTradeAgreement/GrossPriceProductTradePrice/ChargeAmount');
      return p.length === 0 || anyNum(p, (v) => v.gte(0));
    },
  ),
  fatal(
    'invoice-period',
    'BR-29',
    'The Invoicing period end date (BT-74) shall be later or equal to the start date (BT-73).',
    'Das Ende des Abrechnungszeitraums (BT-74) darf nicht vor dessen Beginn (BT-73) liegen.',
    (n) => periodOrdered(n),
  ),
  fatal(
    'line-period',
    'BR-30',
    'The Invoice line period end date (BT-135) shall be later or equal to the start date (BT-134).',
    'Das Ende des Positionszeitraums (BT-135) darf nicht vor dessen Beginn (BT-134) liegen.',
    (n) => periodOrdered(n),
  ),
  fatal(
    'doc-allowance',
    'BR-31',
    'Each Document level allowance (BG-20) shall have an allowance amount (BT-92).',
    'Jeder Nachlass auf Dokumentenebene (BG-20) muss einen Betrag (BT-92) haben.',
    (n) => !!kid(n.parent, 'ActualAmount'),
  ),
  fatal(
    'doc-allowance',
    'BR-32',
    'Each Document level allowance (BG-20) shall have a VAT category code (BT-95).',
    'Jeder Nachlass auf Dokumentenebene (BG-20) muss einen Umsatzsteuer-Kategoriecode (BT-95) haben.',
    (n) =>
      kids(n.parent, 'CategoryTradeTax').some(
        (t) => kids(t, 'TypeCode').some((c) => sv(c).toUpperCase() === 'VAT') && !!kid(t, 'CategoryCode'),
      ),
  ),
  fatal(
    'doc-allowance',
    'BR-33',
    'Each Document level allowance (BG-20) shall have a reason (BT-97) or a reason code (BT-98).',
    'Jeder Nachlass auf Dokumentenebene (BG-20) muss einen Grund (BT-97) oder Grundcode (BT-98) haben.',
    (n) => !!kid(n.parent, 'Reason') || !!kid(n.parent, 'ReasonCode'),
  ),
  fatal(
    'doc-charge',
    'BR-36',
    'Each Document level charge (BG-21) shall have a charge amount (BT-99).',
    'Jeder Zuschlag auf Dokumentenebene (BG-21) muss einen Betrag (BT-99) haben.',
    (n) => !!kid(n.parent, 'ActualAmount'),
  ),
  fatal(
    'doc-charge',
    'BR-37',
    'Each Document level charge (BG-21) shall have a VAT category code (BT-102).',
    'Jeder Zuschlag auf Dokumentenebene (BG-21) muss einen Umsatzsteuer-Kategoriecode (BT-102) haben.',
    (n) =>
      kids(n.parent, 'CategoryTradeTax').some(
        (t) => kids(t, 'TypeCode').some((c) => sv(c).toUpperCase() === 'VAT') && !!kid(t, 'CategoryCode'),
      ),
  ),
  fatal(
    'doc-charge',
    'BR-38',
    'Each Document level charge (BG-21) shall have a reason (BT-104) or a reason code (BT-105).',
    'Jeder Zuschlag auf Dokumentenebene (BG-21) muss einen Grund (BT-104) oder Grundcode (BT-105) haben.',
    (n) => !!kid(n.parent, 'Reason') || !!kid(n.parent, 'ReasonCode'),
  ),
  fatal(
    'line-allowance',
    'BR-41',
    'Each Invoice line allowance (BG-27) shall have an allowance amount (BT-136).',
    'Jeder Nachlass auf Positionsebene (BG-27) muss einen Betrag (BT-136) haben.',
    (n) => !!kid(n.parent, 'ActualAmount'),
  ),
  fatal(
    'line-allowance',
    'BR-42',
    'Each Invoice line allowance (BG-27) shall have a reason (BT-139) or a reason code (BT-140).',
    'Jeder Nachlass auf Positionsebene (BG-27) muss einen Grund (BT-139) oder Grundcode (BT-140) haben.',
    (n) => !!kid(n.parent, 'Reason') || !!kid(n.parent, 'ReasonCode'),
  ),
  fatal(
    'line-charge',
    'BR-43',
    'Each Invoice line charge (BG-28) shall have a charge amount (BT-141).',
    'Jeder Zuschlag auf Positionsebene (BG-28) muss einen Betrag (BT-141) haben.',
    (n) => !!kid(n.parent, 'ActualAmount'),
  ),
  fatal(
    'line-charge',
    'BR-44',
    'Each Invoice line charge (BG-28) shall have a reason (BT-144) or a reason code (BT-145).',
    'Jeder Zuschlag auf Positionsebene (BG-28) muss einen Grund (BT-144) oder Grundcode (BT-145) haben.',
    (n) => !!kid(n.parent, 'Reason') || !!kid(n.parent, 'ReasonCode'),
  ),
  fatal(
    'vat-breakdown',
    'BR-45',
    'Each VAT breakdown (BG-23) shall have a VAT category taxable amount (BT-116).',
    'Jede Umsatzsteueraufschlüsselung (BG-23) muss einen Nettobetrag (BT-116) haben.',
    (n) => !!kid(n, 'BasisAmount'),
  ),
  fatal(
    'vat-breakdown',
    'BR-46',
    'Each VAT breakdown (BG-23) shall have a VAT category tax amount (BT-117).',
    'Jede Umsatzsteueraufschlüsselung (BG-23) muss einen Steuerbetrag (BT-117) haben.',
    (n) => !!kid(n, 'CalculatedAmount'),
  ),
  fatal(
    'vat-breakdown',
    'BR-47',
    'Each VAT breakdown (BG-23) shall be defined through a VAT category code (BT-118).',
    'Jede Umsatzsteueraufschlüsselung (BG-23) muss einen Umsatzsteuer-Kategoriecode (BT-118) haben.',
    (n) => kids(n, 'TypeCode').some((c) => sv(c).toUpperCase() === 'VAT') && !!kid(n, 'CategoryCode'),
  ),
  fatal(
    'vat-breakdown',
    'BR-48',
    'Each VAT breakdown (BG-23) shall have a VAT category rate (BT-119), except if the Invoice is not subject to VAT.',
    'Jede Umsatzsteueraufschlüsselung (BG-23) muss einen Steuersatz (BT-119) haben, außer die Rechnung unterliegt nicht der Umsatzsteuer.',
    (n) =>
      kids(n, 'TypeCode').some((c) => sv(c).toUpperCase() === 'VAT') &&
      (!!kid(n, 'RateApplicablePercent') || kids(n, 'CategoryCode').some((c) => sv(c) === 'O')),
  ),
  fatal(
    'payment-means',
    'BR-49',
    'A Payment instruction (BG-16) shall specify the Payment means type code (BT-81).',
    'Eine Zahlungsanweisung (BG-16) muss den Code für die Zahlungsart (BT-81) enthalten.',
    (n) => !!kid(n, 'TypeCode'),
  ),
  fatal(
    'credit-transfer-account',
    'BR-50',
    'A Payment account identifier (BT-84) shall be present if Credit transfer (BG-17) information is provided.',
    'Bei Überweisungsangaben (BG-17) muss die Kennung des Zahlungskontos (BT-84) angegeben werden.',
    (n) => !!kid(n, 'IBANID') || !!kid(n, 'ProprietaryID'),
  ),
  fatal(
    'financial-card',
    'BR-51',
    'The Payment card primary account number (BT-87) shall not be given in full (at most 10 characters).',
    'Die Kartennummer (BT-87) darf nicht vollständig angegeben werden (höchstens 10 Zeichen).',
    (n, e) => {
      const ids = kids(n, 'ID');
      if (ids.length > 1) {
        e.undecidable(n, 'more than one payment card number');
        return true;
      }
      return [...sv(ids[0])].length <= 10;
    },
  ),
  fatal(
    'additional-document',
    'BR-52',
    'Each Additional supporting document (BG-24) shall contain a Supporting document reference (BT-122).',
    'Jedes rechnungsbegründende Dokument (BG-24) muss eine Kennung (BT-122) enthalten.',
    (n, e) => present(e, n, 'IssuerAssignedID', n),
  ),
  fatal(
    'totals',
    'BR-53',
    'If the VAT accounting currency code (BT-6) is present, the Invoice total VAT amount in accounting currency (BT-111) shall be provided.',
    'Ist ein Code für die Umsatzsteuer-Buchungswährung (BT-6) angegeben, muss der Umsatzsteuergesamtbetrag in dieser Währung (BT-111) angegeben werden.',
    (n, e) => {
      const taxCur = path(e.idx.isCii ? e.idx.root : null, `${HEAD_SETTLEMENT}/TaxCurrencyCode`);
      if (taxCur.length === 0) return true;
      const invCur = path(e.idx.root, `${HEAD_SETTLEMENT}/InvoiceCurrencyCode`).map(sv);
      const taxVals = new Set(taxCur.map(sv));
      const totalHasTaxCur = kids(n, 'TaxTotalAmount').some((t) =>
        t.attrs.some((a) => a.local === 'currencyID' && a.ns === '' && taxVals.has(a.value)),
      );
      const same = invCur.some((v) => taxVals.has(v));
      return totalHasTaxCur && !same;
    },
  ),
  fatal(
    'item-attribute',
    'BR-54',
    'Each Item attribute (BG-32) shall contain a name (BT-160) and a value (BT-161).',
    'Jede Artikeleigenschaft (BG-32) muss einen Namen (BT-160) und einen Wert (BT-161) enthalten.',
    (n) => !!kid(n, 'Description') && !!kid(n, 'Value'),
  ),
  fatal(
    'preceding-invoice',
    'BR-55',
    'Each Preceding Invoice reference (BG-3) shall contain a Preceding Invoice reference (BT-25).',
    'Jeder Verweis auf eine vorausgegangene Rechnung (BG-3) muss deren Nummer (BT-25) enthalten.',
    (n, e) => present(e, n, 'IssuerAssignedID', n),
  ),
  fatal(
    'tax-representative',
    'BR-56',
    'Each Seller tax representative party (BG-11) shall have a VAT identifier (BT-63).',
    'Jeder Steuervertreter (BG-11) muss eine Umsatzsteuer-Identifikationsnummer (BT-63) haben.',
    (n, e) => {
      const ids = path(n, 'SpecifiedTaxRegistration/ID').filter((i) =>
        i.attrs.some((a) => a.local === 'schemeID' && a.value === 'VA'),
      );
      if (ids.length > 1) {
        e.undecidable(n, 'more than one tax representative VAT identifier');
        return true;
      }
      return nsv(ids[0]) !== '';
    },
  ),
  fatal(
    'header-delivery',
    'BR-57',
    'Each Deliver to address (BG-15) shall contain a Deliver to country code (BT-80).',
    'Jede Lieferanschrift (BG-15) muss einen Ländercode (BT-80) enthalten.',
    (n, e) => {
      if (!has(n, 'ShipToTradeParty/PostalTradeAddress')) return true;
      return present(e, n, 'ShipToTradeParty/PostalTradeAddress/CountryID', n);
    },
  ),
  fatal(
    'credit-transfer-account',
    'BR-61',
    'For a credit transfer (payment means 30 or 58) the Payment account identifier (BT-84) shall be present.',
    'Bei Überweisung (Zahlungsart 30 oder 58) muss die Kennung des Zahlungskontos (BT-84) angegeben werden.',
    (n) => !!kid(n, 'IBANID') || !!kid(n, 'ProprietaryID'),
  ),
  fatal(
    'root',
    'BR-62',
    'The Seller electronic address (BT-34) shall have a Scheme identifier.',
    'Die elektronische Adresse des Verkäufers (BT-34) muss eine Schemakennung haben.',
    (n, e) => {
      const party = path(n, `${HEAD_AGREEMENT}/SellerTradeParty`);
      if (!party.some((p) => kid(p, 'URIUniversalCommunication'))) return true;
      const v = schemeOfFirstUri(party, e, n);
      return v === null || v !== '';
    },
  ),
  fatal(
    'root',
    'BR-63',
    'The Buyer electronic address (BT-49) shall have a Scheme identifier.',
    'Die elektronische Adresse des Käufers (BT-49) muss eine Schemakennung haben.',
    (n, e) => {
      const party = path(n, `${HEAD_AGREEMENT}/BuyerTradeParty`);
      if (!party.some((p) => kid(p, 'URIUniversalCommunication'))) return true;
      const v = schemeOfFirstUri(party, e, n);
      return v === null || v !== '';
    },
  ),
  fatal(
    'line',
    'BR-64',
    'The Item standard identifier (BT-157) shall have a Scheme identifier.',
    'Die Artikelkennung nach Schema (BT-157) muss eine Schemakennung haben.',
    (n, e) => {
      if (!has(n, 'SpecifiedTradeProduct/GlobalID')) return true;
      const v = singleAttr(e, n, 'SpecifiedTradeProduct/GlobalID', 'schemeID', n);
      return v === null || v !== '';
    },
  ),
  fatal(
    'product-classification',
    'BR-65',
    'The Item classification identifier (BT-158) shall have a Scheme identifier.',
    'Die Artikelklassifizierung (BT-158) muss eine Schemakennung haben.',
    (n, e) => {
      if (!kid(n, 'ClassCode')) return true;
      const v = singleAttr(e, n, 'ClassCode', 'listID', n);
      return v === null || v !== '';
    },
  ),
];

/** normalize-space(Party/URIUniversalCommunication[1]/URIID/@schemeID) with single-value semantics. */
function schemeOfFirstUri(parties: XNode[], e: Env, at: XNode): string | null {
  const attrs: string[] = [];
  for (const p of parties) {
    const first = kid(p, 'URIUniversalCommunication');
    for (const u of kids(first, 'URIID'))
      for (const a of u.attrs) if (a.local === 'schemeID' && a.ns === '') attrs.push(a.value);
  }
  if (attrs.length > 1) {
    e.undecidable(at, 'more than one electronic address scheme');
    return null;
  }
  return (attrs[0] ?? '').replace(/[\t\n\r ]+/g, ' ').trim();
}

import type { CodeTexts } from './code-texts.js';

/**
 * UNTDID 1001 document name codes as EN 16931 invoices use them in BT-3: those XRechnung
 * allows first (380, 381, 384, 389, 326, 875, 876, 877, 751), then the other invoice and
 * credit-note types of the EN 16931 subset.
 */
export const DOCUMENT_TYPES: CodeTexts = {
  '380': ['Rechnung', 'Commercial invoice'],
  '381': ['Gutschrift', 'Credit note'],
  '384': ['Rechnungskorrektur', 'Corrected invoice'],
  '389': ['Gutschrift im Gutschriftsverfahren (selbst ausgestellte Rechnung)', 'Self-billed invoice'],
  '326': ['Teilrechnung', 'Partial invoice'],
  '875': ['Abschlagsrechnung (Bauleistung)', 'Partial construction invoice'],
  '876': ['Teilschlussrechnung (Bauleistung)', 'Partial final construction invoice'],
  '877': ['Schlussrechnung (Bauleistung)', 'Final construction invoice'],
  '751': ['Rechnungsinformation für Buchungszwecke', 'Invoice information for accounting purposes'],
  '383': ['Belastungsanzeige', 'Debit note'],
  '386': ['Vorauszahlungsrechnung', 'Prepayment invoice'],
  '394': ['Leasingrechnung', 'Lease invoice'],
  '80': ['Belastungsanzeige für Waren oder Dienstleistungen', 'Debit note related to goods or services'],
  '81': ['Gutschrift für Waren oder Dienstleistungen', 'Credit note related to goods or services'],
  '82': ['Rechnung über Verbrauchsleistungen', 'Metered services invoice'],
  '83': ['Gutschrift für finanzielle Anpassungen', 'Credit note related to financial adjustments'],
  '84': ['Belastungsanzeige für finanzielle Anpassungen', 'Debit note related to financial adjustments'],
  '261': ['Selbst ausgestellte Gutschrift', 'Self billed credit note'],
  '262': ['Sammelgutschrift', 'Consolidated credit note - goods and services'],
  '296': ['Gutschrift für Preisanpassungen', 'Credit note for price variation'],
  '308': ['Delkredere-Gutschrift', 'Delcredere credit note'],
  '325': ['Proformarechnung', 'Proforma invoice'],
  '387': ['Mietrechnung', 'Hire invoice'],
  '388': ['Steuerrechnung', 'Tax invoice'],
  '390': ['Delkredere-Rechnung', 'Delcredere invoice'],
  '393': ['Factoring-Rechnung', 'Factored invoice'],
  '395': ['Konsignationsrechnung', 'Consignment invoice'],
  '396': ['Factoring-Gutschrift', 'Factored credit note'],
  '527': ['Selbst ausgestellte Belastungsanzeige', 'Self billed debit note'],
  '575': ['Versicherungsrechnung', "Insurer's invoice"],
  '623': ['Speditionsrechnung', "Forwarder's invoice"],
  '780': ['Frachtrechnung', 'Freight invoice'],
  '870': ['Konsulatsfaktura', 'Consular invoice'],
  '935': ['Zollrechnung', 'Customs invoice'],
};

/** Credit-note types: their amounts are owed to the buyer, not by it. */
export const CREDIT_NOTE_TYPES: ReadonlySet<string> = new Set([
  '381',
  '81',
  '83',
  '261',
  '262',
  '296',
  '308',
  '396',
]);

import type { CodeTexts } from './code-texts.js';

/** UNCL 5305 VAT category codes of EN 16931 (BT-95, BT-102, BT-118, BT-151). */
export const VAT_CATEGORIES: CodeTexts = {
  S: ['Umsatzsteuer (Normal- oder ermäßigter Satz)', 'Standard rate'],
  Z: ['Nullsatz', 'Zero rated goods'],
  E: ['Steuerbefreit', 'Exempt from tax'],
  AE: ['Umkehr der Steuerschuld (Reverse Charge)', 'VAT reverse charge'],
  K: [
    'Steuerfreie innergemeinschaftliche Lieferung',
    'VAT exempt for EEA intra-community supply of goods and services',
  ],
  G: ['Steuerfreie Ausfuhr', 'Free export item, VAT not charged'],
  O: ['Nicht steuerbar', 'Services outside scope of tax'],
  L: ['Allgemeine indirekte Steuer der Kanarischen Inseln (IGIC)', 'Canary Islands general indirect tax'],
  M: [
    'Steuer auf Produktion, Dienstleistungen und Einfuhr in Ceuta und Melilla (IPSI)',
    'Tax for production, services and importation in Ceuta and Melilla',
  ],
};

import type { CodeTexts } from './code-texts.js';

/** UNTDID 4461 payment means codes (BT-81) that invoices use. */
export const PAYMENT_MEANS: CodeTexts = {
  '1': ['Nicht festgelegt', 'Instrument not defined'],
  '10': ['Barzahlung', 'In cash'],
  '20': ['Scheck', 'Cheque'],
  '30': ['Überweisung', 'Credit transfer'],
  '31': ['Belastungsüberweisung', 'Debit transfer'],
  '42': ['Zahlung auf ein Bankkonto', 'Payment to bank account'],
  '48': ['Bankkarte', 'Bank card'],
  '49': ['Lastschrift', 'Direct debit'],
  '54': ['Kreditkarte', 'Credit card'],
  '55': ['Debitkarte', 'Debit card'],
  '57': ['Dauerauftrag', 'Standing agreement'],
  '58': ['SEPA-Überweisung', 'SEPA credit transfer'],
  '59': ['SEPA-Lastschrift', 'SEPA direct debit'],
  '68': ['Online-Zahlungsdienst', 'Online payment service'],
  '97': ['Verrechnung zwischen Partnern', 'Clearing between partners'],
  ZZZ: ['Gegenseitig vereinbart', 'Mutually defined'],
};

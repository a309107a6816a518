import {
  DOCUMENT_TYPES,
  PAYMENT_MEANS,
  UNITS,
  VAT_CATEGORIES,
  documentTypeLabel,
  paymentMeansLabel,
  textOf,
  unitLabel,
  vatCategoryLabel,
} from './index.js';

describe('code texts', () => {
  it('names the document types XRechnung allows, in German and English', () => {
    expect(documentTypeLabel('380', 'de')).toBe('Rechnung (380)');
    expect(documentTypeLabel('380', 'en')).toBe('Commercial invoice (380)');
    expect(documentTypeLabel('381', 'de')).toBe('Gutschrift (381)');
    expect(documentTypeLabel('877', 'de')).toBe('Schlussrechnung (Bauleistung) (877)');
    for (const code of ['380', '381', '384', '389', '326', '875', '876', '877', '751', '383', '386', '394'])
      expect(textOf(DOCUMENT_TYPES, code, 'de')).toBeTruthy();
  });

  it('names payment means, VAT categories and units', () => {
    expect(paymentMeansLabel('58', 'de')).toBe('SEPA-Überweisung (58)');
    expect(paymentMeansLabel('ZZZ', 'en')).toBe('Mutually defined (ZZZ)');
    for (const code of ['10', '30', '31', '42', '48', '49', '54', '55', '57', '58', '59', '68', '97', 'ZZZ'])
      expect(textOf(PAYMENT_MEANS, code, 'en')).toBeTruthy();
    for (const code of ['S', 'Z', 'E', 'AE', 'K', 'G', 'O', 'L', 'M'])
      expect(textOf(VAT_CATEGORIES, code, 'de')).toBeTruthy();
    expect(vatCategoryLabel('AE', 'en')).toBe('VAT reverse charge (AE)');
    expect(unitLabel('HUR', 'de')).toBe('Stunde');
    expect(unitLabel('HUR', 'en')).toBe('hour');
    expect(unitLabel('H87', 'de')).toBe('Stück');
    expect(unitLabel('XPP', 'en')).toBe('piece');
    const common = [
      'C62',
      'H87',
      'XPP',
      'HUR',
      'DAY',
      'MON',
      'ANN',
      'KGM',
      'TNE',
      'MTR',
      'KMT',
      'LTR',
      'MTQ',
    ];
    for (const code of [...common, 'MTK', 'KWH', 'SET', 'PR', 'LS', 'P1', 'E48', 'WEE', 'MIN', 'SEC', 'GRM'])
      expect(textOf(UNITS, code, 'de')).toBeTruthy();
    expect(Object.keys(UNITS).length).toBeGreaterThanOrEqual(60);
  });

  it('falls back to the code as written, and never to a neighbour of the prototype', () => {
    expect(documentTypeLabel('999', 'de')).toBe('999');
    expect(unitLabel('XYZ', 'de')).toBe('XYZ');
    expect(unitLabel(undefined, 'de')).toBe('');
    expect(documentTypeLabel(undefined, 'en')).toBe('–');
    expect(textOf(UNITS, 'constructor', 'de')).toBeUndefined();
    expect(textOf(UNITS, 'toString', 'en')).toBeUndefined();
  });

  it('has a text in both languages for every code', () => {
    for (const list of [DOCUMENT_TYPES, PAYMENT_MEANS, VAT_CATEGORIES, UNITS])
      for (const [code, [de, en]] of Object.entries(list)) {
        expect(`${code}:${de.trim()}`).not.toBe(`${code}:`);
        expect(`${code}:${en.trim()}`).not.toBe(`${code}:`);
      }
  });
});

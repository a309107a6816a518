import { normaliseKontierung } from './kontierung.js';

describe('Kontierung as sent by a form', () => {
  it('reads German decimals and thousands separators, trims, and drops empty rows', () => {
    const lines = normaliseKontierung([
      { buchungsstelle: ' 5431000 ', amount: '1.234,56' },
      { buchungsstelle: '5431000', kostenstelle: 'KST-1', amount: '33,3' },
      { buchungsstelle: '5431000', amount: '1234.56' },
      { amount: '' },
    ]);
    expect(lines).toEqual([
      { buchungsstelle: '5431000', kostenstelle: null, investitionsnummer: null, amount: '1234.56' },
      { buchungsstelle: '5431000', kostenstelle: 'KST-1', investitionsnummer: null, amount: '33.3' },
      { buchungsstelle: '5431000', kostenstelle: null, investitionsnummer: null, amount: '1234.56' },
    ]);
  });
});

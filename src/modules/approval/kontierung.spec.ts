import { checkKontierungShape, normaliseKontierung } from './kontierung.js';

describe('Kontierung shape', () => {
  it('sums exactly, in decimals', () => {
    const lines = normaliseKontierung([
      { buchungsstelle: '5431000', amount: '33,33' },
      { buchungsstelle: '5431000', kostenstelle: 'KST 1', amount: '33.33' },
      { buchungsstelle: '5431000', amount: '33.34' },
    ]);
    expect(checkKontierungShape(lines, '100.00')).toEqual([]);
    expect(checkKontierungShape(lines, '100.01')[0]).toMatchObject({ code: 'KONTIERUNG_SUM_MISMATCH' });
    expect(checkKontierungShape(lines, '100.01')[0].de).toContain('0.01');
  });

  it('reads German thousands separators and drops empty rows', () => {
    const lines = normaliseKontierung([{ buchungsstelle: ' 5431000 ', amount: '1.234,56' }, { amount: '' }]);
    expect(lines).toEqual([
      { buchungsstelle: '5431000', kostenstelle: null, investitionsnummer: null, amount: '1234.56' },
    ]);
  });

  it('names the line and field of each problem', () => {
    const problems = checkKontierungShape(
      [
        { buchungsstelle: '', amount: '1.00' },
        { buchungsstelle: '5431000', kostenstelle: '<script>', amount: '1.005' },
      ],
      '2.00',
    );
    expect(problems.map((p) => `${p.line}:${p.field}:${p.code}`)).toEqual([
      '1:buchungsstelle:KONTIERUNG_ACCOUNT_INVALID',
      '2:kostenstelle:KONTIERUNG_ACCOUNT_INVALID',
      '2:amount:KONTIERUNG_AMOUNT_INVALID',
    ]);
    expect(checkKontierungShape([], '1.00')[0].code).toBe('KONTIERUNG_EMPTY');
  });
});

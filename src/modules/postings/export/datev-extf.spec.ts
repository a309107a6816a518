import { DomainError } from '../../../common/errors/domain-error.js';
import { decodeWindows1252, encodeWindows1252 } from '../../../common/text/windows-1252.js';
import { BUCHUNGSSTAPEL_HEADINGS } from './datev-columns.js';
import { belegfeld1, checkDatevPeriod, fiscalYearStart, sachkonto } from './datev-extf.js';

const code = (f: () => void): string | undefined => {
  try {
    f();
    return undefined;
  } catch (err) {
    return err instanceof DomainError ? err.code : String(err);
  }
};

describe('DATEV EXTF pieces', () => {
  it('has the 125 headings of Formatversion 13', () => {
    expect(BUCHUNGSSTAPEL_HEADINGS).toHaveLength(125);
    expect(BUCHUNGSSTAPEL_HEADINGS[19]).toBe('Beleglink');
    expect(BUCHUNGSSTAPEL_HEADINGS[117]).toBe('Generalumkehr (GU)');
  });

  it('keeps Belegfeld 1 to the allowed characters and 36 of them', () => {
    expect(belegfeld1('RE_2026.001')).toBe('RE-2026-001');
    expect(belegfeld1('Größe/Ü 7')).toBe('Groesse/UE-7');
    expect(belegfeld1('A'.repeat(50))).toHaveLength(36);
    expect(belegfeld1('$&%*+-/')).toBe('$&%*+-/');
  });

  it('takes the Sachkonto from the Buchungsstelle, within the account length', () => {
    expect(sachkonto('11101.4930', 4)).toBe('4930');
    expect(sachkonto('4930', 4)).toBe('4930');
    expect(sachkonto('11101.5431000', 4)).toBeUndefined();
    expect(sachkonto('11101.5431000', 7)).toBe('5431000');
    expect(sachkonto('11101.ABC', 4)).toBeUndefined();
    expect(sachkonto('0000', 4)).toBeUndefined();
  });

  it('keeps a batch in one calendar year and one fiscal year', () => {
    expect(fiscalYearStart('2026-03-15', 1)).toBe('2026-01-01');
    expect(fiscalYearStart('2026-03-15', 7)).toBe('2025-07-01');
    expect(fiscalYearStart('2026-07-01', 7)).toBe('2026-07-01');
    expect(code(() => checkDatevPeriod('2026-01-01', '2026-12-31', 1))).toBeUndefined();
    expect(code(() => checkDatevPeriod('2026-12-01', '2027-01-31', 1))).toBe('EXPORT_PERIOD_SPANS_YEARS');
    expect(code(() => checkDatevPeriod('2026-06-01', '2026-07-31', 7))).toBe(
      'EXPORT_PERIOD_OUTSIDE_FISCAL_YEAR',
    );
    expect(code(() => checkDatevPeriod('2026-07-01', '2026-12-31', 7))).toBeUndefined();
  });

  it('encodes Windows-1252: umlauts and the 0x80 block as single bytes, the rest as ?', () => {
    const bytes = encodeWindows1252('Äöü ß € „x“ – ™ 漢');
    expect([...bytes]).toEqual([
      0xc4, 0xf6, 0xfc, 0x20, 0xdf, 0x20, 0x80, 0x20, 0x84, 0x78, 0x93, 0x20, 0x96, 0x20, 0x99, 0x20, 0x3f,
    ]);
    expect(decodeWindows1252(bytes)).toBe('Äöü ß € „x“ – ™ ?');
  });
});

import { checkSkontoTexts, parseSkontoTerms } from './skonto.js';

describe('parseSkontoTerms (BR-DE-18)', () => {
  it('reads one entry followed by a line break', () => {
    const r = parseSkontoTerms('#SKONTO#TAGE=14#PROZENT=2.00#\n');
    expect(r.valid).toBe(true);
    expect(r.terms).toEqual([{ days: 14, percent: '2.00', line: 1 }]);
  });

  it('reads several entries, a base amount (also negative) and free text around them', () => {
    const text =
      'Zahlbar binnen 30 Tagen.\n#SKONTO#TAGE=7#PROZENT=3.00#\n#SKONTO#TAGE=14#PROZENT=2.00#BASISBETRAG=-250.50#\nDanke.';
    const r = parseSkontoTerms(text);
    expect(r.valid).toBe(true);
    expect(r.terms).toEqual([
      { days: 7, percent: '3.00', line: 2 },
      { days: 14, percent: '2.00', baseAmount: '-250.50', line: 3 },
    ]);
  });

  it('accepts CRLF line ends and leading blanks before the entry', () => {
    expect(parseSkontoTerms('  #SKONTO#TAGE=10#PROZENT=1.50#\r\n').valid).toBe(true);
  });

  it('treats text without entries as valid and returns no terms', () => {
    expect(parseSkontoTerms('Zahlbar sofort ohne Abzug')).toEqual({
      valid: true,
      terms: [],
      invalidLines: [],
      missingFinalLineBreak: false,
    });
    expect(parseSkontoTerms('').valid).toBe(true);
  });

  it.each([
    ['lower case keyword', '#skonto#TAGE=14#PROZENT=2.00#\n'],
    ['one decimal', '#SKONTO#TAGE=14#PROZENT=2.0#\n'],
    ['three decimals', '#SKONTO#TAGE=14#PROZENT=2.000#\n'],
    ['comma as separator', '#SKONTO#TAGE=14#PROZENT=2,00#\n'],
    ['blank inside the entry', '#SKONTO# TAGE=14#PROZENT=2.00#\n'],
    ['missing closing hash', '#SKONTO#TAGE=14#PROZENT=2.00\n'],
    ['text after the entry on the same line', '#SKONTO#TAGE=14#PROZENT=2.00# netto\n'],
    ['base amount without decimals', '#SKONTO#TAGE=14#PROZENT=2.00#BASISBETRAG=100#\n'],
    ['VERZUG is not a cash discount entry', '#VERZUG#TAGE=14#PROZENT=5.00#\n'],
  ])('rejects %s', (_name, text) => {
    const r = parseSkontoTerms(text);
    expect(r.valid).toBe(false);
    expect(r.invalidLines).toHaveLength(1);
  });

  it('rejects an entry that is not followed by a line break', () => {
    const r = parseSkontoTerms('#SKONTO#TAGE=14#PROZENT=2.00#');
    expect(r).toMatchObject({ valid: false, missingFinalLineBreak: true, invalidLines: [] });
    expect(r.terms).toHaveLength(1);
  });

  it('accepts free text after the final line break', () => {
    expect(parseSkontoTerms('#SKONTO#TAGE=14#PROZENT=2.00#\nBei Rückfragen bitte anrufen.').valid).toBe(true);
  });
});

describe('checkSkontoTexts', () => {
  it('is ok without entries and fails on a bad entry', () => {
    expect(checkSkontoTexts([])).toBe('ok');
    expect(checkSkontoTexts(['#SKONTO#TAGE=14#PROZENT=2.00#\n'])).toBe('ok');
    expect(checkSkontoTexts(['#SKONTO#TAGE=x#PROZENT=2.00#\n'])).toBe('fail');
  });

  it('is undecidable where the official XPath fails on several payment terms texts', () => {
    expect(checkSkontoTexts(['#SKONTO#TAGE=14#PROZENT=2.00#\n', 'Zweite Bedingung'])).toBe('undecidable');
  });

  it('fails before reaching the undecidable part when the first entry is malformed', () => {
    expect(checkSkontoTexts(['#SKONTO#TAGE=14#PROZENT=2#\n', 'Zweite Bedingung'])).toBe('fail');
  });
});

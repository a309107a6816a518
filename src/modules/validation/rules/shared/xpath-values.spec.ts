import { icdAccepted } from './iso6523.codes.js';
import { VAT_PREFIX_SEARCH_STRING } from './iso3166.codes.js';
import { REC20_REC21 } from './rec20.codes.js';
import {
  Dec,
  dateKey,
  digitsAfterDot,
  inCodeList,
  nsp,
  round2,
  toBoolean,
  toDecimal,
  toDouble,
  xpathRound,
} from './xpath-values.js';

describe('XPath value semantics', () => {
  it('normalize-space collapses tab, CR, LF and blank runs and trims the ends', () => {
    expect(nsp('RE-2026-0001')).toBe('RE-2026-0001');
    expect(nsp('a b')).toBe('a b');
    expect(nsp('  a \t\n b  ')).toBe('a b');
    expect(nsp('a  b')).toBe('a b');
    expect(nsp('a\r\nb')).toBe('a b');
    expect(nsp(' \n ')).toBe('');
    expect(nsp('')).toBe('');
    // Inside the text only the four XML blanks collapse; at the ends any blank trim() knows goes.
    expect(nsp('\u00a0S\u00a0')).toBe('S');
    expect(nsp('a\u00a0\u00a0b')).toBe('a\u00a0\u00a0b');
    expect(nsp('Straße 1')).toBe('Straße 1');
  });

  it('round() goes half towards +infinity, as XPath 2.0 does', () => {
    expect(xpathRound(new Dec('2.5')).toString()).toBe('3');
    expect(xpathRound(new Dec('-2.5')).toString()).toBe('-2');
    expect(round2(new Dec('2.345')).toString()).toBe('2.35');
    expect(round2(new Dec('-2.345')).toString()).toBe('-2.34');
  });

  it('casts follow the XML Schema lexical spaces', () => {
    expect(toDecimal(' 12.50 ')?.toString()).toBe('12.5');
    expect(toDecimal('1e3')).toBeNull();
    expect(toDecimal('')).toBeNull();
    expect(toDouble('1e3')).toBe(1000);
    expect(toDouble('abc')).toBeNull();
    expect(toBoolean(' true ')).toBe(true);
    expect(toBoolean('0')).toBe(false);
    expect(toBoolean('False')).toBeNull();
  });

  it('decimal places are counted on the raw text', () => {
    expect(digitsAfterDot('10.00')).toBe(2);
    expect(digitsAfterDot('10.00 ')).toBe(3);
    expect(digitsAfterDot('10')).toBe(0);
  });

  it('code list membership uses the normalised token', () => {
    expect(inCodeList(REC20_REC21, ' H87 ')).toBe(true);
    expect(inCodeList(REC20_REC21, 'H 87')).toBe(false);
    expect(inCodeList(REC20_REC21, '')).toBe(false);
  });

  it('dates compare by calendar day; invalid dates are recognised', () => {
    expect(dateKey('2026-10-01')! < dateKey('2026-10-31')!).toBe(true);
    expect(dateKey('2026-13-01')).toBeNull();
  });

  it('code list facts: the ICD gap at 0244 and the EL prefix', () => {
    expect(icdAccepted('0088')).toBe(true);
    expect(icdAccepted('0244')).toBe(false);
    expect(VAT_PREFIX_SEARCH_STRING.includes(' EL ')).toBe(true);
  });
});

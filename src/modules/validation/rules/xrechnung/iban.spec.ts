import { isValidIbanAsOfficial } from './iban.js';

describe('isValidIbanAsOfficial (BR-DE-19/20)', () => {
  it('accepts a correct IBAN, also with blanks in it', () => {
    expect(isValidIbanAsOfficial('DE75512108001245126199')).toBe(true);
    expect(isValidIbanAsOfficial(' DE75 5121 0800 1245 1261 99 ')).toBe(true);
  });
  it('rejects a wrong check digit, a lower-case country and an empty value', () => {
    expect(isValidIbanAsOfficial('DE75512108001245126198')).toBe(false);
    expect(isValidIbanAsOfficial('de75512108001245126199')).toBe(false);
    expect(isValidIbanAsOfficial('')).toBe(false);
  });
});

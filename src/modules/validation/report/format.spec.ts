import { formatAmount, formatDate, formatDateTime, formatNumber, isoDate } from './format.js';

// Intl separates amount and currency sign with a no-break space.
const nbsp = (s: string) => s.replace(/\u00a0|\u202f/g, ' ');

describe('formatting for people', () => {
  it('reads ISO dates and CII format 102 dates, and refuses dates that do not exist', () => {
    expect(isoDate('2024-11-15')).toBe('2024-11-15');
    expect(isoDate('20241115')).toBe('2024-11-15');
    expect(isoDate(' 20241115 ')).toBe('2024-11-15');
    expect(isoDate('2024-11-15T10:00:00Z')).toBe('2024-11-15');
    expect(isoDate('2024-11-15+01:00')).toBe('2024-11-15');
    expect(isoDate('20240230')).toBeUndefined();
    expect(isoDate('2024-13-01')).toBeUndefined();
    expect(isoDate('2024-1115')).toBeUndefined();
    expect(isoDate('15.11.2024')).toBeUndefined();
    expect(isoDate('')).toBeUndefined();
  });

  it('writes dates as the reader expects them', () => {
    expect(formatDate('20241115', 'de')).toBe('15.11.2024');
    expect(formatDate('2024-11-15', 'de')).toBe('15.11.2024');
    expect(formatDate('20241115', 'en')).toBe('Nov 15, 2024');
    expect(formatDate('2024-01-01', 'en')).toBe('Jan 1, 2024');
    // What is no date is shown as written, never as a wrong date.
    expect(formatDate('20240230', 'de')).toBe('20240230');
    expect(formatDate(null, 'de')).toBe('–');
  });

  it('writes amounts with grouping, decimal sign and currency of the language', () => {
    expect(nbsp(formatAmount('1234.56', 'EUR', 'de'))).toBe('1.234,56 €');
    expect(formatAmount('1234.56', 'EUR', 'en')).toBe('€1,234.56');
    expect(nbsp(formatAmount('1234.5', 'EUR', 'de'))).toBe('1.234,50 €');
    expect(nbsp(formatAmount('-0.5', 'EUR', 'de'))).toBe('-0,50 €');
    expect(formatAmount('100', 'USD', 'en')).toBe('$100.00');
  });

  it('never rounds and never goes through a binary float', () => {
    expect(formatAmount('12.3456', 'EUR', 'en')).toBe('€12.3456');
    expect(formatAmount('12345678901234.99', 'EUR', 'en')).toBe('€12,345,678,901,234.99');
    expect(nbsp(formatAmount('0.1', 'EUR', 'de'))).toBe('0,10 €');
  });

  it('keeps what it cannot read, and a currency code Intl does not know', () => {
    expect(formatAmount('12,5', 'EUR', 'de')).toBe('12,5');
    expect(formatAmount('1234.5', 'EURO', 'en')).toBe('1,234.50 EURO');
    expect(formatAmount('1234.5', null, 'de')).toBe('1.234,50');
    expect(formatAmount(null, 'EUR', 'de')).toBe('–');
  });

  it('writes times with the zone they are shown in', () => {
    const at = new Date('2024-11-15T09:03:00Z');
    expect(nbsp(formatDateTime(at, 'de'))).toBe('15.11.2024, 10:03 MEZ');
    expect(nbsp(formatDateTime(at, 'en'))).toBe('Nov 15, 2024, 10:03 AM GMT+1');
    expect(nbsp(formatDateTime('2024-07-01T12:00:00Z', 'de'))).toBe('01.07.2024, 14:00 MESZ');
    expect(nbsp(formatDateTime('2024-11-15T06:05:00Z', 'de'))).toBe('15.11.2024, 07:05 MEZ');
    expect(nbsp(formatDateTime('2024-11-15T06:05:00Z', 'en'))).toBe('Nov 15, 2024, 7:05 AM GMT+1');
  });
});

describe('formatNumber', () => {
  it('formats quantities and rates exactly, with the decimals as written', () => {
    expect(formatNumber('1234.5', 'de')).toBe('1.234,5');
    expect(formatNumber('1234.5', 'en')).toBe('1,234.5');
    expect(formatNumber('19', 'de')).toBe('19');
    expect(formatNumber('7.00', 'de')).toBe('7');
    expect(formatNumber('0.1234567890123', 'en')).toBe('0.1234567890123');
    expect(formatNumber('-2.50', 'de')).toBe('-2,5');
    expect(formatNumber('abc', 'de')).toBe('abc');
    expect(formatNumber(undefined, 'de')).toBe('–');
  });
});

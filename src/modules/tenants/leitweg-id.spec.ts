import { checkLeitwegId, isValidLeitwegId, leitwegCheckDigits } from './leitweg-id.js';

describe('Leitweg-ID', () => {
  it('computes the check digits of the specification example', () => {
    // Worked example of the KoSIT format specification: 04011000-1234512345 → 06.
    expect(leitwegCheckDigits('04011000', '1234512345')).toBe('06');
  });

  it.each(['04011000-1234512345-06', '04011000-12345-03', '99000000-18188-18', '90000000-03083-72'])(
    'accepts %s',
    (id) => {
      expect(checkLeitwegId(id)).toMatchObject({ ok: true, value: id });
    },
  );

  it('accepts a coarse address without fine address', () => {
    const check = leitwegCheckDigits('991');
    expect(isValidLeitwegId(`991-${check}`)).toBe(true);
  });

  it('maps letters of the fine address A=10 … Z=35 and normalises them to upper case', () => {
    const check = leitwegCheckDigits('05315', 'ABZ9');
    // 05315 + 10 11 35 9 + 00
    const expected = String(98 - Number(BigInt('05315101135900') % 97n)).padStart(2, '0');
    expect(check).toBe(expected);
    expect(checkLeitwegId(`05315-abz9-${check}`)).toMatchObject({
      ok: true,
      value: `05315-ABZ9-${check}`,
      fine: 'ABZ9',
    });
  });

  it('pads check digits below 10 with a zero', () => {
    expect(leitwegCheckDigits('04011000', '12345')).toBe('03');
  });

  it.each([
    ['04011000-12345-34', '03'],
    ['90000000-03083-12', '72'],
    ['04011000-1234512345-60', '06'],
  ])('rejects %s with wrong check digits (expected %s)', (id, expected) => {
    expect(checkLeitwegId(id)).toEqual({ ok: false, problem: 'check-digits', expectedCheckDigits: expected });
  });

  it.each([
    '',
    '0-12345-03', // coarse address too short
    '1234567890123-03', // coarse address too long
    '04011000-12345-3', // one check digit
    '04011000--03',
    '04011000-12_45-03',
    '04011000-' + '1'.repeat(31) + '-03', // fine address too long
    'Leitweg 4711',
    '05 123456 123',
  ])('rejects the malformed %j', (id) => {
    expect(checkLeitwegId(id)).toEqual({ ok: false, problem: 'format' });
  });

  it('ignores surrounding blanks', () => {
    expect(checkLeitwegId('  04011000-12345-03 ')).toMatchObject({ ok: true, value: '04011000-12345-03' });
  });
});

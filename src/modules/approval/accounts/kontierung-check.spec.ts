import {
  checkKontierung,
  chartLookupOf,
  kontierungRefs,
  NO_CHART,
  parseAccountingReference,
  suggestFromAccountingReference,
} from './kontierung-check.js';

const chart = chartLookupOf([
  { kind: 'buchungsstelle', code: '1.1100.521100', active: true, validFrom: null, validTo: null },
  { kind: 'buchungsstelle', code: '1.1100.521200', active: true, validFrom: null, validTo: null },
  { kind: 'buchungsstelle', code: '1.1100.529900', active: false, validFrom: null, validTo: null },
  { kind: 'buchungsstelle', code: '2026.001', active: true, validFrom: '2026-01-01', validTo: '2026-12-31' },
  { kind: 'kostenstelle', code: '4711', active: true, validFrom: null, validTo: null },
]);

const codes = (problems: { code: string }[]) => problems.map((p) => p.code);

describe('checkKontierung', () => {
  it('accepts three lines of 33.33 / 33.33 / 33.34 that add up exactly to 100.00', () => {
    const lines = [
      { buchungsstelle: '1.1100.521100', kostenstelle: '4711', amount: '33.33' },
      { buchungsstelle: '1.1100.521200', amount: '33.33' },
      { buchungsstelle: '1.1100.521100', kostenstelle: '4711', amount: '33.34' },
    ];
    expect(checkKontierung(lines, '100.00', chart)).toEqual([]);
    // In binary floating point these three add up to 99.99999999999999 or 100.00000000000001.
    expect(checkKontierung(lines, '100', chart)).toEqual([]);
  });

  it('reports a sum that is off by one cent, with the difference', () => {
    const problems = checkKontierung(
      [
        { buchungsstelle: '1.1100.521100', amount: '33.33' },
        { buchungsstelle: '1.1100.521200', amount: '33.33' },
        { buchungsstelle: '1.1100.521100', amount: '33.33' },
      ],
      '100.00',
      chart,
    );
    expect(problems).toEqual([
      {
        code: 'KONTIERUNG_SUM_MISMATCH',
        field: 'lines',
        details: { sum: '99.99', total: '100.00', difference: '0.01' },
        message: {
          de: 'Die Summe der Kontierung (99.99) weicht um 0.01 vom Rechnungsbetrag (100.00) ab.',
          en: 'The account assignment adds up to 99.99, which differs by 0.01 from the invoice total (100.00).',
        },
      },
    ]);
  });

  it('assigns a credit note in negative amounts, all of one sign', () => {
    const lines = [
      { buchungsstelle: '1.1100.521100', amount: '-80.00' },
      { buchungsstelle: '1.1100.521200', amount: '-39.00' },
    ];
    expect(checkKontierung(lines, '-119.00', chart)).toEqual([]);
    const mixed = checkKontierung(
      [
        { buchungsstelle: '1.1100.521100', amount: '-150.00' },
        { buchungsstelle: '1.1100.521200', amount: '31.00' },
      ],
      '-119.00',
      chart,
    );
    expect(mixed.map((p) => [p.code, p.line])).toEqual([['KONTIERUNG_SIGN_MISMATCH', 1]]);
  });

  it('reports bad amounts per line and no sum it cannot compute', () => {
    const problems = checkKontierung(
      [
        { buchungsstelle: '1.1100.521100', amount: '10.001' },
        { buchungsstelle: '1.1100.521100', amount: 'zehn' },
        { buchungsstelle: '1.1100.521100', amount: '10,00' },
        { buchungsstelle: '1.1100.521100', amount: '0.00' },
      ],
      '10.00',
      chart,
    );
    expect(problems.map((p) => [p.code, p.line, p.field])).toEqual([
      ['KONTIERUNG_AMOUNT_INVALID', 0, 'amount'],
      ['KONTIERUNG_AMOUNT_INVALID', 1, 'amount'],
      ['KONTIERUNG_AMOUNT_INVALID', 2, 'amount'],
      ['KONTIERUNG_AMOUNT_ZERO', 3, 'amount'],
    ]);
  });

  it('checks codes against the chart: unknown, deactivated, outside their validity', () => {
    const problems = checkKontierung(
      [
        { buchungsstelle: '9.9999.999999', kostenstelle: '4711', amount: '1.00' },
        { buchungsstelle: '1.1100.529900', kostenstelle: '0815', amount: '1.00' },
        { buchungsstelle: '2026.001', amount: '1.00' },
      ],
      '3.00',
      chart,
      { at: '2027-01-15' },
    );
    expect(problems.map((p) => [p.code, p.line, p.field])).toEqual([
      ['KONTIERUNG_UNKNOWN_ACCOUNT', 0, 'buchungsstelle'],
      ['KONTIERUNG_INACTIVE_ACCOUNT', 1, 'buchungsstelle'],
      ['KONTIERUNG_UNKNOWN_ACCOUNT', 1, 'kostenstelle'],
      ['KONTIERUNG_ACCOUNT_NOT_VALID', 2, 'buchungsstelle'],
    ]);
    expect(problems[0].message.de).toBe('Die Buchungsstelle „9.9999.999999“ steht nicht im Kontenplan.');
    expect(problems[2].message.en).toBe('The cost centre "0815" is not in the chart of accounts.');
  });

  it('checks a kind the chart has no accounts of (here Investitionsnummern) by form only', () => {
    const ok = checkKontierung(
      [{ buchungsstelle: '1.1100.521100', investitionsnummer: 'I-2026-7', amount: '5.00' }],
      '5.00',
      chart,
    );
    expect(ok).toEqual([]);
  });

  it('without any chart accepts every well-formed code and refuses empty or malformed ones', () => {
    expect(checkKontierung([{ buchungsstelle: 'ABC.123_x-9', amount: '5' }], '5.00', NO_CHART)).toEqual([]);
    const problems = checkKontierung(
      [
        { buchungsstelle: '  ', amount: '1.00' },
        { buchungsstelle: '11/00', amount: '1.00' },
        { buchungsstelle: 'X'.repeat(65), amount: '1.00' },
        { buchungsstelle: '1000', kostenstelle: 'Kita Süd', amount: '1.00' },
        { buchungsstelle: '1000', kostenstelle: '', investitionsnummer: null, amount: '1.00' },
      ],
      '5.00',
      NO_CHART,
    );
    expect(problems.map((p) => [p.code, p.line, p.field])).toEqual([
      ['KONTIERUNG_CODE_MISSING', 0, 'buchungsstelle'],
      ['KONTIERUNG_CODE_INVALID', 1, 'buchungsstelle'],
      ['KONTIERUNG_CODE_INVALID', 2, 'buchungsstelle'],
      ['KONTIERUNG_CODE_INVALID', 3, 'kostenstelle'],
    ]);
  });

  it('refuses no lines, more than 100 lines and a total that is no amount', () => {
    expect(codes(checkKontierung([], '1.00', chart))).toEqual(['KONTIERUNG_EMPTY']);
    const many = Array.from({ length: 101 }, () => ({ buchungsstelle: '1.1100.521100', amount: '1.00' }));
    expect(codes(checkKontierung(many, '101.00', chart))).toEqual(['KONTIERUNG_TOO_MANY_LINES']);
    expect(
      codes(checkKontierung([{ buchungsstelle: '1.1100.521100', amount: '1.00' }], '1.005', chart)),
    ).toEqual(['KONTIERUNG_TOTAL_INVALID']);
  });

  it('lists the codes to look up once each', () => {
    expect(
      kontierungRefs([
        { buchungsstelle: '1000', kostenstelle: '4711', amount: '1' },
        { buchungsstelle: ' 1000 ', investitionsnummer: 'I-1', amount: '1' },
        { buchungsstelle: 'bad/code', amount: '1' },
      ]),
    ).toEqual([
      { kind: 'buchungsstelle', code: '1000' },
      { kind: 'kostenstelle', code: '4711' },
      { kind: 'investition', code: 'I-1' },
    ]);
  });
});

describe('buyer accounting reference (BT-19)', () => {
  it('reads the whole text as a code, or Buchungsstelle and Kostenstelle split at / ; | or blanks', () => {
    expect(parseAccountingReference('1.1100.521100')).toEqual([{ buchungsstelle: '1.1100.521100' }]);
    for (const text of [
      '1.1100.521100/4711',
      '1.1100.521100 ; 4711',
      '1.1100.521100|4711',
      '1.1100.521100  4711',
    ]) {
      expect(parseAccountingReference(text)).toEqual([
        { buchungsstelle: '1.1100.521100', kostenstelle: '4711' },
      ]);
    }
    expect(parseAccountingReference('a/b/c')).toEqual([]);
    expect(parseAccountingReference('Bitte an Frau Meier')).toEqual([]);
    expect(parseAccountingReference(undefined)).toEqual([]);
  });

  it('suggests only codes the chart knows as active', () => {
    expect(suggestFromAccountingReference('1.1100.521100/4711', chart)).toEqual({
      buchungsstelle: '1.1100.521100',
      kostenstelle: '4711',
    });
    // The Kostenstelle is unknown: the Buchungsstelle alone is still a good prefill.
    expect(suggestFromAccountingReference('1.1100.521100/0815', chart)).toEqual({
      buchungsstelle: '1.1100.521100',
    });
    expect(suggestFromAccountingReference('1.1100.529900', chart)).toBeUndefined();
    expect(suggestFromAccountingReference('1.1100.521100', NO_CHART)).toBeUndefined();
  });
});

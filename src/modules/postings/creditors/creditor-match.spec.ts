import {
  ibanKey,
  matchCreditor,
  nameKey,
  parseCreditorPush,
  sellerKeys,
  vatIdKey,
} from './creditor-match.js';

describe('creditor keys', () => {
  it('normalises VAT ids, IBANs and names', () => {
    expect(vatIdKey(' de 123.456.789 ')).toBe('DE123456789');
    expect(ibanKey('de89 3704 0044 0532 0130 00')).toBe('DE89370400440532013000');
    expect(nameKey('Müller & Söhne GmbH.')).toBe(nameKey('MUELLER UND SOEHNE GMBH'));
    expect(nameKey('Café Crème')).toBe('cafe creme');
    expect(nameKey('Müller GmbH')).not.toBe(nameKey('Müller AG'));
    expect(vatIdKey('  ')).toBeNull();
  });
});

describe('matchCreditor', () => {
  const master = [
    { creditorNumber: '70001', name: 'Bürobedarf Müller GmbH', vatId: 'DE123456789', iban: null },
    { creditorNumber: '70002', name: 'Stadtwerke', vatId: null, iban: 'DE89370400440532013000' },
    { creditorNumber: '70003', name: 'Stadtwerke Nord', vatId: null, iban: 'DE89370400440532013000' },
    { creditorNumber: '70004', name: 'Hausmeister Schulz', vatId: null, iban: null },
  ];
  it('matches by VAT id first, then IBAN, then the normalised name', () => {
    expect(matchCreditor(sellerKeys({ vatId: 'DE 123456789', iban: null, name: 'anything' }), master)).toBe(
      '70001',
    );
    expect(
      matchCreditor(sellerKeys({ vatId: 'DE999', iban: null, name: 'HAUSMEISTER  SCHULZ' }), master),
    ).toBe('70004');
  });
  it('decides nothing on an ambiguous level and tries the next one', () => {
    expect(
      matchCreditor(
        sellerKeys({ vatId: null, iban: 'DE89370400440532013000', name: 'Stadtwerke Nord' }),
        master,
      ),
    ).toBe('70003');
    expect(
      matchCreditor(sellerKeys({ vatId: null, iban: 'DE89370400440532013000', name: 'X' }), master),
    ).toBeNull();
  });
  it('gives null without any match', () => {
    expect(matchCreditor(sellerKeys({ vatId: null, iban: null, name: 'Unbekannt' }), master)).toBeNull();
  });
});

describe('parseCreditorPush', () => {
  it('reads merge (default, also a bare array) and replace', () => {
    const r = parseCreditorPush([{ creditorNumber: '1', name: 'A', vatId: 'de 1', iban: 'de89 3704' }]);
    expect(r).toEqual({
      ok: true,
      push: { mode: 'merge', entries: [{ creditorNumber: '1', name: 'A', vatId: 'DE1', iban: 'DE893704' }] },
    });
    const rep = parseCreditorPush({ mode: 'replace', creditors: [] });
    expect(rep).toEqual({ ok: true, push: { mode: 'replace', entries: [] } });
  });
  it('lists every problem at once', () => {
    const r = parseCreditorPush({
      mode: 'all',
      creditors: [
        { creditorNumber: '1' },
        { creditorNumber: '1', name: 'B', iban: '12' },
        'x',
        { creditorNumber: 5, name: 'C' },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      { index: -1, field: 'mode', problem: 'format' },
      { index: 0, field: 'name', problem: 'missing' },
      { index: 1, field: 'iban', problem: 'format' },
      { index: 1, field: 'creditorNumber', problem: 'duplicate' },
      { index: 2, field: 'entry', problem: 'not-text' },
      { index: 3, field: 'creditorNumber', problem: 'not-text' },
    ]);
    expect(parseCreditorPush('nope')).toEqual({
      ok: false,
      problems: [{ index: -1, field: 'creditors', problem: 'missing' }],
    });
  });
});

import { parseAmount, parseVorgangSearch } from './vorgang-search.js';

describe('parseVorgangSearch', () => {
  it('reads amounts as people write them', () => {
    expect(parseAmount('1190')).toBe('1190');
    expect(parseAmount('1190,5')).toBe('1190.5');
    expect(parseAmount('1.190,50 €')).toBe('1190.50');
    expect(parseAmount('1,190.50')).toBe('1190.50');
    expect(parseAmount('-50,00')).toBe('-50.00');
    expect(parseAmount('zwölf')).toBeUndefined();
    expect(parseAmount('1.2.3')).toBeUndefined();
  });

  it('takes an exact amount as both bounds and pages from 1', () => {
    const s = parseVorgangSearch({ amount: '595,00', page: '3', limit: '10', number: '  RE-1 ' });
    expect(s.invalid).toEqual([]);
    expect(s.search).toMatchObject({
      amountFrom: '595.00',
      amountTo: '595.00',
      offset: 20,
      limit: 10,
      number: 'RE-1',
    });
    expect(s.search.dateField).toBe('invoice');
  });

  it('names every field it cannot read', () => {
    const s = parseVorgangSearch({
      amountFrom: 'viel',
      from: '2026-02-30',
      to: '31.12.2026',
      dateField: 'gestern',
      page: '0',
      limit: '1000',
      supplier: 'x'.repeat(201),
    });
    expect([...s.invalid].sort()).toEqual([
      'amountFrom',
      'dateField',
      'from',
      'limit',
      'page',
      'supplier',
      'to',
    ]);
  });

  it('ignores empty fields and unknown parameters', () => {
    const s = parseVorgangSearch({ number: '', supplier: '   ', tenantId: 'x' });
    expect(s.invalid).toEqual([]);
    expect(s.values).toEqual({});
    expect(s.search).toMatchObject({ offset: 0, limit: 25 });
  });
});

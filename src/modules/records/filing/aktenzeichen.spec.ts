import {
  akteKey,
  akteTitle,
  checkPattern,
  counterScope,
  renderPattern,
  supplierKey,
  vorgangBetreff,
  yearInBerlin,
} from './aktenzeichen.js';

describe('Aktenzeichen patterns', () => {
  it('renders plan, year and a zero-padded running number', () => {
    expect(renderPattern('{plan}-{year}/{seq:3}', { plan: '902.31', year: 2026, seq: 7 })).toBe(
      '902.31-2026/007',
    );
    expect(renderPattern('{akte}-{seq:5}', { plan: 'x', year: 2026, seq: 42, akte: '902.31-2026/007' })).toBe(
      '902.31-2026/007-00042',
    );
    expect(renderPattern('R{seq}', { plan: 'x', year: 2026, seq: 1234 })).toBe('R1234');
    // Wider than the padding: never cut.
    expect(renderPattern('{seq:2}', { plan: 'x', year: 2026, seq: 123 })).toBe('123');
  });

  it('accepts the default patterns', () => {
    expect(checkPattern('{plan}-{year}/{seq:3}', 'akte')).toBeNull();
    expect(checkPattern('{akte}-{seq:5}', 'vorgang')).toBeNull();
  });

  it('refuses unknown placeholders, stray braces, and patterns that cannot tell records apart', () => {
    expect(checkPattern('{plan}-{jahr}/{seq:3}', 'akte')).toEqual({
      problem: 'unknown-placeholder',
      placeholder: '{jahr}',
    });
    expect(checkPattern('{akte}-{seq}', 'akte')).toEqual({
      problem: 'unknown-placeholder',
      placeholder: '{akte}',
    });
    expect(checkPattern('{plan}-{year}/{seq:3', 'akte')).toEqual({ problem: 'unbalanced-brace' });
    expect(checkPattern('{plan}-{year}', 'akte')).toEqual({ problem: 'no-seq' });
    expect(checkPattern('{plan}-{seq:3}', 'vorgang')).toEqual({ problem: 'no-akte' });
    expect(checkPattern('{seq:99}', 'akte')).toEqual({ problem: 'bad-width', placeholder: '{seq:99}' });
    expect(checkPattern('  ', 'akte')).toEqual({ problem: 'empty' });
    expect(checkPattern(`{seq}${'x'.repeat(200)}`, 'akte')).toEqual({ problem: 'too-long' });
    expect(checkPattern('{seq}\n', 'akte')).toEqual({ problem: 'bad-character' });
  });
});

describe('Akte keys', () => {
  it('takes the supplier by VAT id, normalised, else by its name', () => {
    expect(supplierKey('DE 123 456 789', 'Muster GmbH')).toBe('vat:DE123456789');
    expect(supplierKey('de123456789', null)).toBe('vat:DE123456789');
    expect(supplierKey(null, 'Müller  GmbH.')).toBe(supplierKey('', 'MÜLLER GmbH'));
    expect(supplierKey(null, null)).toBe('unknown');
  });

  it('derives one key per rule', () => {
    const f = {
      year: 2026,
      sellerVatId: 'DE123456789',
      sellerName: 'Muster GmbH',
      firstKostenstelle: 'KST-100',
    };
    expect(akteKey('year', '902.31', f)).toBe('902.31|2026');
    expect(akteKey('year-supplier', '902.31', f)).toBe('902.31|2026|vat:DE123456789');
    expect(akteKey('year-costcentre', '902.31', f)).toBe('902.31|2026|kst:KST-100');
    // BT-19 comes before the Kontierung's Kostenstelle.
    expect(akteKey('year-costcentre', 'P', { ...f, buyerAccountingReference: ' 4711 ' })).toBe(
      'P|2026|kst:4711',
    );
    expect(akteKey('year-costcentre', 'P', { year: 2026 })).toBe('P|2026|kst:-');
    expect(akteTitle('year-supplier', f)).toBe('Eingangsrechnungen 2026 – Muster GmbH');
  });

  it('writes the Betreff with the German date', () => {
    expect(vorgangBetreff('RE-1', 'Muster GmbH', '2026-02-03')).toBe(
      'Rechnung RE-1 Muster GmbH vom 03.02.2026',
    );
    expect(vorgangBetreff(null, null, null)).toBe('Rechnung ohne Nummer unbekannter Rechnungssteller');
  });

  it('counts Akten per plan and year only when the pattern shows them', () => {
    expect(counterScope.akten('{plan}-{year}/{seq:3}', '902.31', 2026)).toBe('akte:902.31:2026');
    expect(counterScope.akten('A-{seq:5}', '902.31', 2026)).toBe('akte:*:*');
    expect(counterScope.akten('{plan}/{seq}', '902.31', 2026)).toBe('akte:902.31:*');
  });

  it('counts the year in German time (New Year’s Eve 23:30 UTC is already the next year)', () => {
    expect(yearInBerlin(new Date('2026-12-31T23:30:00Z'))).toBe(2027);
    expect(yearInBerlin(new Date('2026-12-31T22:30:00Z'))).toBe(2026);
  });
});

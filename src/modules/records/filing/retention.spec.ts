import { retentionFor } from './retention.js';

/** Sources: § 147 AO (BEG IV), SächsKomKBVO § 34(2), KomHKV § 37(2) — see retention.ts. */
describe('retention of filed documents', () => {
  const base = {
    filedAt: new Date('2026-06-15T10:00:00Z'),
    land: null,
    retentionYears: null,
    subsidyRetentionYears: null,
    subsidised: false,
  };

  it('keeps Buchungsbelege 8 years from the end of the year of filing (§ 147 AO after BEG IV)', () => {
    expect(retentionFor(base)).toMatchObject({
      retentionClass: 'buchungsbeleg',
      years: 8,
      retainUntil: '2034-12-31',
    });
    expect(retentionFor({ ...base, land: 'TH' }).years).toBe(8);
  });

  it('keeps them 10 years in Sachsen and Niedersachsen (municipal Kassenrecht)', () => {
    expect(retentionFor({ ...base, land: 'SN' })).toMatchObject({ years: 10, retainUntil: '2036-12-31' });
    expect(retentionFor({ ...base, land: 'NI' }).basis).toMatch(/KomHKV/);
  });

  it("follows the tenant's override", () => {
    expect(retentionFor({ ...base, land: 'SN', retentionYears: 12 })).toMatchObject({
      years: 12,
      retainUntil: '2038-12-31',
    });
  });

  it('keeps subsidised items for the Zweckbindungsfrist when it is longer', () => {
    const s = { ...base, subsidyRetentionYears: 25, subsidised: true };
    expect(retentionFor(s)).toMatchObject({
      retentionClass: 'foerdermittel',
      years: 25,
      retainUntil: '2051-12-31',
    });
    expect(retentionFor({ ...s, subsidised: false }).retentionClass).toBe('buchungsbeleg');
    expect(retentionFor({ ...s, subsidyRetentionYears: null }).retentionClass).toBe('buchungsbeleg');
    expect(retentionFor({ ...s, subsidyRetentionYears: 5 })).toMatchObject({
      retentionClass: 'buchungsbeleg',
      years: 8,
    });
  });

  it('counts the year of filing in German time', () => {
    expect(retentionFor({ ...base, filedAt: new Date('2026-12-31T23:30:00Z') }).retainUntil).toBe(
      '2035-12-31',
    );
  });
});

import { checkHolidayPlace, GERMAN_LANDS, holidayPlaces } from './holiday-places.js';

describe('holiday places', () => {
  it('knows the sixteen Länder and the regions with holidays of their own', () => {
    expect(holidayPlaces().map((p) => p.code)).toEqual([...GERMAN_LANDS]);
    const regions = Object.fromEntries(holidayPlaces().map((p) => [p.code, p.regions.map((r) => r.code)]));
    expect(regions.TH).toEqual(expect.arrayContaining(['EIC', 'UH', 'WAK']));
    expect(regions.SN).toEqual(['BZ']);
    expect(regions.BY).toEqual(expect.arrayContaining(['A', 'EVANG']));
    expect(regions.BE).toEqual([]);
    expect(
      holidayPlaces()
        .find((p) => p.code === 'TH')!
        .regions.find((r) => r.code === 'EIC')!.name.de,
    ).toBe('Landkreis Eichsfeld');
  });

  it('takes codes in any case and blanks as none', () => {
    expect(checkHolidayPlace(' th ', 'eic')).toEqual({ ok: true, place: { land: 'TH', region: 'EIC' } });
    expect(checkHolidayPlace('SN', '')).toEqual({ ok: true, place: { land: 'SN' } });
    expect(checkHolidayPlace(null, null)).toEqual({ ok: true, place: {} });
    expect(checkHolidayPlace('', undefined)).toEqual({ ok: true, place: {} });
  });

  it('answers a wrong value with the valid ones', () => {
    expect(checkHolidayPlace('DE-TH')).toMatchObject({ ok: false, problem: 'land', valid: GERMAN_LANDS });
    expect(checkHolidayPlace('SN', 'EIC')).toEqual({
      ok: false,
      problem: 'region',
      land: 'SN',
      region: 'EIC',
      valid: ['BZ'],
    });
    expect(checkHolidayPlace(undefined, 'EIC')).toEqual({
      ok: false,
      problem: 'region',
      land: null,
      region: 'EIC',
      valid: [],
    });
  });
});

/**
 * The places whose public holidays a deadline depends on (§ 193 BGB: "am Erklärungs- oder
 * Leistungsort staatlich anerkannter allgemeiner Feiertag"): a German Land (ISO 3166-2
 * subdivision code without the `DE-` prefix) and, where a holiday applies to part of a Land
 * only, a region as the holiday data (`date-holidays`) names it. No place means the
 * nationwide holidays only.
 */
import Holidays from 'date-holidays';

export const GERMAN_LANDS = [
  'BW',
  'BY',
  'BE',
  'BB',
  'HB',
  'HH',
  'HE',
  'MV',
  'NI',
  'NW',
  'RP',
  'SL',
  'SN',
  'ST',
  'SH',
  'TH',
] as const;
export type GermanLand = (typeof GERMAN_LANDS)[number];

export interface Names {
  readonly de: string;
  readonly en: string;
}

export const LAND_NAMES: Record<GermanLand, Names> = {
  BW: { de: 'Baden-Württemberg', en: 'Baden-Württemberg' },
  BY: { de: 'Bayern', en: 'Bavaria' },
  BE: { de: 'Berlin', en: 'Berlin' },
  BB: { de: 'Brandenburg', en: 'Brandenburg' },
  HB: { de: 'Bremen', en: 'Bremen' },
  HH: { de: 'Hamburg', en: 'Hamburg' },
  HE: { de: 'Hessen', en: 'Hesse' },
  MV: { de: 'Mecklenburg-Vorpommern', en: 'Mecklenburg-Western Pomerania' },
  NI: { de: 'Niedersachsen', en: 'Lower Saxony' },
  NW: { de: 'Nordrhein-Westfalen', en: 'North Rhine-Westphalia' },
  RP: { de: 'Rheinland-Pfalz', en: 'Rhineland-Palatinate' },
  SL: { de: 'Saarland', en: 'Saarland' },
  SN: { de: 'Sachsen', en: 'Saxony' },
  ST: { de: 'Sachsen-Anhalt', en: 'Saxony-Anhalt' },
  SH: { de: 'Schleswig-Holstein', en: 'Schleswig-Holstein' },
  TH: { de: 'Thüringen', en: 'Thuringia' },
};

/**
 * Our names for the regions the holiday data knows (it names Eichsfeld "Eichfeld" and has
 * German names only for most); a region it adds later is offered under its own name.
 */
const REGION_NAMES: Record<string, Names> = {
  'BY-A': { de: 'Stadt Augsburg', en: 'City of Augsburg' },
  'BY-KATH': { de: 'Überwiegend katholische Gemeinden', en: 'Predominantly Catholic municipalities' },
  'BY-EVANG': { de: 'Überwiegend evangelische Gemeinden', en: 'Predominantly Protestant municipalities' },
  'SN-BZ': {
    de: 'Landkreis Bautzen (Gemeinden mit Fronleichnam)',
    en: 'District of Bautzen (municipalities with Corpus Christi)',
  },
  'TH-EIC': { de: 'Landkreis Eichsfeld', en: 'Eichsfeld district' },
  'TH-UH': {
    de: 'Unstrut-Hainich-Kreis (Gemeinden mit Fronleichnam)',
    en: 'Unstrut-Hainich district (municipalities with Corpus Christi)',
  },
  'TH-WAK': {
    de: 'Wartburgkreis (Gemeinden mit Fronleichnam)',
    en: 'Wartburg district (municipalities with Corpus Christi)',
  },
};

export interface RegionInfo {
  readonly code: string;
  readonly name: Names;
}

export interface LandInfo {
  readonly code: GermanLand;
  readonly name: Names;
  readonly regions: readonly RegionInfo[];
}

let places: readonly LandInfo[] | undefined;

/** Every Land with the regions the holiday data distinguishes in it. */
export function holidayPlaces(): readonly LandInfo[] {
  if (!places) {
    const data = new Holidays();
    places = GERMAN_LANDS.map((code) => {
      const regions = Object.entries(data.getRegions('DE', code) ?? {}).map(([r, name]) => ({
        code: r,
        name: REGION_NAMES[`${code}-${r}`] ?? { de: name, en: name },
      }));
      return { code, name: LAND_NAMES[code], regions };
    });
  }
  return places;
}

export function isGermanLand(value: unknown): value is GermanLand {
  return typeof value === 'string' && (GERMAN_LANDS as readonly string[]).includes(value);
}

/** Where a tenant is, for its holidays: nothing (nationwide only), a Land, or a region of it. */
export interface HolidayPlace {
  readonly land?: GermanLand;
  readonly region?: string;
}

export type PlaceCheck =
  | { readonly ok: true; readonly place: HolidayPlace }
  | { readonly ok: false; readonly problem: 'land'; readonly land: string; readonly valid: readonly string[] }
  | {
      readonly ok: false;
      readonly problem: 'region';
      readonly land: string | null;
      readonly region: string;
      readonly valid: readonly string[];
    };

/**
 * Checks a Land and region as an admin enters them (case-insensitive, blank = none). A
 * region needs its Land; the answer to a wrong value lists the valid ones.
 */
export function checkHolidayPlace(land?: string | null, region?: string | null): PlaceCheck {
  const l = land?.trim().toUpperCase() || undefined;
  const r = region?.trim().toUpperCase() || undefined;
  if (l !== undefined && !isGermanLand(l)) {
    return { ok: false, problem: 'land', land: land!, valid: GERMAN_LANDS };
  }
  if (r === undefined) return { ok: true, place: l ? { land: l } : {} };
  const valid = l
    ? holidayPlaces()
        .find((p) => p.code === l)!
        .regions.map((x) => x.code)
    : [];
  if (!l || !valid.includes(r)) {
    return { ok: false, problem: 'region', land: l ?? null, region: region!, valid };
  }
  return { ok: true, place: { land: l, region: r } };
}

export function placeKey(place: HolidayPlace): string {
  return [place.land ?? '', place.region ?? ''].join('-');
}

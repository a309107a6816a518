/**
 * How long a filed document is kept: a pure function of the tenant's Land, its settings and
 * the Kontierung, with the legal basis recorded beside the date.
 *
 * Sources:
 * - § 147 Abs. 1 Nr. 4, Abs. 3 AO (as amended by the Viertes Bürokratieentlastungsgesetz,
 *   BEG IV, BGBl. 2024 I Nr. 323): Buchungsbelege 8 years (before: 10); also § 257 Abs. 4
 *   HGB, § 14b Abs. 1 UStG. The period starts with the end of the calendar year (§ 147
 *   Abs. 4 AO), so a document filed in 2026 is kept to 31 Dec 2034.
 * - Municipal Kassenrecht can be stricter: SächsKomKBVO § 34 Abs. 2 (Sachsen) keeps
 *   Bücher, Inventare and Belege 10 years; KomHKV § 37 Abs. 2 (Niedersachsen) 10 years.
 *   (SächsKomKBVO counts from 1 January after the Jahresabschluss is adopted; filing time is
 *   the earliest such start, so the tenant can lengthen it with `retention_years`.)
 * - Subsidised investments follow the Zweckbindungsfrist of the grant (up to 25 years): a
 *   tenant setting (`subsidy_retention_years`) applies when any Kontierung line carries an
 *   Investitionsnummer.
 */
import { yearInBerlin } from './aktenzeichen.js';

export type RetentionClass = 'buchungsbeleg' | 'foerdermittel';

export interface RetentionInput {
  /** The instant of filing. */
  readonly filedAt: Date;
  /** ISO 3166-2 code of the tenant's Land (`tenants.holiday_land`), null when unknown. */
  readonly land: string | null;
  /** The tenant's override of the years for Belege (`record_settings.retention_years`). */
  readonly retentionYears: number | null;
  /** Years for subsidised investments (`record_settings.subsidy_retention_years`); null: none. */
  readonly subsidyRetentionYears: number | null;
  /** Whether any Kontierung line has an Investitionsnummer. */
  readonly subsidised: boolean;
}

export interface Retention {
  readonly retentionClass: RetentionClass;
  readonly years: number;
  /** ISO date, 31 December of (year of filing + years). */
  readonly retainUntil: string;
  /** The legal basis, for the document's metadata. */
  readonly basis: string;
}

/** § 147 Abs. 3 AO (BEG IV). */
export const AO_BELEG_YEARS = 8;

/** Länder whose municipal Kassenrecht keeps Belege longer than the AO. */
export const LAND_BELEG_YEARS: Readonly<Record<string, { years: number; basis: string }>> = {
  SN: { years: 10, basis: 'SächsKomKBVO § 34 Abs. 2' },
  NI: { years: 10, basis: 'KomHKV § 37 Abs. 2' },
};

export const MAX_RETENTION_YEARS = 100;

export function retentionFor(input: RetentionInput): Retention {
  const year = yearInBerlin(input.filedAt);
  const land = input.land ? LAND_BELEG_YEARS[input.land] : undefined;
  let years = AO_BELEG_YEARS;
  let basis = '§ 147 Abs. 1 Nr. 4, Abs. 3 AO';
  if (land) {
    years = land.years;
    basis = land.basis;
  }
  if (input.retentionYears !== null) {
    years = input.retentionYears;
    basis = 'Einstellung des Mandanten (retention_years)';
  }
  let retentionClass: RetentionClass = 'buchungsbeleg';
  if (input.subsidised && input.subsidyRetentionYears !== null && input.subsidyRetentionYears > years) {
    years = input.subsidyRetentionYears;
    retentionClass = 'foerdermittel';
    basis = 'Zweckbindungsfrist der Fördermittel (subsidy_retention_years)';
  }
  return { retentionClass, years, retainUntil: `${year + years}-12-31`, basis };
}

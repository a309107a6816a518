import { defineErrors } from '../../../common/errors/domain-error.js';

export const CalendarErrors = defineErrors({
  CALENDAR_LAND_UNKNOWN: {
    status: 422,
    de: 'Unbekanntes Land. Gültig sind die Kürzel der Länder nach ISO 3166-2 (BW, BY, BE, BB, HB, HH, HE, MV, NI, NW, RP, SL, SN, ST, SH, TH).',
    en: 'Unknown Land. Valid are the ISO 3166-2 codes of the German Länder (BW, BY, BE, BB, HB, HH, HE, MV, NI, NW, RP, SL, SN, ST, SH, TH).',
  },
  CALENDAR_REGION_UNKNOWN: {
    status: 422,
    de: 'Diese Region gibt es im gewählten Land nicht (oder es ist kein Land gewählt). Die gültigen Regionen stehen in den Details.',
    en: 'The chosen Land has no such region (or no Land is chosen). The valid regions are listed in the details.',
  },
  CALENDAR_INVALID_INPUT: {
    status: 400,
    de: 'Die Angaben zum Feiertagskalender sind ungültig.',
    en: 'The holiday calendar data is invalid.',
  },
  CALENDAR_DATE_INVALID: {
    status: 422,
    de: 'Das Datum ist kein Kalendertag im Format JJJJ-MM-TT.',
    en: 'The date is not a calendar day written as YYYY-MM-DD.',
  },
});

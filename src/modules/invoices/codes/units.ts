import type { CodeTexts } from './code-texts.js';

/**
 * UN/ECE Recommendation 20 units of measure and Recommendation 21 package types (with the
 * `X` prefix) that invoices actually use (BT-130, BT-150). Any other code is shown as written.
 */
export const UNITS: CodeTexts = {
  // Counts
  C62: ['Stück', 'unit'],
  H87: ['Stück', 'piece'],
  EA: ['Stück', 'each'],
  NAR: ['Anzahl Artikel', 'number of articles'],
  NPR: ['Anzahl Paare', 'number of pairs'],
  PR: ['Paar', 'pair'],
  SET: ['Satz', 'set'],
  DZN: ['Dutzend', 'dozen'],
  IE: ['Person', 'person'],
  LS: ['Pauschale', 'lump sum'],
  P1: ['Prozent', 'percent'],
  E48: ['Leistungseinheit', 'service unit'],
  E51: ['Auftrag', 'job'],
  ZZ: ['Vereinbarte Einheit', 'mutually defined'],
  // Time
  SEC: ['Sekunde', 'second'],
  MIN: ['Minute', 'minute'],
  HUR: ['Stunde', 'hour'],
  DAY: ['Tag', 'day'],
  E49: ['Arbeitstag', 'working day'],
  WEE: ['Woche', 'week'],
  MON: ['Monat', 'month'],
  QAN: ['Quartal', 'quarter (of a year)'],
  ANN: ['Jahr', 'year'],
  // Mass
  MGM: ['Milligramm', 'milligram'],
  GRM: ['Gramm', 'gram'],
  KGM: ['Kilogramm', 'kilogram'],
  TNE: ['Tonne', 'tonne (metric ton)'],
  LBR: ['Pfund', 'pound'],
  // Length
  MMT: ['Millimeter', 'millimetre'],
  CMT: ['Zentimeter', 'centimetre'],
  DMT: ['Dezimeter', 'decimetre'],
  MTR: ['Meter', 'metre'],
  LM: ['Laufender Meter', 'linear metre'],
  KMT: ['Kilometer', 'kilometre'],
  INH: ['Zoll', 'inch'],
  FOT: ['Fuß', 'foot'],
  // Area
  CMK: ['Quadratzentimeter', 'square centimetre'],
  MTK: ['Quadratmeter', 'square metre'],
  HAR: ['Hektar', 'hectare'],
  KMK: ['Quadratkilometer', 'square kilometre'],
  // Volume
  MLT: ['Milliliter', 'millilitre'],
  CLT: ['Zentiliter', 'centilitre'],
  LTR: ['Liter', 'litre'],
  HLT: ['Hektoliter', 'hectolitre'],
  CMQ: ['Kubikzentimeter', 'cubic centimetre'],
  DMQ: ['Kubikdezimeter', 'cubic decimetre'],
  MTQ: ['Kubikmeter', 'cubic metre'],
  GLL: ['Gallone (US)', 'gallon (US)'],
  // Energy and power
  WTT: ['Watt', 'watt'],
  KWT: ['Kilowatt', 'kilowatt'],
  MAW: ['Megawatt', 'megawatt'],
  KWH: ['Kilowattstunde', 'kilowatt hour'],
  MWH: ['Megawattstunde', 'megawatt hour (1000 kW.h)'],
  GWH: ['Gigawattstunde', 'gigawatt hour'],
  // Data
  AD: ['Byte', 'byte'],
  '4L': ['Megabyte', 'megabyte'],
  E34: ['Gigabyte', 'gigabyte'],
  E35: ['Terabyte', 'terabyte'],
  // Transport
  KMH: ['Kilometer pro Stunde', 'kilometre per hour'],
  TKM: ['Tonnenkilometer', 'tonne kilometre'],
  // Packages (Recommendation 21)
  XPP: ['Stück', 'piece'],
  XBX: ['Kiste', 'box'],
  XCT: ['Karton', 'carton'],
  XPK: ['Packung', 'package'],
  XPA: ['Päckchen', 'packet'],
  XBG: ['Beutel', 'bag'],
  XSA: ['Sack', 'sack'],
  XBO: ['Flasche', 'bottle'],
  XCA: ['Dose', 'can'],
  XTU: ['Tube', 'tube'],
  XRO: ['Rolle', 'roll'],
  XBE: ['Bündel', 'bundle'],
  XCR: ['Kasten', 'crate'],
  XDR: ['Fass', 'drum'],
  XPX: ['Palette', 'pallet'],
  XNE: ['Unverpackt', 'unpacked or unpackaged'],
};

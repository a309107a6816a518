/**
 * The CSV format of a chart of accounts, and its parser (pure: no Nest, no database).
 *
 * Format (what municipal Excel and HKR exports produce):
 * - one header row, then one account per row; blank rows are skipped;
 * - delimiter `;` or `,` (also a tab), recognised from the header row;
 * - fields may be quoted with `"` (a quote inside is doubled; delimiters and line breaks
 *   inside quotes belong to the field);
 * - encoding UTF-8 (with or without byte order mark), UTF-16 with byte order mark, or
 *   Windows-1252 (Excel's "CSV (Trennzeichen-getrennt)" on German Windows): a file that
 *   is not valid UTF-8 is read as Windows-1252;
 * - columns, named in German or English (case and surrounding blanks do not matter; other
 *   columns are ignored):
 *   - `art` / `kind` (required): `Buchungsstelle`, `Haushaltsstelle`, `Sachkonto`, `Produkt`
 *     → buchungsstelle; `Kostenstelle` → kostenstelle; `Investition`, `Investitionsnummer`
 *     → investition (case does not matter; the English names are accepted as well);
 *   - `nummer` / `code` (required): 1–64 characters, ASCII letters, digits and `.` `-` `_`,
 *     starting with a letter or digit (see `ACCOUNT_CODE`);
 *   - `bezeichnung` / `name`: up to 300 characters;
 *   - `aktiv` / `active`: `ja`/`nein`, `j`/`n`, `yes`/`no`, `true`/`false`, `1`/`0`, `x`;
 *     an empty cell (or no such column) means active;
 *   - `gueltig_ab` / `gültig_ab` / `valid_from` and `gueltig_bis` / `gültig_bis` / `valid_to`
 *     (optional): `2026-01-31` or `31.01.2026`.
 * - at most 10 MB and 100,000 accounts; a kind and code may appear once.
 *
 * Any bad row makes the whole file bad: the result lists every problem (up to
 * `MAX_PROBLEMS`) with its line number and a stable `ACCOUNTS_CSV_…` code, and the caller
 * imports nothing.
 */
import { decodeWindows1252 } from '../../../common/text/windows-1252.js';

export const ACCOUNT_KINDS = ['buchungsstelle', 'kostenstelle', 'investition'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

/**
 * The form of every account code, in the chart and in a Kontierung: 1–64 characters of
 * ASCII letters, digits, `.`, `-` and `_`, starting with a letter or digit. No blanks and
 * no `/` `;` `|`: those separate the parts of a buyer accounting reference (BT-19).
 */
export const ACCOUNT_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const CSV_MAX_BYTES = 10 * 1024 * 1024;
export const CSV_MAX_ROWS = 100_000;
export const NAME_MAX_LENGTH = 300;
/** More problems than this are counted, not listed. */
export const MAX_PROBLEMS = 1000;

export type CsvProblemCode =
  | 'ACCOUNTS_CSV_EMPTY'
  | 'ACCOUNTS_CSV_TOO_LARGE'
  | 'ACCOUNTS_CSV_TOO_MANY_ROWS'
  | 'ACCOUNTS_CSV_BINARY'
  | 'ACCOUNTS_CSV_HEADER_INVALID'
  | 'ACCOUNTS_CSV_QUOTE_UNTERMINATED'
  | 'ACCOUNTS_CSV_COLUMN_COUNT'
  | 'ACCOUNTS_CSV_KIND_UNKNOWN'
  | 'ACCOUNTS_CSV_CODE_MISSING'
  | 'ACCOUNTS_CSV_CODE_INVALID'
  | 'ACCOUNTS_CSV_NAME_TOO_LONG'
  | 'ACCOUNTS_CSV_ACTIVE_INVALID'
  | 'ACCOUNTS_CSV_DATE_INVALID'
  | 'ACCOUNTS_CSV_DATE_RANGE'
  | 'ACCOUNTS_CSV_DUPLICATE';

export interface CsvProblem {
  readonly code: CsvProblemCode;
  /** 1-based line of the file where the row starts; absent for problems of the whole file. */
  readonly line?: number;
  /** The column (as named in the header) the problem is in. */
  readonly column?: string;
  /** The offending value, shortened to 100 characters. */
  readonly value?: string;
  /** For ACCOUNTS_CSV_DUPLICATE: the line of the first occurrence; for header problems: the columns missing. */
  readonly detail?: string;
}

export interface ChartAccountRow {
  readonly line: number;
  readonly kind: AccountKind;
  readonly code: string;
  readonly name: string;
  readonly active: boolean;
  /** `YYYY-MM-DD` or null. */
  readonly validFrom: string | null;
  readonly validTo: string | null;
}

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface ParsedChart {
  readonly rows: readonly ChartAccountRow[];
  /** Every problem found (at most MAX_PROBLEMS); empty when the file may be imported. */
  readonly problems: readonly CsvProblem[];
  /** The number of problems, also those not listed. */
  readonly problemCount: number;
  readonly encoding: CsvEncoding;
  readonly delimiter: string;
  /** Header columns the format does not know (ignored). */
  readonly ignoredColumns: readonly string[];
}

const KIND_OF: Readonly<Record<string, AccountKind>> = {
  buchungsstelle: 'buchungsstelle',
  haushaltsstelle: 'buchungsstelle',
  sachkonto: 'buchungsstelle',
  produkt: 'buchungsstelle',
  kostenstelle: 'kostenstelle',
  investition: 'investition',
  investitionsnummer: 'investition',
  // English names, as the API and documentation call them.
  'booking-account': 'buchungsstelle',
  'cost-centre': 'kostenstelle',
  'cost-center': 'kostenstelle',
  investment: 'investition',
};

type Column = 'kind' | 'code' | 'name' | 'active' | 'validFrom' | 'validTo';

const COLUMN_OF: Readonly<Record<string, Column>> = {
  art: 'kind',
  kind: 'kind',
  nummer: 'code',
  code: 'code',
  bezeichnung: 'name',
  name: 'name',
  aktiv: 'active',
  active: 'active',
  gueltig_ab: 'validFrom',
  gültig_ab: 'validFrom',
  valid_from: 'validFrom',
  gueltig_bis: 'validTo',
  gültig_bis: 'validTo',
  valid_to: 'validTo',
};

const TRUE_VALUES = new Set(['', 'ja', 'j', 'yes', 'y', 'true', 'wahr', '1', 'x', 'aktiv', 'active']);
const FALSE_VALUES = new Set(['nein', 'n', 'no', 'false', 'falsch', '0', 'inaktiv', 'inactive']);

/** The text of a file: byte order marks first, then strict UTF-8, else Windows-1252. */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

interface Record_ {
  readonly line: number;
  readonly fields: string[];
}

/**
 * Splits CSV text into records (RFC 4180 with any line ending). An unterminated quote is
 * reported with the line it opened on; the rest of the file is then one field and ignored.
 */
function* records(
  text: string,
  delimiter: string,
  onUnterminated: (line: number) => void,
): Generator<Record_> {
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let fieldStart = true;
    let ended = false;
    while (i < n) {
      const c = text[i];
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          quoted = false;
          i += 1;
          continue;
        }
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line += 1;
        field += c;
        i += 1;
        continue;
      }
      if (c === '"' && fieldStart) {
        quoted = true;
        fieldStart = false;
        i += 1;
        continue;
      }
      if (c === delimiter) {
        fields.push(field);
        field = '';
        fieldStart = true;
        i += 1;
        continue;
      }
      if (c === '\r' || c === '\n') {
        i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line += 1;
        ended = true;
        break;
      }
      // Blanks before an opening quote (`; "a"`) are tolerated as Excel writes none.
      if (!(fieldStart && (c === ' ' || c === '\t') && c !== delimiter)) fieldStart = false;
      field += c;
      i += 1;
    }
    if (quoted) {
      onUnterminated(start);
      return;
    }
    fields.push(field);
    yield { line: start, fields };
    if (!ended) return;
  }
}

/** The header's first line split by the delimiter that names the most known columns. */
function detectDelimiter(text: string): string {
  const first = text.slice(0, text.search(/\r|\n|$/));
  let best = ';';
  let bestScore = -1;
  for (const d of [';', ',', '\t']) {
    const score = first
      .split(d)
      .map(headerKey)
      .filter((h) => COLUMN_OF[h] !== undefined).length;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

function headerKey(h: string): string {
  return h
    .trim()
    .replace(/^"|"$/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

const shorten = (v: string) => (v.length > 100 ? `${v.slice(0, 99)}…` : v);

/** `2026-01-31` or `31.01.2026` (also `1.2.2026`) as `YYYY-MM-DD`; undefined when no real date. */
export function parseDate(value: string): string | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const de = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value);
  const [y, m, d] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : de
      ? [Number(de[3]), Number(de[2]), Number(de[1])]
      : [NaN, NaN, NaN];
  if (!Number.isInteger(y) || y < 1900 || y > 9999) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return `${String(y)}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The kind a value of the `art` column names, or undefined. */
export function kindOf(value: string): AccountKind | undefined {
  return KIND_OF[value.trim().toLowerCase().replace(/\s+/g, '-')];
}

/** Parses a chart-of-accounts file (bytes as uploaded). */
export function parseChartCsv(bytes: Uint8Array): ParsedChart {
  const problems: CsvProblem[] = [];
  let problemCount = 0;
  const report = (p: CsvProblem) => {
    problemCount += 1;
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  const fail = (p: CsvProblem, encoding: CsvEncoding = 'utf-8', delimiter = ';'): ParsedChart => {
    report(p);
    return { rows: [], problems, problemCount, encoding, delimiter, ignoredColumns: [] };
  };

  if (bytes.length > CSV_MAX_BYTES)
    return fail({ code: 'ACCOUNTS_CSV_TOO_LARGE', detail: String(CSV_MAX_BYTES) });
  const { text, encoding } = decodeCsv(bytes);
  // A NUL is in no text file: a spreadsheet (xlsx) or another binary file was sent.
  if (text.includes('\u0000')) return fail({ code: 'ACCOUNTS_CSV_BINARY' }, encoding);
  if (text.trim() === '') return fail({ code: 'ACCOUNTS_CSV_EMPTY' }, encoding);

  const delimiter = detectDelimiter(text);
  const iterator = records(text, delimiter, (line) =>
    report({ code: 'ACCOUNTS_CSV_QUOTE_UNTERMINATED', line }),
  );
  let header: Record_ | undefined;
  // Not `for … of` with `break`: that would close the generator before the data rows.
  for (let next = iterator.next(); !next.done; next = iterator.next()) {
    if (next.value.fields.some((f) => f.trim() !== '')) {
      header = next.value;
      break;
    }
  }
  if (!header) {
    if (problemCount > 0)
      return { rows: [], problems, problemCount, encoding, delimiter, ignoredColumns: [] };
    return fail({ code: 'ACCOUNTS_CSV_EMPTY' }, encoding, delimiter);
  }

  const index: Partial<Record<Column, number>> = {};
  const names: Partial<Record<Column, string>> = {};
  const ignoredColumns: string[] = [];
  const duplicated: string[] = [];
  header.fields.forEach((raw, i) => {
    const key = headerKey(raw);
    const column = COLUMN_OF[key];
    if (column === undefined) {
      if (raw.trim() !== '') ignoredColumns.push(raw.trim());
      return;
    }
    if (index[column] !== undefined) duplicated.push(raw.trim());
    index[column] = i;
    names[column] = raw.trim();
  });
  const missing = (['kind', 'code'] as const).filter((c) => index[c] === undefined);
  if (missing.length > 0 || duplicated.length > 0) {
    return fail(
      {
        code: 'ACCOUNTS_CSV_HEADER_INVALID',
        line: header.line,
        detail:
          missing.length > 0
            ? `missing: ${missing.map((c) => (c === 'kind' ? 'art/kind' : 'nummer/code')).join(', ')}`
            : `duplicate: ${duplicated.join(', ')}`,
      },
      encoding,
      delimiter,
    );
  }

  const rows: ChartAccountRow[] = [];
  const seen = new Map<string, number>();
  let dataRows = 0;
  const width = header.fields.length;
  for (const r of iterator) {
    if (r.fields.every((f) => f.trim() === '')) continue;
    dataRows += 1;
    if (dataRows > CSV_MAX_ROWS) {
      report({ code: 'ACCOUNTS_CSV_TOO_MANY_ROWS', line: r.line, detail: String(CSV_MAX_ROWS) });
      break;
    }
    // Trailing empty cells (Excel pads rows to the widest one) are no extra columns.
    if (r.fields.length > width && r.fields.slice(width).some((f) => f.trim() !== '')) {
      report({ code: 'ACCOUNTS_CSV_COLUMN_COUNT', line: r.line, detail: `${r.fields.length}/${width}` });
      continue;
    }
    const cell = (c: Column) => {
      const i = index[c];
      return i === undefined ? '' : (r.fields[i] ?? '').trim();
    };
    const at = (c: Column, code: CsvProblemCode, value?: string, detail?: string) =>
      report({
        code,
        line: r.line,
        column: names[c],
        ...(value !== undefined && { value: shorten(value) }),
        ...(detail !== undefined && { detail }),
      });
    let ok = true;
    const kindText = cell('kind');
    const kind = kindOf(kindText);
    if (!kind) {
      at('kind', 'ACCOUNTS_CSV_KIND_UNKNOWN', kindText);
      ok = false;
    }
    const code = cell('code');
    if (code === '') {
      at('code', 'ACCOUNTS_CSV_CODE_MISSING');
      ok = false;
    } else if (!ACCOUNT_CODE.test(code)) {
      at('code', 'ACCOUNTS_CSV_CODE_INVALID', code);
      ok = false;
    }
    const name = cell('name').replace(/\s+/g, ' ');
    if (name.length > NAME_MAX_LENGTH) {
      at('name', 'ACCOUNTS_CSV_NAME_TOO_LONG', name, String(NAME_MAX_LENGTH));
      ok = false;
    }
    const activeText = cell('active').toLowerCase();
    const active = TRUE_VALUES.has(activeText) ? true : FALSE_VALUES.has(activeText) ? false : undefined;
    if (active === undefined) {
      at('active', 'ACCOUNTS_CSV_ACTIVE_INVALID', cell('active'));
      ok = false;
    }
    const date = (c: Column): string | null | undefined => {
      const v = cell(c);
      if (v === '') return null;
      const d = parseDate(v);
      if (d === undefined) at(c, 'ACCOUNTS_CSV_DATE_INVALID', v);
      return d;
    };
    const validFrom = date('validFrom');
    const validTo = date('validTo');
    if (validFrom === undefined || validTo === undefined) ok = false;
    else if (validFrom !== null && validTo !== null && validTo < validFrom) {
      at('validTo', 'ACCOUNTS_CSV_DATE_RANGE', cell('validTo'));
      ok = false;
    }
    if (kind && ACCOUNT_CODE.test(code)) {
      const key = `${kind}\u0000${code}`;
      const first = seen.get(key);
      if (first !== undefined) {
        at('code', 'ACCOUNTS_CSV_DUPLICATE', code, String(first));
        ok = false;
      } else seen.set(key, r.line);
    }
    if (ok && kind && active !== undefined && validFrom !== undefined && validTo !== undefined) {
      rows.push({ line: r.line, kind, code, name, active, validFrom, validTo });
    }
  }
  if (dataRows === 0 && problemCount === 0) report({ code: 'ACCOUNTS_CSV_EMPTY' });
  return { rows: problemCount > 0 ? [] : rows, problems, problemCount, encoding, delimiter, ignoredColumns };
}

/** What each problem code means, in German and English (the line and column are shown beside it). */
export const CSV_PROBLEM_MESSAGES: Readonly<
  Record<CsvProblemCode, { readonly de: string; readonly en: string }>
> = {
  ACCOUNTS_CSV_EMPTY: {
    de: 'Die Datei enthält keine Konten (nur eine Kopfzeile oder nichts).',
    en: 'The file contains no accounts (only a header row, or nothing).',
  },
  ACCOUNTS_CSV_TOO_LARGE: {
    de: 'Die Datei ist größer als 10 MB.',
    en: 'The file is larger than 10 MB.',
  },
  ACCOUNTS_CSV_TOO_MANY_ROWS: {
    de: 'Die Datei enthält mehr als 100.000 Konten.',
    en: 'The file contains more than 100,000 accounts.',
  },
  ACCOUNTS_CSV_BINARY: {
    de: 'Die Datei ist keine CSV-Textdatei (z. B. eine Excel-Arbeitsmappe). Speichern Sie sie als „CSV (Trennzeichen-getrennt)“.',
    en: 'The file is not a CSV text file (e.g. an Excel workbook). Save it as "CSV (comma delimited)".',
  },
  ACCOUNTS_CSV_HEADER_INVALID: {
    de: 'Die Kopfzeile braucht die Spalten „art“ und „nummer“ (oder „kind“ und „code“), jede nur einmal.',
    en: 'The header row needs the columns "art" and "nummer" (or "kind" and "code"), each only once.',
  },
  ACCOUNTS_CSV_QUOTE_UNTERMINATED: {
    de: 'Ein Anführungszeichen, das in dieser Zeile beginnt, wird nie geschlossen.',
    en: 'A quote that opens in this line is never closed.',
  },
  ACCOUNTS_CSV_COLUMN_COUNT: {
    de: 'Die Zeile hat mehr Spalten als die Kopfzeile.',
    en: 'The row has more columns than the header row.',
  },
  ACCOUNTS_CSV_KIND_UNKNOWN: {
    de: 'Unbekannte Art: erlaubt sind Buchungsstelle, Haushaltsstelle, Sachkonto, Produkt, Kostenstelle, Investition, Investitionsnummer.',
    en: 'Unknown kind: allowed are Buchungsstelle, Haushaltsstelle, Sachkonto, Produkt, Kostenstelle, Investition, Investitionsnummer.',
  },
  ACCOUNTS_CSV_CODE_MISSING: { de: 'Die Nummer fehlt.', en: 'The code is missing.' },
  ACCOUNTS_CSV_CODE_INVALID: {
    de: 'Die Nummer ist ungültig: 1–64 Zeichen aus Buchstaben A–Z, Ziffern, Punkt, Bindestrich und Unterstrich, beginnend mit Buchstabe oder Ziffer.',
    en: 'The code is invalid: 1–64 characters of letters A–Z, digits, dot, hyphen and underscore, starting with a letter or digit.',
  },
  ACCOUNTS_CSV_NAME_TOO_LONG: {
    de: 'Die Bezeichnung ist länger als 300 Zeichen.',
    en: 'The name is longer than 300 characters.',
  },
  ACCOUNTS_CSV_ACTIVE_INVALID: {
    de: 'Unbekannter Wert für „aktiv“: erlaubt sind ja/nein, j/n, 1/0, x oder leer (aktiv).',
    en: 'Unknown value for "active": allowed are yes/no, true/false, 1/0, x or empty (active).',
  },
  ACCOUNTS_CSV_DATE_INVALID: {
    de: 'Kein gültiges Datum: erwartet 31.01.2026 oder 2026-01-31.',
    en: 'Not a valid date: expected 31.01.2026 or 2026-01-31.',
  },
  ACCOUNTS_CSV_DATE_RANGE: {
    de: '„Gültig bis“ liegt vor „gültig ab“.',
    en: '"Valid to" is before "valid from".',
  },
  ACCOUNTS_CSV_DUPLICATE: {
    de: 'Art und Nummer kommen in der Datei mehrfach vor (zuerst in der genannten Zeile).',
    en: 'Kind and code appear more than once in the file (first in the line given).',
  },
};

import { CSV_MAX_BYTES, CSV_PROBLEM_MESSAGES, decodeCsv, parseChartCsv, parseDate } from './chart-csv.js';

const utf8 = (s: string) => Buffer.from(s, 'utf8');

/** Windows-1252 bytes of a text (Latin-1 letters map 1:1; the euro sign is 0x80, the en dash 0x96). */
function cp1252(s: string): Buffer {
  const high: Record<string, number> = { '€': 0x80, '„': 0x84, '“': 0x93, '–': 0x96 };
  return Buffer.from([...s].map((c) => high[c] ?? c.charCodeAt(0)));
}

describe('chart of accounts CSV', () => {
  it('reads the German header with ; and cp1252 umlauts as Excel on German Windows writes them', () => {
    const file = cp1252(
      'Art;Nummer;Bezeichnung;Aktiv\r\n' +
        'Haushaltsstelle;1.1100.521100;Unterhaltung Grundstücke;ja\r\n' +
        'Kostenstelle;4711;Bürgerbüro Süd – Öffnung €;nein\r\n' +
        'Investitionsnummer;I-2026-001;Straßenausbau;\r\n',
    );
    const parsed = parseChartCsv(file);
    expect(parsed.problems).toEqual([]);
    expect(parsed.encoding).toBe('windows-1252');
    expect(parsed.delimiter).toBe(';');
    expect(parsed.rows).toEqual([
      {
        line: 2,
        kind: 'buchungsstelle',
        code: '1.1100.521100',
        name: 'Unterhaltung Grundstücke',
        active: true,
        validFrom: null,
        validTo: null,
      },
      {
        line: 3,
        kind: 'kostenstelle',
        code: '4711',
        name: 'Bürgerbüro Süd – Öffnung €',
        active: false,
        validFrom: null,
        validTo: null,
      },
      {
        line: 4,
        kind: 'investition',
        code: 'I-2026-001',
        name: 'Straßenausbau',
        active: true,
        validFrom: null,
        validTo: null,
      },
    ]);
  });

  it('reads UTF-8 with a byte order mark, the English header with , and quoted fields', () => {
    const file = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      utf8(
        'kind,code,name,active,valid_from,valid_to\n' +
          'Sachkonto,52110000,"Mieten, Pachten ""Altbau""",true,2026-01-01,31.12.2026\n' +
          'produkt,11.1.01,"Verwaltung\nmit Zeilenumbruch",0,,\n' +
          'KOSTENSTELLE,KS_100,Schulamt,x,,\n',
      ),
    ]);
    const parsed = parseChartCsv(file);
    expect(parsed.problems).toEqual([]);
    expect(parsed.encoding).toBe('utf-8');
    expect(parsed.delimiter).toBe(',');
    expect(
      parsed.rows.map((r) => [r.line, r.kind, r.code, r.name, r.active, r.validFrom, r.validTo]),
    ).toEqual([
      [2, 'buchungsstelle', '52110000', 'Mieten, Pachten "Altbau"', true, '2026-01-01', '2026-12-31'],
      [3, 'buchungsstelle', '11.1.01', 'Verwaltung mit Zeilenumbruch', false, null, null],
      // The quoted line break moved the next record to line 5.
      [5, 'kostenstelle', 'KS_100', 'Schulamt', true, null, null],
    ]);
  });

  it('reads UTF-8 without byte order mark, with a quoted delimiter inside a field', () => {
    const parsed = parseChartCsv(
      utf8('art;nummer;bezeichnung\nBuchungsstelle;1000;"Straße; Weg und Platz"\n'),
    );
    expect(parsed.encoding).toBe('utf-8');
    expect(parsed.rows).toMatchObject([{ code: '1000', name: 'Straße; Weg und Platz', active: true }]);
  });

  it('ignores unknown columns, blank rows and the empty cells Excel pads rows with', () => {
    const parsed = parseChartCsv(
      utf8('Nummer;Art;Verantwortlich;Bezeichnung\n\n4711;Kostenstelle;Frau Roth;Kita;;\n;;;\n'),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.ignoredColumns).toEqual(['Verantwortlich']);
    expect(parsed.rows).toMatchObject([{ line: 3, kind: 'kostenstelle', code: '4711', name: 'Kita' }]);
  });

  it('reports every bad row with its line number and a stable code, and imports nothing', () => {
    const file = utf8(
      [
        'art;nummer;bezeichnung;aktiv;gueltig_ab;gueltig_bis',
        'Buchungsstelle;1000;gut;ja;;',
        'Konto;2000;unbekannte Art;ja;;',
        'Kostenstelle;;ohne Nummer;ja;;',
        'Kostenstelle;47 11;mit Leerzeichen;ja;;',
        'Kostenstelle;4712;aktiv?;vielleicht;;',
        'Kostenstelle;4713;Datum;ja;31.02.2026;',
        'Kostenstelle;4714;rückwärts;ja;2026-06-01;2026-01-01',
        'Buchungsstelle;1000;doppelt;ja;;',
        'Kostenstelle;4715;zu viele;ja;;;Spalte',
      ].join('\n'),
    );
    const parsed = parseChartCsv(file);
    expect(parsed.rows).toEqual([]);
    expect(parsed.problems.map((p) => [p.line, p.code, p.column ?? null])).toEqual([
      [3, 'ACCOUNTS_CSV_KIND_UNKNOWN', 'art'],
      [4, 'ACCOUNTS_CSV_CODE_MISSING', 'nummer'],
      [5, 'ACCOUNTS_CSV_CODE_INVALID', 'nummer'],
      [6, 'ACCOUNTS_CSV_ACTIVE_INVALID', 'aktiv'],
      [7, 'ACCOUNTS_CSV_DATE_INVALID', 'gueltig_ab'],
      [8, 'ACCOUNTS_CSV_DATE_RANGE', 'gueltig_bis'],
      [9, 'ACCOUNTS_CSV_DUPLICATE', 'nummer'],
      [10, 'ACCOUNTS_CSV_COLUMN_COUNT', null],
    ]);
    expect(parsed.problems[6]).toMatchObject({ value: '1000', detail: '2' });
    expect(parsed.problemCount).toBe(8);
    for (const p of parsed.problems) expect(CSV_PROBLEM_MESSAGES[p.code].de).toBeTruthy();
  });

  it('refuses a header without the required columns', () => {
    const parsed = parseChartCsv(utf8('Konto;Text\n1000;Miete\n'));
    expect(parsed.problems).toEqual([
      { code: 'ACCOUNTS_CSV_HEADER_INVALID', line: 1, detail: 'missing: art/kind, nummer/code' },
    ]);
  });

  it('reports a quote that is never closed with the line it opens on', () => {
    const parsed = parseChartCsv(
      utf8('art;nummer;bezeichnung\nKostenstelle;1;ok\nKostenstelle;2;"offen\nKostenstelle;3;x\n'),
    );
    expect(parsed.problems).toEqual([{ code: 'ACCOUNTS_CSV_QUOTE_UNTERMINATED', line: 3 }]);
    expect(parsed.rows).toEqual([]);
  });

  it('refuses empty, header-only, binary and oversized files', () => {
    expect(parseChartCsv(utf8('')).problems).toEqual([{ code: 'ACCOUNTS_CSV_EMPTY' }]);
    expect(parseChartCsv(utf8('art;nummer\n\n')).problems).toEqual([{ code: 'ACCOUNTS_CSV_EMPTY' }]);
    // An xlsx workbook is a ZIP file.
    expect(parseChartCsv(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00])).problems).toEqual([
      { code: 'ACCOUNTS_CSV_BINARY' },
    ]);
    expect(parseChartCsv(Buffer.alloc(CSV_MAX_BYTES + 1, 0x41)).problems[0].code).toBe(
      'ACCOUNTS_CSV_TOO_LARGE',
    );
  });

  it('stops at 100,000 accounts', () => {
    const lines = ['art;nummer'];
    for (let i = 0; i <= 100_000; i++) lines.push(`Kostenstelle;K${i}`);
    const parsed = parseChartCsv(utf8(lines.join('\n')));
    expect(parsed.problems).toEqual([
      { code: 'ACCOUNTS_CSV_TOO_MANY_ROWS', line: 100_002, detail: '100000' },
    ]);
  });

  it('decodes all of Windows-1252, also the letters Latin-1 lacks', () => {
    expect(
      decodeCsv(Buffer.from([0x84, 0x53, 0x74, 0x72, 0x61, 0xdf, 0x65, 0x93, 0x20, 0x96, 0x20, 0x80, 0x8a]))
        .text,
    ).toBe('„Straße“ – €Š');
  });

  it('decodes UTF-16 with a byte order mark', () => {
    const text = 'art\tnummer\nKostenstelle\tÄ1\n';
    const { text: decoded, encoding } = decodeCsv(
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    );
    expect([decoded, encoding]).toEqual([text, 'utf-16le']);
  });

  it('reads dates in both forms and only real ones', () => {
    expect(parseDate('2026-02-28')).toBe('2026-02-28');
    expect(parseDate('1.3.2026')).toBe('2026-03-01');
    expect(parseDate('29.02.2025')).toBeUndefined();
    expect(parseDate('2026/01/01')).toBeUndefined();
  });
});

/**
 * DATEV EXTF and CSV files of postings. The checker below is written here from the EXTF
 * rules in POSTINGS.md §3.1 (header fields, 125 columns, Windows-1252 bytes, CRLF, field
 * lengths and formats, Belegdatum inside the batch period), independent of the writer; the
 * file of a test batch (an invoice, a credit note, a reversal, umlauts) must pass it, and
 * reading the file back must give the amounts of the postings.
 */
import { jest } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as postingsCli } from '../../../src/modules/postings/cli/postings.command.js';
import type { Posting } from '../../../src/modules/postings/posting.js';
import { type TestApp, startTestApp } from '../../support/app.js';
import { runCli } from '../auth/run-cli.js';
import { call } from '../auth/identity-context.js';
import { type PostingFixture, postingFixture } from './posting-fixture.js';

jest.setTimeout(180_000);

/** Splits one `;` line with `"…"` text fields (quotes doubled inside). */
function fields(line: string): Array<{ value: string; quoted: boolean }> {
  const out: Array<{ value: string; quoted: boolean }> = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        if (line[i] === '"' && line[i + 1] === '"') {
          v += '"';
          i += 2;
        } else if (line[i] === '"') break;
        else if (i >= line.length) throw new Error(`unclosed quote in ${line.slice(0, 40)}`);
        else v += line[i++];
      }
      i++;
      out.push({ value: v, quoted: true });
    } else {
      const end = line.indexOf(';', i);
      out.push({ value: line.slice(i, end < 0 ? line.length : end), quoted: false });
      i = end < 0 ? line.length : end;
    }
    if (i >= line.length) return out;
    if (line[i] !== ';') throw new Error(`expected ; at ${i}`);
    i++;
  }
}

/** Windows-1252 as the code page table has it (the 0x80 block: only what this batch uses). */
const C1: Record<number, string> = { 0x80: '€', 0x84: '„', 0x93: '“', 0x94: '”', 0x96: '–', 0x97: '—' };
const cp1252Text = (b: Buffer) => [...b].map((x) => C1[x] ?? String.fromCharCode(x)).join('');

interface Booking {
  umsatz: string;
  side: string;
  konto: string;
  gegenkonto: string;
  belegdatum: string;
  belegfeld1: string;
  text: string;
  link: string;
  postingId: string;
  kost1: string;
  gu: string;
}

/** The EXTF rules of POSTINGS.md §3.1; returns problems found and the bookings read. */
function checkExtf(bytes: Buffer): { problems: string[]; bookings: Booking[]; header: string[] } {
  const problems: string[] = [];
  if (bytes[0] === 0xef && bytes[1] === 0xbb) problems.push('BOM: must be Windows-1252');
  // Valid UTF-8 multi-byte sequences for umlauts would mean the file is UTF-8.
  if (bytes.includes(Buffer.from('ü', 'utf8'))) problems.push('UTF-8 umlaut bytes');
  const text = cp1252Text(bytes);
  if (!text.endsWith('\r\n')) problems.push('last line without CRLF');
  if (/[^\r]\n/.test(text)) problems.push('LF without CR');
  const lines = text.slice(0, -2).split('\r\n');
  const header = fields(lines[0]).map((f) => f.value);
  const h = (n: number) => header[n - 1];
  if (header.length !== 31) problems.push(`header has ${header.length} fields`);
  if (lines[0].length > 1000) problems.push('header longer than 1000');
  if (h(1) !== 'EXTF' || h(2) !== '700' || h(3) !== '21' || h(4) !== 'Buchungsstapel' || h(5) !== '13')
    problems.push(`header triple ${h(1)} ${h(2)} ${h(3)} ${h(4)} ${h(5)}`);
  if (!/^20\d{15}$/.test(h(6))) problems.push(`Erzeugt am ${h(6)}`);
  if (h(8).length !== 2) problems.push(`Herkunft ${h(8)}`);
  if (!/^\d{4,7}$/.test(h(11)) || Number(h(11)) < 1001) problems.push(`Beraternummer ${h(11)}`);
  if (!/^\d{1,5}$/.test(h(12))) problems.push(`Mandantennummer ${h(12)}`);
  const skl = Number(h(14));
  if (!(skl >= 4 && skl <= 8)) problems.push(`Sachkontenlänge ${h(14)}`);
  const [wj, from, to] = [h(13), h(15), h(16)];
  for (const d of [wj, from, to]) if (!/^20\d{6}$/.test(d)) problems.push(`date ${d}`);
  if (from.slice(0, 4) !== to.slice(0, 4)) problems.push('Datum vom/bis in two years');
  if (from < wj) problems.push('Datum vom before WJ-Beginn');
  const wjEnd = `${Number(wj.slice(0, 4)) + 1}${wj.slice(4)}`;
  if (to >= wjEnd) problems.push('Datum bis beyond the WJ');
  if (h(17).length > 30) problems.push('Bezeichnung > 30');
  if (h(19) !== '1' || h(20) !== '0') problems.push('fields 19/20');
  if (!['03', '04'].includes(h(27))) problems.push(`SKR ${h(27)}`);

  const headings = fields(lines[1]);
  if (headings.length !== 125) problems.push(`${headings.length} headings`);
  if (headings[0].value !== 'Umsatz (ohne Soll/Haben-Kz)' || headings[124].value !== 'Abw. Skontokonto')
    problems.push('headings differ');
  if (lines.length - 2 > 99_999) problems.push('too many bookings');

  const bookings: Booking[] = [];
  for (const [n, line] of lines.slice(2).entries()) {
    const f = fields(line);
    const v = (i: number) => f[i - 1]?.value ?? '';
    const at = `booking ${n + 1}`;
    if (f.length !== 125) problems.push(`${at}: ${f.length} fields`);
    if (f.some((x) => /[\r\n\t]/.test(x.value))) problems.push(`${at}: control character`);
    if (!/^\d{1,10},\d{2}$/.test(v(1)) || /^0+,00$/.test(v(1))) problems.push(`${at}: Umsatz ${v(1)}`);
    if (!['S', 'H'].includes(v(2)) || !f[1].quoted) problems.push(`${at}: Soll/Haben ${v(2)}`);
    if (!/^\d+$/.test(v(7)) || v(7).length > skl) problems.push(`${at}: Konto ${v(7)}`);
    if (!/^\d+$/.test(v(8)) || v(8).length > skl + 1) problems.push(`${at}: Gegenkonto ${v(8)}`);
    if (!/^\d{0,4}$/.test(v(9))) problems.push(`${at}: BU ${v(9)}`);
    const tt = Number(v(10).slice(0, 2));
    const mm = Number(v(10).slice(2, 4));
    const date = `${from.slice(0, 4)}${v(10).slice(2, 4)}${v(10).slice(0, 2)}`;
    const real = new Date(Date.UTC(Number(from.slice(0, 4)), mm - 1, tt)).getUTCDate() === tt;
    if (!/^\d{4}$/.test(v(10)) || !real) problems.push(`${at}: Belegdatum ${v(10)}`);
    if (date < from || date > to) problems.push(`${at}: Belegdatum ${v(10)} outside ${from}–${to}`);
    if (!/^[A-Za-z0-9$&%*+\-/]{0,36}$/.test(v(11))) problems.push(`${at}: Belegfeld 1 ${v(11)}`);
    if (v(12).length > 12) problems.push(`${at}: Belegfeld 2`);
    if (v(14).length > 60) problems.push(`${at}: Buchungstext > 60`);
    if (v(37).length > 36 || v(38).length > 36) problems.push(`${at}: KOST > 36`);
    if (v(117) && !/^\d{8}$/.test(v(117))) problems.push(`${at}: Fälligkeit ${v(117)}`);
    if (!['', '0', '1', 'G'].includes(v(118))) problems.push(`${at}: Generalumkehr ${v(118)}`);
    bookings.push({
      umsatz: v(1),
      side: v(2),
      konto: v(7),
      gegenkonto: v(8),
      belegdatum: v(10),
      belegfeld1: v(11),
      text: v(14),
      link: v(20),
      postingId: v(22),
      kost1: v(37),
      gu: v(118),
    });
  }
  return { problems, bookings, header };
}

/** Cents of a DATEV booking, signed from the posting's view (Soll +, Haben −). */
const cents = (b: Booking) =>
  (b.side === 'S' ? 1 : -1) * Math.round(Number(b.umsatz.replace(',', '.')) * 100);

describe('posting files', () => {
  let t: TestApp;
  let f: PostingFixture;
  let invoice: Posting;
  let credit: Posting;
  let reversal: Posting;
  let noNumber: Posting;
  let later: Posting;

  const get = (path: string, bearer = f.finance.key) => call(t.url, 'GET', path, { bearer });
  async function raw(path: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
    const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${f.finance.key}` } });
    return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
  }

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_BASE_URL: 'https://rechnung.example.de' });
    f = await postingFixture(t);
    const settings = await call(t.url, 'PUT', '/api/v1/admin/postings/datev', {
      bearer: f.admin.token,
      body: {
        beraterNr: 29098,
        mandantNr: 55003,
        wjBeginMonth: 1,
        sachkontenLaenge: 4,
        defaultKreditor: '70000',
      },
    });
    expect(settings.status).toBe(200);
    invoice = await f.posting({
      invoice: { number: 'RE/2026_001 Ä.b', issueDate: '2026-03-15' },
      creditor: { name: 'Bäckerei Müller & Söhne „Zum Brötchen“ GmbH – Filiale Görlitz-Weinhübel Süd' },
      kontierung: [
        { amount: '100.00', buchungsstelle: '11101.4930', kostenstelle: 'KST-100' },
        { amount: '19.00', buchungsstelle: '4940', kostenstelle: 'KST-200' },
      ],
    });
    credit = await f.posting({
      invoice: { issueDate: '2026-03-20', typeCode: '381', creditNote: true },
      kontierung: [{ amount: '-59.50' }],
      totals: { net: '-50.00', vat: '-9.50', gross: '-59.50', due: '-59.50' },
    });
    reversal = await f.posting(
      {
        kind: 'reversal',
        reverses: invoice.id,
        invoice: { ...invoice.invoice },
        kontierung: invoice.kontierung,
      },
      invoice.invoice.id,
    );
    noNumber = await f.posting({
      invoice: { issueDate: '2026-03-31' },
      creditor: { creditorNumber: null },
      record: null,
    });
    later = await f.posting({ invoice: { issueDate: '2026-04-01' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('writes a DATEV EXTF Buchungsstapel that passes the EXTF rules and reads back to the same amounts', async () => {
    const res = await raw('/api/v1/postings/export?format=datev&from=2026-03-01&to=2026-03-31');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('windows-1252');
    expect(res.headers.get('x-posting-count')).toBe('4');
    const { problems, bookings, header } = checkExtf(res.bytes);
    expect(problems).toEqual([]);
    expect(header.slice(10, 16)).toEqual(['29098', '55003', '20260101', '4', '20260301', '20260331']);
    // Windows-1252: ä, ü, „, “ and – as single bytes.
    expect(res.bytes.includes(Buffer.from([0xe4]))).toBe(true);
    expect(res.bytes.includes(Buffer.from([0x84]))).toBe(true);
    expect(res.bytes.includes(Buffer.from([0x96]))).toBe(true);

    const mine = (p: Posting) => bookings.filter((b) => b.postingId === p.id);
    expect(new Set(bookings.map((b) => b.postingId))).toEqual(
      new Set([invoice.id, credit.id, reversal.id, noNumber.id]),
    );
    for (const p of [invoice, credit, noNumber]) {
      const sum = mine(p).reduce((s, b) => s + cents(b), 0);
      expect(sum).toBe(p.kontierung.reduce((s, k) => s + Math.round(Number(k.amount) * 100), 0));
    }
    const inv = mine(invoice);
    expect(inv.map((b) => [b.umsatz, b.side, b.konto, b.gegenkonto, b.belegdatum, b.kost1, b.gu])).toEqual([
      ['100,00', 'S', '4930', '70001', '1503', 'KST-100', '0'],
      ['19,00', 'S', '4940', '70001', '1503', 'KST-200', '0'],
    ]);
    expect(inv[0].belegfeld1).toBe('RE/2026-001-AE-b');
    expect(inv[0].text.length).toBeLessThanOrEqual(60);
    expect(inv[0].text).toBe('Bäckerei Müller & Söhne „Zum Brötchen“ GmbH – Filiale Görlit');
    expect(inv[0].link).toBe(`https://rechnung.example.de/records/${invoice.record!.vorgangId}`);
    // The credit note credits the account; the reversal repeats its original with Generalumkehr.
    expect(mine(credit).map((b) => [b.umsatz, b.side])).toEqual([['59,50', 'H']]);
    expect(mine(reversal).map((b) => [b.umsatz, b.side, b.gu])).toEqual([
      ['100,00', 'S', '1'],
      ['19,00', 'S', '1'],
    ]);
    // No creditor number: the tenant's default Kreditor; no record: no Beleglink.
    expect(mine(noNumber).map((b) => [b.gegenkonto, b.link])).toEqual([['70000', '']]);
    expect(bookings.some((b) => b.postingId === later.id)).toBe(false);
  });

  it('writes a UTF-8 CSV with one line per Kontierung line that reads back to the same amounts', async () => {
    const res = await raw('/api/v1/postings/export?format=csv&from=2026-03-01&to=2026-04-30');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-posting-count')).toBe('5');
    const text = res.bytes.toString('utf8');
    expect(text).toContain('Bäckerei');
    const lines = text.trimEnd().split('\r\n');
    const head = lines[0].split(',');
    expect(head.slice(0, 3)).toEqual(['posting_id', 'kind', 'reverses']);
    const rows = lines.slice(1).map((l) => {
      // Quoted cells here hold commas only in names; split by the RFC 4180 rules.
      const cells: string[] = [];
      let cur = '';
      let q = false;
      for (let i = 0; i < l.length; i++) {
        const c = l[i];
        if (q && c === '"' && l[i + 1] === '"') {
          cur += '"';
          i++;
        } else if (c === '"') q = !q;
        else if (c === ',' && !q) {
          cells.push(cur);
          cur = '';
        } else cur += c;
      }
      cells.push(cur);
      return Object.fromEntries(head.map((h, i) => [h, cells[i]]));
    });
    expect(rows).toHaveLength(7);
    const sum = (p: Posting) =>
      rows.filter((r) => r.posting_id === p.id).reduce((s, r) => s + Math.round(Number(r.amount) * 100), 0);
    expect(sum(invoice)).toBe(11900);
    expect(sum(credit)).toBe(-5950);
    expect(sum(later)).toBe(11900);
    expect(rows.find((r) => r.posting_id === reversal.id)!.reverses).toBe(invoice.id);
  });

  it('refuses periods DATEV would not take with stable codes, and acknowledges only when asked', async () => {
    const years = await get('/api/v1/postings/export?format=datev&from=2026-12-01&to=2027-01-31');
    expect([years.status, years.body.error.code]).toEqual([422, 'EXPORT_PERIOD_SPANS_YEARS']);
    const bad = await get('/api/v1/postings/export?format=datev&from=2026-13-01&to=2026-12-31');
    expect(bad.body.error.code).toBe('EXPORT_PERIOD_INVALID');
    const format = await get('/api/v1/postings/export?format=xlsx&from=2026-01-01&to=2026-01-31');
    expect(format.body.error.code).toBe('POSTINGS_INVALID_INPUT');
    // Exporting acknowledges nothing unless asked; with ack=true every posting of the file
    // is acknowledged (booking id `file-export`), and only those.
    const acked = async () =>
      (
        await t.db.dataSource.query<{ posting_id: string; booking_id: string }[]>(
          `SELECT posting_id, booking_id FROM posting_acks ORDER BY posting_id`,
        )
      ).map((r) => `${r.posting_id}:${r.booking_id}`);
    const before = await acked();
    const plain = await raw('/api/v1/postings/export?format=csv&from=2026-03-01&to=2026-03-31');
    expect(plain.status).toBe(200);
    expect(await acked()).toEqual(before);
    const ack = await raw('/api/v1/postings/export?format=csv&from=2026-03-01&to=2026-03-31&ack=true');
    expect(ack.status).toBe(200);
    const inFile = [
      ...new Set(
        ack.bytes
          .toString('utf8')
          .trimEnd()
          .split('\r\n')
          .slice(1)
          .map((l) => l.split(',')[0]),
      ),
    ];
    expect(inFile.length).toBeGreaterThan(0);
    expect(Number(ack.headers.get('x-posting-count'))).toBe(inFile.length);
    const added = (await acked()).filter((a) => !before.includes(a));
    expect(added.sort()).toEqual(inFile.map((id) => `${id}:file-export`).sort());
    const supplier = await get(
      '/api/v1/postings/export?format=csv&from=2026-03-01&to=2026-03-31',
      f.apiKey.key,
    );
    expect(supplier.status).toBe(403);
    await call(t.url, 'PUT', '/api/v1/admin/postings/datev', {
      bearer: f.admin.token,
      body: {
        beraterNr: 29098,
        mandantNr: 55003,
        wjBeginMonth: 7,
        sachkontenLaenge: 4,
        defaultKreditor: '70000',
      },
    });
    const wj = await get('/api/v1/postings/export?format=datev&from=2026-06-01&to=2026-07-31');
    expect(wj.body.error.code).toBe('EXPORT_PERIOD_OUTSIDE_FISCAL_YEAR');
    const skl = await call(t.url, 'PUT', '/api/v1/admin/postings/datev', {
      bearer: f.admin.token,
      body: { beraterNr: 1000, mandantNr: 1 },
    });
    expect(skl.body.error.code).toBe('POSTINGS_INVALID_INPUT');
    await call(t.url, 'PUT', '/api/v1/admin/postings/datev', {
      bearer: f.admin.token,
      body: {
        beraterNr: 29098,
        mandantNr: 55003,
        wjBeginMonth: 1,
        sachkontenLaenge: 4,
        defaultKreditor: '70000',
      },
    });
  });

  it('writes the same file from the command line, to a file', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'einvoice-export-')), 'stapel.csv');
    const r = await runCli(
      { run: postingsCli },
      [
        'export',
        '--tenant',
        f.tenant.slug,
        '--format',
        'datev',
        '--from',
        '2026-03-01',
        '--to',
        '2026-03-31',
        '--out',
        out,
        '--json',
      ],
      { DATABASE_URL: t.db.url, PUBLIC_BASE_URL: 'https://rechnung.example.de' },
    );
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ postings: 4, lines: 6, acknowledged: false });
    const { problems, bookings } = checkExtf(readFileSync(out));
    expect(problems).toEqual([]);
    expect(bookings).toHaveLength(6);
  });
});

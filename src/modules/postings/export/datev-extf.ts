import { Decimal } from 'decimal.js';
import { DomainError } from '../../../common/errors/domain-error.js';
import type { Posting, PostingKontierungLine } from '../posting.js';
import { PostingsOutErrors } from '../postings-out.errors.js';
import { BUCHUNGSSTAPEL_HEADINGS, COL } from './datev-columns.js';
import type { DatevSettings } from './datev-settings.repository.js';

/**
 * DATEV-Format "EXTF" Buchungsstapel, version 700, category 21, Formatversion 13
 * (POSTINGS.md §3.1): `;`-separated, CRLF, text in quotes, one booking per Kontierung line.
 * The caller encodes the text as Windows-1252.
 *
 * A booking of an incoming invoice: Umsatz = the Kontierung line's amount (gross), Konto =
 * the Sachkonto of its Buchungsstelle (the part after the last `.`), Gegenkonto = the
 * creditor (its number from the creditor master, else the tenant's default Kreditor),
 * Soll ("S") for an invoice and Haben ("H") for a credit note. A reversal is written as its
 * original with Generalumkehr = 1, which is how DATEV cancels a booking.
 */
export const MAX_BOOKINGS = 99_999;

export interface BatchOptions {
  readonly from: string;
  readonly to: string;
  readonly createdAt: Date;
  /** The product's public base URL; Beleglink points at the case record under it. */
  readonly baseUrl: string;
  /** Header field 9 "Exportiert von" (≤ 25 characters). */
  readonly exportedBy?: string;
}

export interface Batch {
  readonly text: string;
  readonly bookings: number;
  readonly postingIds: readonly string[];
}

/** The start (YYYY-MM-DD) of the fiscal year that contains `date`. */
export function fiscalYearStart(date: string, beginMonth: number): string {
  const [y, m] = date.split('-').map(Number);
  const year = m >= beginMonth ? y : y - 1;
  return `${year}-${String(beginMonth).padStart(2, '0')}-01`;
}

/** A batch lies in one calendar year and one fiscal year; refused with a stable code otherwise. */
export function checkDatevPeriod(from: string, to: string, beginMonth: number): void {
  if (from.slice(0, 4) !== to.slice(0, 4)) throw new DomainError(PostingsOutErrors.EXPORT_PERIOD_SPANS_YEARS);
  if (fiscalYearStart(from, beginMonth) !== fiscalYearStart(to, beginMonth))
    throw new DomainError(PostingsOutErrors.EXPORT_PERIOD_OUTSIDE_FISCAL_YEAR, {
      fiscalYearStart: fiscalYearStart(to, beginMonth),
    });
}

/** Text field: quoted, quotes doubled, no CR/LF/TAB, cut to `max`. */
function text(value: string | null | undefined, max: number): string {
  if (!value) return '';
  const clean = value
    .replace(/[\r\n\t]+/g, ' ')
    .trim()
    .slice(0, max);
  return `"${clean.replace(/"/g, '""')}"`;
}

/** Belegfeld 1: only `A-Z a-z 0-9 $ & % * + - /`, at most 36 characters. */
export function belegfeld1(invoiceNumber: string): string {
  const mapped = invoiceNumber
    .replace(/Ä/g, 'AE')
    .replace(/Ö/g, 'OE')
    .replace(/Ü/g, 'UE')
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/[^A-Za-z0-9$&%*+\-/]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return mapped.slice(0, 36);
}

const ddmm = (iso: string) => `${iso.slice(8, 10)}${iso.slice(5, 7)}`;
const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}${iso.slice(5, 7)}${iso.slice(0, 4)}`;
const ymd = (iso: string) => iso.replace(/-/g, '');
const amount = (d: Decimal) => d.abs().toFixed(2).replace('.', ',');

function created(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}${p(d.getUTCMilliseconds(), 3)}`;
}

/** The Sachkonto of a Buchungsstelle (`11101.5431000` → `5431000`), checked against the length. */
export function sachkonto(buchungsstelle: string, length: number): string | undefined {
  const last = buchungsstelle.split('.').pop()!.trim();
  return /^\d+$/.test(last) && last.length <= length && !/^0+$/.test(last) ? last : undefined;
}

/** SKR03/SKR04 Vorsteuer keys: 9 = 19 %, 8 = 7 %; nothing for other or mixed rates. */
function buSchluessel(p: Posting): string {
  const rates = new Set(p.vat.filter((v) => v.category === 'S').map((v) => new Decimal(v.rate).toFixed(2)));
  if (p.vat.some((v) => v.category !== 'S') || rates.size !== 1) return '';
  const [rate] = [...rates];
  return rate === '19.00' ? '9' : rate === '7.00' ? '8' : '';
}

function headerLine(s: DatevSettings, o: BatchOptions): string {
  const f: string[] = new Array<string>(31).fill('');
  f[0] = '"EXTF"';
  f[1] = '700';
  f[2] = '21';
  f[3] = '"Buchungsstapel"';
  f[4] = '13';
  f[5] = created(o.createdAt);
  f[7] = '"RE"';
  f[8] = text(o.exportedBy ?? 'einvoice-intake', 25);
  f[10] = String(s.beraterNr);
  f[11] = String(s.mandantNr);
  f[12] = ymd(fiscalYearStart(o.from, s.wjBeginMonth));
  f[13] = String(s.sachkontenLaenge);
  f[14] = ymd(o.from);
  f[15] = ymd(o.to);
  f[16] = text(`Rechnungseingang ${o.from.slice(0, 7)}`, 30);
  f[18] = '1';
  f[19] = '0';
  f[20] = '0';
  f[21] = '"EUR"';
  f[26] = `"${s.skr}"`;
  return f.join(';');
}

function bookingLine(
  p: Posting,
  k: PostingKontierungLine,
  s: DatevSettings,
  o: BatchOptions,
  gegenkonto: string,
): string {
  const f: string[] = new Array<string>(BUCHUNGSSTAPEL_HEADINGS.length).fill('');
  const set = (col: number, v: string) => (f[col - 1] = v);
  const konto = sachkonto(k.buchungsstelle, s.sachkontenLaenge);
  if (!konto)
    throw new DomainError(PostingsOutErrors.EXPORT_ACCOUNT_INVALID, {
      postingId: p.id,
      buchungsstelle: k.buchungsstelle,
      sachkontenLaenge: s.sachkontenLaenge,
    });
  const value = new Decimal(k.amount);
  // The side follows the document: an invoice debits the expense, a credit note credits it.
  // A line whose sign runs against its document (a discount line) takes the other side. A
  // document whose amounts are negated as a whole (a reversal may be written so) is read
  // as its original: the Generalumkehr flag does the reversing.
  const docNegated = new Decimal(p.totals.gross).isNegative() !== p.invoice.creditNote;
  // Regular: the sign the document's kind expects (positive on an invoice, negative on a credit note).
  const regular = (value.isNegative() !== docNegated) === p.invoice.creditNote;
  const debit = p.invoice.creditNote ? !regular : regular;
  set(COL.umsatz, amount(value));
  set(COL.sollHaben, debit ? '"S"' : '"H"');
  set(COL.konto, konto);
  set(COL.gegenkonto, gegenkonto);
  const bu = buSchluessel(p);
  if (bu) set(COL.buSchluessel, `"${bu}"`);
  set(COL.belegdatum, ddmm(p.invoice.issueDate));
  set(COL.belegfeld1, text(belegfeld1(p.invoice.number), 36));
  set(COL.buchungstext, text(`${p.creditor.name} ${p.invoice.number}`, 60));
  if (p.record) set(COL.beleglink, text(`${o.baseUrl}/records/${p.record.vorgangId}`, 210));
  set(COL.beleginfoArt1, text('Buchung', 20));
  set(COL.beleginfoInhalt1, text(p.id, 210));
  set(COL.kost1, text(k.kostenstelle, 36));
  set(COL.kost2, text(k.investitionsnummer, 36));
  if (p.dueDate) set(COL.faelligkeit, ddmmyyyy(p.dueDate));
  set(COL.generalumkehr, p.kind === 'reversal' ? '"1"' : '"0"');
  return f.join(';');
}

/** Writes the batch; refuses (stable codes) what DATEV would not take. */
export function buildBuchungsstapel(postings: readonly Posting[], s: DatevSettings, o: BatchOptions): Batch {
  checkDatevPeriod(o.from, o.to, s.wjBeginMonth);
  const lines = [headerLine(s, o), BUCHUNGSSTAPEL_HEADINGS.map((h) => `"${h}"`).join(';')];
  const ids: string[] = [];
  let bookings = 0;
  for (const p of postings) {
    if (p.currency !== 'EUR')
      throw new DomainError(PostingsOutErrors.EXPORT_CURRENCY_UNSUPPORTED, {
        postingId: p.id,
        currency: p.currency,
      });
    const creditor = p.creditor.creditorNumber?.trim() || s.defaultKreditor;
    if (!creditor || !/^\d+$/.test(creditor) || creditor.length > s.sachkontenLaenge + 1)
      throw new DomainError(PostingsOutErrors.EXPORT_CREDITOR_ACCOUNT_MISSING, { postingId: p.id });
    ids.push(p.id);
    for (const k of p.kontierung) {
      if (new Decimal(k.amount).isZero()) continue;
      lines.push(bookingLine(p, k, s, o, creditor));
      bookings++;
    }
  }
  if (bookings > MAX_BOOKINGS) throw new DomainError(PostingsOutErrors.EXPORT_TOO_MANY_BOOKINGS);
  return { text: lines.join('\r\n') + '\r\n', bookings, postingIds: ids };
}

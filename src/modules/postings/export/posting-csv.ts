import type { Posting } from '../posting.js';

/**
 * The plain CSV export: UTF-8, comma-separated (RFC 4180 quoting), CRLF, one line per
 * Kontierung line, amounts with a decimal point and their sign (a credit note's are
 * negative). The columns, in this order:
 *
 * | column | content |
 * |---|---|
 * | posting_id | the posting (repeated on each of its lines) |
 * | kind | `posting` or `reversal` |
 * | reverses | for a reversal: the posting it reverses |
 * | invoice_id, invoice_number, issue_date, type_code, credit_note | the invoice (BT-1, BT-2, BT-3) |
 * | creditor_name, creditor_number, creditor_vat_id, creditor_iban | the creditor |
 * | line, buchungsstelle, kostenstelle, investitionsnummer, amount | the Kontierung line |
 * | currency, gross, due | the invoice's currency, gross total and amount due |
 * | due_date, skonto_date, skonto_amount | payment terms |
 * | leitweg_id, aktenzeichen, record_link | routing and case record |
 */
export const CSV_COLUMNS = [
  'posting_id',
  'kind',
  'reverses',
  'invoice_id',
  'invoice_number',
  'issue_date',
  'type_code',
  'credit_note',
  'creditor_name',
  'creditor_number',
  'creditor_vat_id',
  'creditor_iban',
  'line',
  'buchungsstelle',
  'kostenstelle',
  'investitionsnummer',
  'amount',
  'currency',
  'gross',
  'due',
  'due_date',
  'skonto_date',
  'skonto_amount',
  'leitweg_id',
  'aktenzeichen',
  'record_link',
] as const;

function cell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  // A leading = + - @ would make a spreadsheet run the cell as a formula; amounts are exempt.
  const guarded = /^[=+\-@]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

export function buildCsv(postings: readonly Posting[], baseUrl: string): { text: string; lines: number } {
  const out = [CSV_COLUMNS.join(',')];
  for (const p of postings) {
    for (const k of p.kontierung) {
      out.push(
        [
          p.id,
          p.kind,
          p.reverses,
          p.invoice.id,
          p.invoice.number,
          p.invoice.issueDate,
          p.invoice.typeCode,
          p.invoice.creditNote,
          p.creditor.name,
          p.creditor.creditorNumber,
          p.creditor.vatId,
          p.creditor.iban,
          k.line,
          k.buchungsstelle,
          k.kostenstelle,
          k.investitionsnummer,
          k.amount,
          p.currency,
          p.totals.gross,
          p.totals.due,
          p.dueDate,
          p.skonto?.date,
          p.skonto?.amount,
          p.leitwegId,
          p.record?.aktenzeichen,
          p.record ? `${baseUrl}/records/${p.record.vorgangId}` : null,
        ]
          .map(cell)
          .join(','),
      );
    }
  }
  return { text: out.join('\r\n') + '\r\n', lines: out.length - 1 };
}

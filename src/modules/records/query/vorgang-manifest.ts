import { createHash } from 'node:crypto';
import { safeFileName } from '../../invoices/invoice-read.service.js';
import type { DocumentKind, RecordDocument, VorgangDetail } from './records-query.types.js';

/** The kinds of filed documents in words, German and English. */
export const DOCUMENT_KIND_LABELS: Readonly<
  Record<DocumentKind, { readonly de: string; readonly en: string }>
> = {
  'invoice-original': { de: 'Rechnung (Original, wie empfangen)', en: 'Invoice (original, as received)' },
  'invoice-pdf': { de: 'Rechnung als PDF', en: 'Invoice as PDF' },
  'inbound-message': { de: 'Eingangsnachricht', en: 'Inbound message' },
  attachment: { de: 'Anlage zur Rechnung', en: 'Attachment to the invoice' },
  'validation-report-html': { de: 'Prüfbericht (HTML)', en: 'Validation report (HTML)' },
  'validation-report-json': { de: 'Prüfbericht (JSON)', en: 'Validation report (JSON)' },
  'invoice-rendering': { de: 'Lesefassung der Rechnung', en: 'Human-readable rendering of the invoice' },
  'laufzettel-pdf': { de: 'Laufzettel (PDF)', en: 'Routing slip (PDF)' },
  'laufzettel-json': { de: 'Laufzettel (JSON)', en: 'Routing slip (JSON)' },
  anordnung: { de: 'Anordnung', en: 'Payment order (Anordnung)' },
  note: { de: 'Vermerk', en: 'Note' },
};

export const MANIFEST_FORMAT = 'einvoice-vorgang-manifest/1';

/** The name of a document inside the archive: its position first, so names are unique and sorted as filed. */
export function archivePath(d: RecordDocument): string {
  return `${String(d.position).padStart(2, '0')}_${safeFileName(d.name, `dokument-${d.position}`)}`;
}

export interface VorgangManifest {
  /** manifest.json as written into the archive. */
  readonly json: Buffer;
  /** MANIFEST.txt: the same for people, with the sha256 of manifest.json. */
  readonly text: Buffer;
  readonly jsonSha256: string;
}

/**
 * The manifest of a Vorgang's archive, made from the filed metadata only: what each file
 * must be (size, sha256). The archive's writer checks every file's bytes against the same
 * sha256 before writing it, so a file that no longer matches never reaches the archive.
 */
export function vorgangManifest(v: VorgangDetail, exportedAt: Date): VorgangManifest {
  const files = v.documents.map((d) => ({
    path: archivePath(d),
    name: d.name,
    kind: d.kind,
    mediaType: d.mediaType,
    size: d.size,
    sha256: d.sha256,
    filedAt: d.filedAt.toISOString(),
    retentionClass: d.retentionClass,
    retainUntil: d.retainUntil,
  }));
  const manifest = {
    format: MANIFEST_FORMAT,
    aktenzeichen: v.aktenzeichen,
    betreff: v.betreff,
    akte: {
      aktenzeichen: v.akte.aktenzeichen,
      title: v.akte.title,
      fiscalYear: v.akte.fiscalYear,
      aktenplanKey: v.akte.aktenplanKey,
    },
    invoice: {
      number: v.invoice.number,
      issueDate: v.invoice.issueDate,
      supplier: v.invoice.sellerName,
      supplierVatId: v.invoice.sellerVatId,
      amountDue: v.invoice.amount,
      currency: v.invoice.currency,
    },
    filedAt: v.filedAt?.toISOString() ?? null,
    exportedAt: exportedAt.toISOString(),
    files,
  };
  const json = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const jsonSha256 = createHash('sha256').update(json).digest('hex');
  const lines = [
    `Vorgang / Case file: ${v.aktenzeichen}`,
    `Betreff / Subject: ${v.betreff}`,
    `Akte / File: ${v.akte.aktenzeichen} – ${v.akte.title}`,
    `Abgelegt am / Filed at: ${v.filedAt?.toISOString() ?? '–'}`,
    `Exportiert am / Exported at: ${exportedAt.toISOString()}`,
    '',
    `Dateien / Files: ${files.length}`,
    '',
    ...files.flatMap((f, i) => [
      `${i + 1}. ${f.path}`,
      `   Name: ${f.name}`,
      `   Art / Kind: ${DOCUMENT_KIND_LABELS[f.kind].de} / ${DOCUMENT_KIND_LABELS[f.kind].en} (${f.kind})`,
      `   Medientyp / Media type: ${f.mediaType}`,
      `   Größe / Size: ${f.size} Bytes`,
      `   SHA-256: ${f.sha256}`,
      `   Abgelegt am / Filed at: ${f.filedAt}`,
      `   Aufbewahren bis / Retain until: ${f.retainUntil} (${f.retentionClass})`,
      '',
    ]),
    `SHA-256 von / of manifest.json: ${jsonSha256}`,
    '',
  ];
  return { json, text: Buffer.from(lines.join('\n'), 'utf8'), jsonSha256 };
}

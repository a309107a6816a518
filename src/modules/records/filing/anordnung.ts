/**
 * The Anordnung (payment order) as a PDF: what the Kasse pays, to whom, to which account,
 * by when, on whose order and on which Buchungsstellen — the written order the municipal
 * Kassenrecht asks for (e.g. SächsKomKBVO § 11 ff.), made from the approval that gave it.
 */
import type { KontierungLine } from '../../approval/approval.repository.js';
import { groupIban } from '../../web/views/invoice-document.js';
import { deDate, deTime, euro, SimplePdf } from './simple-pdf.js';

export interface AnordnungData {
  readonly aktenzeichen: string;
  readonly betreff: string;
  readonly invoiceNumber: string | null;
  readonly invoiceDate: string | null;
  readonly amount: string;
  readonly currency: string;
  readonly payee: string | null;
  readonly ibans: readonly string[];
  readonly remittance: string | null;
  readonly dueDate: string | null;
  readonly skontoDeadline: string | null;
  readonly skontoAmount: string | null;
  /** Who gave the order (the Anordnungsbefugter), acting for whom, and when. */
  readonly orderedBy: string;
  readonly orderedFor: string | null;
  readonly orderedAt: Date | null;
  readonly feststellung: ReadonlyArray<{ readonly step: string; readonly by: string; readonly at: Date }>;
  readonly kontierung: readonly KontierungLine[];
  readonly policy: string;
}

export async function anordnungPdf(a: AnordnungData, at: Date): Promise<Uint8Array> {
  const w = await SimplePdf.create(`Auszahlungsanordnung ${a.aktenzeichen}`, at);
  w.heading('Auszahlungsanordnung', 16);
  w.paragraph(a.betreff, 10, true);
  w.fields([
    ['Aktenzeichen', a.aktenzeichen],
    ['Zahlungsempfänger', a.payee ?? '–'],
    ['IBAN', a.ibans.length ? a.ibans.map(groupIban).join(', ') : '–'],
    ['Betrag', euro(a.amount, a.currency)],
    ['Verwendungszweck', a.remittance ?? (a.invoiceNumber ? `Rechnung ${a.invoiceNumber}` : '–')],
    ['Rechnungsnummer', a.invoiceNumber ?? '–'],
    ['Rechnungsdatum', deDate(a.invoiceDate)],
    ['Fällig am', deDate(a.dueDate)],
    [
      'Skonto bis',
      a.skontoDeadline ? `${deDate(a.skontoDeadline)} (${euro(a.skontoAmount, a.currency)} Abzug)` : '–',
    ],
  ]);
  w.heading('Kontierung');
  w.table(
    ['Buchungsstelle', 'Kostenstelle', 'Investitionsnummer', 'Betrag'],
    a.kontierung.map((k) => [
      k.buchungsstelle,
      k.kostenstelle ?? '–',
      k.investitionsnummer ?? '–',
      euro(k.amount, a.currency),
    ]),
    [0.3, 0.25, 0.25, 0.2],
  );
  w.heading('Feststellung und Anordnung');
  w.fields([
    ...a.feststellung.map((f) => [`Festgestellt (${f.step})`, `${f.by}, ${deTime(f.at)}`] as const),
    [
      'Angeordnet von (Anordnungsbefugte/r)',
      a.orderedFor ? `${a.orderedBy} in Vertretung für ${a.orderedFor}` : a.orderedBy,
    ],
    ['Angeordnet am', deTime(a.orderedAt)],
    ['Freigaberegel', a.policy],
  ]);
  w.paragraph(
    'Elektronisch angeordnet; die Entscheidungen sind im Laufzettel dieses Vorgangs und im Prüfprotokoll festgehalten.',
    8.5,
    true,
  );
  return w.save(`Auszahlungsanordnung ${a.aktenzeichen}`);
}

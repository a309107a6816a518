/**
 * The Laufzettel: the approval protocol of one invoice as the record keeps it — every step
 * with its assignees' outcome, every decision (who, acting for whom, when, why, under which
 * policy version), and the Kontierung. Built from the approval tables, as JSON (for
 * machines and later checks) and as a PDF (for people); both from the same object.
 */
import type {
  DecisionRecord,
  InstanceRecord,
  KontierungLine,
  TaskRecord,
} from '../../approval/approval.repository.js';
import { deDate, deTime, euro, SimplePdf } from './simple-pdf.js';

export interface Laufzettel {
  readonly format: 'einvoice-laufzettel/1';
  readonly aktenzeichen: string;
  readonly betreff: string;
  readonly invoice: {
    readonly id: string;
    readonly number: string | null;
    readonly seller: string | null;
    readonly issueDate: string | null;
    readonly amount: string;
    readonly currency: string;
  };
  readonly policy: { readonly id: string; readonly version: number; readonly name: string };
  readonly approval: {
    readonly state: string;
    readonly startedAt: string;
    readonly finishedAt: string | null;
    readonly skontoDeadline: string | null;
    readonly dueDeadline: string | null;
  };
  readonly steps: ReadonlyArray<{
    readonly index: number;
    readonly key: string;
    readonly kind: string;
    readonly label: { readonly de: string; readonly en: string };
    readonly state: string;
    readonly openedAt: string | null;
    readonly decidedAt: string | null;
    readonly decidedBy: { readonly id: string; readonly name: string } | null;
    readonly actingFor: { readonly id: string; readonly name: string } | null;
  }>;
  readonly decisions: ReadonlyArray<{
    readonly at: string;
    readonly stepKey: string | null;
    readonly stepKind: string | null;
    readonly action: string;
    readonly actor: string;
    readonly actorName: string;
    readonly actingFor: { readonly id: string; readonly name: string | null } | null;
    readonly reason: string | null;
    readonly policyVersion: number;
    readonly data: Record<string, unknown> | null;
  }>;
  readonly kontierung: readonly KontierungLine[];
}

export interface LaufzettelInput {
  readonly aktenzeichen: string;
  readonly betreff: string;
  readonly invoice: Laufzettel['invoice'];
  readonly policy: Laufzettel['policy'];
  readonly instance: InstanceRecord;
  readonly tasks: readonly TaskRecord[];
  readonly decisions: readonly DecisionRecord[];
  readonly kontierung: readonly KontierungLine[];
  /** Names of staff by id. */
  readonly names: ReadonlyMap<string, string>;
}

const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

export function laufzettelOf(i: LaufzettelInput): Laufzettel {
  const person = (id: string | null) => (id ? { id, name: i.names.get(id) ?? id } : null);
  return {
    format: 'einvoice-laufzettel/1',
    aktenzeichen: i.aktenzeichen,
    betreff: i.betreff,
    invoice: i.invoice,
    policy: i.policy,
    approval: {
      state: i.instance.state,
      startedAt: iso(i.instance.startedAt)!,
      finishedAt: iso(i.instance.finishedAt),
      skontoDeadline: i.instance.skontoDeadline,
      dueDeadline: i.instance.dueDeadline,
    },
    steps: i.tasks.map((t) => ({
      index: t.stepIndex,
      key: t.stepKey,
      kind: t.stepKind,
      label: t.label,
      state: t.state,
      openedAt: iso(t.openedAt),
      decidedAt: iso(t.decidedAt),
      decidedBy: person(t.decidedBy),
      actingFor: person(t.onBehalfOf),
    })),
    decisions: i.decisions.map((d) => ({
      at: iso(d.at)!,
      stepKey: d.stepKey,
      stepKind: d.stepKind,
      action: d.action,
      actor: d.actor,
      actorName: d.actorName,
      actingFor: d.onBehalfOf ? { id: d.onBehalfOf, name: d.onBehalfName } : null,
      reason: d.reason,
      policyVersion: d.policyVersion,
      data: d.data,
    })),
    kontierung: i.kontierung.map((k) => ({
      buchungsstelle: k.buchungsstelle,
      kostenstelle: k.kostenstelle ?? null,
      investitionsnummer: k.investitionsnummer ?? null,
      amount: k.amount,
    })),
  };
}

const ACTIONS: Readonly<Record<string, string>> = {
  approve: 'Zugestimmt',
  reject: 'Zurückgewiesen',
  hold: 'Zurückgestellt (Rückfrage)',
  release: 'Fortgesetzt',
  reassign: 'Weitergeleitet',
  comment: 'Kommentar',
  kontierung: 'Kontierung erfasst',
};

const STATES: Readonly<Record<string, string>> = {
  waiting: 'wartet',
  open: 'offen',
  held: 'zurückgestellt',
  done: 'erledigt',
  cancelled: 'entfallen',
  approved: 'freigegeben',
  returned: 'zurückgewiesen',
};

export async function laufzettelPdf(l: Laufzettel, at: Date): Promise<Uint8Array> {
  const w = await SimplePdf.create(`Laufzettel ${l.aktenzeichen}`, at);
  w.heading(`Laufzettel – ${l.betreff}`, 15);
  w.fields([
    ['Aktenzeichen', l.aktenzeichen],
    ['Rechnungsnummer', l.invoice.number ?? '–'],
    ['Rechnungssteller', l.invoice.seller ?? '–'],
    ['Rechnungsdatum', deDate(l.invoice.issueDate)],
    ['Betrag', euro(l.invoice.amount, l.invoice.currency)],
    ['Freigaberegel', `${l.policy.name} (Version ${l.policy.version}, ${l.policy.id})`],
    ['Freigabe begonnen', deTime(l.approval.startedAt)],
    ['Freigabe abgeschlossen', deTime(l.approval.finishedAt)],
    ['Ergebnis', STATES[l.approval.state] ?? l.approval.state],
    ['Skontofrist', deDate(l.approval.skontoDeadline)],
    ['Fälligkeit', deDate(l.approval.dueDeadline)],
  ]);
  w.heading('Schritte');
  w.table(
    ['#', 'Schritt', 'Status', 'Entschieden von', 'in Vertretung für', 'Zeitpunkt'],
    l.steps.map((s) => [
      String(s.index + 1),
      s.label.de,
      STATES[s.state] ?? s.state,
      s.decidedBy?.name ?? '–',
      s.actingFor?.name ?? '–',
      deTime(s.decidedAt),
    ]),
    [0.05, 0.25, 0.12, 0.2, 0.18, 0.2],
  );
  w.heading('Entscheidungen');
  w.table(
    ['Zeitpunkt', 'Schritt', 'Entscheidung', 'Person', 'in Vertretung für', 'Begründung', 'Version'],
    l.decisions.map((d) => [
      deTime(d.at),
      d.stepKey ?? '–',
      ACTIONS[d.action] ?? d.action,
      d.actorName,
      d.actingFor?.name ?? d.actingFor?.id ?? '–',
      d.reason ?? (d.data?.sodException ? 'Ausnahme Aufgabentrennung' : '–'),
      String(d.policyVersion),
    ]),
    [0.15, 0.1, 0.12, 0.15, 0.13, 0.29, 0.06],
  );
  w.heading('Kontierung');
  w.table(
    ['Buchungsstelle', 'Kostenstelle', 'Investitionsnummer', 'Betrag'],
    l.kontierung.map((k) => [
      k.buchungsstelle,
      k.kostenstelle ?? '–',
      k.investitionsnummer ?? '–',
      euro(k.amount, l.invoice.currency),
    ]),
    [0.3, 0.25, 0.25, 0.2],
  );
  return w.save(`Laufzettel ${l.aktenzeichen}`);
}

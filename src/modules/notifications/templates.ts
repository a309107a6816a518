/**
 * The staff mails, in German and English: a plain-text part and a simple HTML part (every
 * value escaped), with links to the invoice and the inbox under the public base URL. Pure:
 * what a mail says depends only on the recorded notification, the reader's language and
 * name, and the base URL.
 */
import { markup, type SafeHtml } from '../web/html.js';
import { formatAmount, formatDate, type FormatLang } from '../validation/report/format.js';

export type NotificationKind = 'task' | 'reminder' | 'escalation' | 'digest';

/** An invoice's task as a notification records it when it is created. */
export interface TaskFacts {
  readonly invoiceId: string;
  readonly number: string | null;
  readonly seller: string | null;
  readonly amount: string;
  readonly currency: string;
  readonly step: { readonly de: string; readonly en: string };
  readonly skontoDeadline: string | null;
  readonly skontoAmount: string | null;
  readonly dueDeadline: string | null;
}

export interface TaskNotice extends TaskFacts {
  /** Reminder: the deadline it is about. */
  readonly basis?: 'skonto' | 'due';
  readonly deadline?: string;
  /** Escalation: the working days the task has waited, and the day it opened. */
  readonly workingDays?: number;
  readonly openedOn?: string;
  /** Escalation: the user receives it as (newly added) escalation assignee, or as an assignee already on the task. */
  readonly escalatedTo?: boolean;
}

export interface DigestNotice {
  readonly day: string;
  readonly total: number;
  readonly skontoAtRisk: string;
  readonly atRiskCount: number;
  readonly rows: readonly TaskFacts[];
}

export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

interface Texts {
  readonly hello: (name: string) => string;
  readonly invoice: string;
  readonly supplier: string;
  readonly amount: string;
  readonly step: string;
  readonly skontoUntil: string;
  readonly dueOn: string;
  readonly openInvoice: string;
  readonly inbox: string;
  readonly footer: (settingsUrl: string) => string;
  readonly noNumber: string;
  readonly unknownSupplier: string;
  readonly task: { subject: (f: TaskFacts, step: string) => string; intro: string };
  readonly reminder: {
    subject: (f: TaskFacts, basis: 'skonto' | 'due', date: string) => string;
    intro: (basis: 'skonto' | 'due', date: string) => string;
  };
  readonly escalation: {
    subject: (f: TaskFacts, days: number) => string;
    intro: (step: string, days: number, openedOn: string, added: boolean) => string;
  };
  readonly digest: {
    subject: (date: string, n: number) => string;
    intro: (n: number) => string;
    atRisk: (amount: string, n: number) => string;
    mostUrgent: string;
    none: string;
  };
}

const TEXTS: Record<FormatLang, Texts> = {
  de: {
    hello: (name) => `Guten Tag ${name},`,
    invoice: 'Rechnung',
    supplier: 'Lieferant',
    amount: 'Betrag',
    step: 'Schritt',
    skontoUntil: 'Skonto bis',
    dueOn: 'Fällig am',
    openInvoice: 'Rechnung öffnen',
    inbox: 'Ihr Posteingang',
    footer: (url) =>
      `Diese Nachricht wurde vom Rechnungseingang automatisch versandt. Sprache und Tagesübersicht stellen Sie hier ein: ${url}`,
    noNumber: 'ohne Nummer',
    unknownSupplier: 'unbekannter Lieferant',
    task: {
      subject: (f, step) => `Neue Aufgabe: ${step} – Rechnung ${f.number ?? ''} von ${f.seller ?? ''}`,
      intro: 'eine Rechnung wartet auf Ihre Entscheidung:',
    },
    reminder: {
      subject: (f, basis, date) =>
        basis === 'skonto'
          ? `Erinnerung: Skonto-Frist am ${date} – Rechnung ${f.number ?? ''}`
          : `Erinnerung: fällig am ${date} – Rechnung ${f.number ?? ''}`,
      intro: (basis, date) =>
        basis === 'skonto'
          ? `die Skonto-Frist dieser Rechnung endet am ${date}. Bitte entscheiden Sie rechtzeitig, damit der Abzug nicht verloren geht:`
          : `diese Rechnung ist am ${date} fällig. Bitte entscheiden Sie rechtzeitig:`,
    },
    escalation: {
      subject: (f, days) =>
        `Eskalation: Rechnung ${f.number ?? ''} wartet seit ${days} ${days === 1 ? 'Arbeitstag' : 'Arbeitstagen'}`,
      intro: (step, days, openedOn, added) =>
        `der Schritt „${step}“ dieser Rechnung wartet seit dem ${openedOn} (${days} ${days === 1 ? 'Arbeitstag' : 'Arbeitstage'}) auf eine Entscheidung.` +
        (added
          ? ' Die Aufgabe wurde Ihnen deshalb zusätzlich zugewiesen; die bisher Zuständigen behalten sie.'
          : ' Bitte entscheiden Sie oder geben Sie die Aufgabe weiter.'),
    },
    digest: {
      subject: (date, n) => `Ihre offenen Aufgaben am ${date}: ${n}`,
      intro: (n) =>
        n === 1 ? 'auf Ihre Entscheidung wartet 1 Aufgabe.' : `auf Ihre Entscheidung warten ${n} Aufgaben.`,
      atRisk: (amount, n) =>
        `Skonto in Gefahr (Frist in den nächsten 7 Tagen): ${amount} bei ${n} ${n === 1 ? 'Rechnung' : 'Rechnungen'}.`,
      mostUrgent: 'Die dringendsten:',
      none: 'Es wartet keine Aufgabe auf Sie.',
    },
  },
  en: {
    hello: (name) => `Hello ${name},`,
    invoice: 'Invoice',
    supplier: 'Supplier',
    amount: 'Amount',
    step: 'Step',
    skontoUntil: 'Cash discount until',
    dueOn: 'Due on',
    openInvoice: 'Open the invoice',
    inbox: 'Your inbox',
    footer: (url) =>
      `This message was sent automatically by the invoice receipt. Set your language and the daily digest here: ${url}`,
    noNumber: 'no number',
    unknownSupplier: 'unknown supplier',
    task: {
      subject: (f, step) => `New task: ${step} – invoice ${f.number ?? ''} from ${f.seller ?? ''}`,
      intro: 'an invoice waits for your decision:',
    },
    reminder: {
      subject: (f, basis, date) =>
        basis === 'skonto'
          ? `Reminder: cash discount ends ${date} – invoice ${f.number ?? ''}`
          : `Reminder: due ${date} – invoice ${f.number ?? ''}`,
      intro: (basis, date) =>
        basis === 'skonto'
          ? `the cash discount of this invoice ends on ${date}. Please decide in time so that it is not lost:`
          : `this invoice is due on ${date}. Please decide in time:`,
    },
    escalation: {
      subject: (f, days) =>
        `Escalation: invoice ${f.number ?? ''} has waited ${days} working ${days === 1 ? 'day' : 'days'}`,
      intro: (step, days, openedOn, added) =>
        `the step “${step}” of this invoice has waited for a decision since ${openedOn} (${days} working ${days === 1 ? 'day' : 'days'}).` +
        (added
          ? ' The task has therefore been assigned to you as well; its assignees keep it.'
          : ' Please decide or pass the task on.'),
    },
    digest: {
      subject: (date, n) => `Your open tasks on ${date}: ${n}`,
      intro: (n) => (n === 1 ? '1 task waits for your decision.' : `${n} tasks wait for your decision.`),
      atRisk: (amount, n) =>
        `Cash discount at risk (deadline within 7 days): ${amount} on ${n} ${n === 1 ? 'invoice' : 'invoices'}.`,
      mostUrgent: 'The most urgent:',
      none: 'No task waits for you.',
    },
  },
};

/** Header values come from invoices: no line breaks or control characters, bounded length. */
function headerSafe(s: string): string {
  return s
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

function withDefaults(f: TaskFacts, t: Texts): TaskFacts {
  return { ...f, number: f.number?.trim() || t.noNumber, seller: f.seller?.trim() || t.unknownSupplier };
}

interface Line {
  readonly label: string;
  readonly value: string;
}

function factLines(f: TaskFacts, t: Texts, lang: FormatLang): Line[] {
  const lines: Line[] = [
    { label: t.invoice, value: f.number ?? '' },
    { label: t.supplier, value: f.seller ?? '' },
    { label: t.amount, value: formatAmount(f.amount, f.currency, lang) },
    { label: t.step, value: f.step[lang] },
  ];
  if (f.skontoDeadline)
    lines.push({
      label: t.skontoUntil,
      value: f.skontoAmount
        ? `${formatDate(f.skontoDeadline, lang)} (${formatAmount(f.skontoAmount, f.currency, lang)})`
        : formatDate(f.skontoDeadline, lang),
    });
  if (f.dueDeadline) lines.push({ label: t.dueOn, value: formatDate(f.dueDeadline, lang) });
  return lines;
}

function textLines(lines: readonly Line[]): string {
  const width = Math.max(...lines.map((l) => l.label.length)) + 2;
  return lines.map((l) => `${`${l.label}:`.padEnd(width)}${l.value}`).join('\n');
}

function htmlLines(lines: readonly Line[]): SafeHtml {
  return markup`<table>${lines.map((l) => markup`<tr><th scope="row" align="left">${l.label}</th><td>${l.value}</td></tr>`)}</table>`;
}

function htmlDocument(lang: FormatLang, subject: string, body: SafeHtml): string {
  return markup`<!DOCTYPE html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${subject}</title></head>
<body>
${body}
</body></html>
`.value;
}

function link(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

/** The mail of one task notification (new task, reminder, escalation). */
export function renderTaskMail(
  kind: Exclude<NotificationKind, 'digest'>,
  notice: TaskNotice,
  lang: FormatLang,
  recipientName: string,
  baseUrl: string,
): RenderedMail {
  const t = TEXTS[lang];
  const f = withDefaults(notice, t);
  const step = f.step[lang];
  let subject: string;
  let intro: string;
  if (kind === 'task') {
    subject = t.task.subject(f, step);
    intro = t.task.intro;
  } else if (kind === 'reminder') {
    const basis = notice.basis ?? 'skonto';
    const date = formatDate(notice.deadline ?? f.skontoDeadline ?? f.dueDeadline, lang);
    subject = t.reminder.subject(f, basis, date);
    intro = t.reminder.intro(basis, date);
  } else {
    const days = notice.workingDays ?? 0;
    subject = t.escalation.subject(f, days);
    intro = t.escalation.intro(step, days, formatDate(notice.openedOn, lang), notice.escalatedTo === true);
  }
  subject = headerSafe(subject);
  const invoiceUrl = link(baseUrl, `/invoices/${encodeURIComponent(f.invoiceId)}`);
  const inboxUrl = link(baseUrl, '/inbox');
  const lines = factLines(f, t, lang);
  const text = [
    t.hello(recipientName),
    '',
    intro,
    '',
    textLines(lines),
    '',
    `${t.openInvoice}: ${invoiceUrl}`,
    `${t.inbox}: ${inboxUrl}`,
    '',
    '-- ',
    t.footer(link(baseUrl, '/preferences')),
    '',
  ].join('\n');
  const html = htmlDocument(
    lang,
    subject,
    markup`<p>${t.hello(recipientName)}</p>
<p>${intro}</p>
${htmlLines(lines)}
<p><a href="${invoiceUrl}">${t.openInvoice}</a> · <a href="${inboxUrl}">${t.inbox}</a></p>
<hr>
<p><small>${t.footer(link(baseUrl, '/preferences'))}</small></p>`,
  );
  return { subject, text, html };
}

/** The daily digest: open tasks, Skonto at risk, the most urgent ones. */
export function renderDigestMail(
  d: DigestNotice,
  lang: FormatLang,
  recipientName: string,
  baseUrl: string,
): RenderedMail {
  const t = TEXTS[lang];
  const subject = headerSafe(t.digest.subject(formatDate(d.day, lang), d.total));
  const inboxUrl = link(baseUrl, '/inbox');
  const rows = d.rows.map((r) => withDefaults(r, t));
  const deadlineOf = (r: TaskFacts): string => {
    const parts: string[] = [];
    if (r.skontoDeadline) parts.push(`${t.skontoUntil} ${formatDate(r.skontoDeadline, lang)}`);
    if (r.dueDeadline) parts.push(`${t.dueOn} ${formatDate(r.dueDeadline, lang)}`);
    return parts.join(', ');
  };
  const summary = d.total === 0 ? t.digest.none : t.digest.intro(d.total);
  const risk =
    d.atRiskCount > 0 ? t.digest.atRisk(formatAmount(d.skontoAtRisk, 'EUR', lang), d.atRiskCount) : undefined;
  const text = [
    t.hello(recipientName),
    '',
    summary,
    ...(risk ? [risk] : []),
    '',
    ...(rows.length > 0
      ? [
          t.digest.mostUrgent,
          ...rows.map(
            (r, i) =>
              `${i + 1}. ${r.number} – ${r.seller} – ${formatAmount(r.amount, r.currency, lang)} – ${r.step[lang]}` +
              `${deadlineOf(r) ? ` – ${deadlineOf(r)}` : ''}\n   ${link(baseUrl, `/invoices/${encodeURIComponent(r.invoiceId)}`)}`,
          ),
          '',
        ]
      : []),
    `${t.inbox}: ${inboxUrl}`,
    '',
    '-- ',
    t.footer(link(baseUrl, '/preferences')),
    '',
  ].join('\n');
  const html = htmlDocument(
    lang,
    subject,
    markup`<p>${t.hello(recipientName)}</p>
<p>${summary}</p>
${risk && markup`<p><strong>${risk}</strong></p>`}
${
  rows.length > 0 &&
  markup`<h2>${t.digest.mostUrgent}</h2>
<ol>${rows.map(
    (r) =>
      markup`<li><a href="${link(baseUrl, `/invoices/${encodeURIComponent(r.invoiceId)}`)}">${r.number}</a> – ${r.seller} – ${formatAmount(r.amount, r.currency, lang)} – ${r.step[lang]}${deadlineOf(r) && markup` – ${deadlineOf(r)}`}</li>`,
  )}</ol>`
}
<p><a href="${inboxUrl}">${t.inbox}</a></p>
<hr>
<p><small>${t.footer(link(baseUrl, '/preferences'))}</small></p>`,
  );
  return { subject, text, html };
}

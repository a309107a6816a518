/**
 * The texts of the approver's pages — the inbox of tasks, the decision panel, the
 * Kontierung form and the bulk approval — once per language (kept apart from `de.ts` /
 * `en.ts`; typed by one interface so a text missing in one language is a compile error).
 * The refusals themselves come from the approval module's error messages, which name the
 * rule (German first).
 */
import type { Lang } from '../../../common/errors/domain-error.js';

export type DecisionActionName = 'approve' | 'reject' | 'hold' | 'release' | 'reassign' | 'comment';
export type InboxSort = 'skonto' | 'due' | 'amount' | 'received';
export type DecisionNotice = DecisionActionName | 'kontierung';

export interface ApprovalPageMessages {
  readonly inbox: {
    /** The page title with the number of open tasks (none: the plain title). */
    readonly titleWithCount: (title: string, count: number) => string;
    readonly caption: string;
    readonly summary: (total: number) => string;
    readonly countsByStep: string;
    readonly skontoAtRisk: string;
    readonly skontoAtRiskHint: (invoices: number) => string;
    readonly noneAtRisk: string;
    readonly filterTitle: string;
    readonly moreFilters: string;
    readonly search: string;
    readonly searchHint: string;
    readonly step: string;
    readonly allSteps: string;
    readonly supplier: string;
    readonly minAmount: string;
    readonly maxAmount: string;
    readonly amountHint: string;
    readonly dueWithinDays: string;
    readonly dueWithinDaysHint: string;
    readonly applyFilter: string;
    readonly resetFilter: string;
    readonly noMatches: string;
    readonly matches: (n: number) => string;
    readonly noMatchesHint: string;
    readonly columns: {
      readonly select: string;
      readonly number: string;
      readonly seller: string;
      readonly step: string;
      readonly amount: string;
      readonly skonto: string;
      readonly due: string;
      readonly received: string;
    };
    readonly selectInvoice: (number: string) => string;
    readonly sortBy: (column: string, direction: 'asc' | 'desc') => string;
    readonly noNumber: string;
    readonly held: string;
    readonly heldQuestion: string;
    readonly atRisk: string;
    readonly skontoExpired: string;
    readonly noSkonto: string;
    readonly pagination: string;
    readonly pageOf: (page: number, pages: number) => string;
    readonly previous: string;
    readonly next: string;
    readonly bulkTitle: string;
    readonly bulkHint: string;
    readonly bulkStep: string;
    readonly bulkSubmit: (step: string) => string;
    readonly bulkChooseStep: string;
    readonly bulkNoneSelected: string;
    readonly bulkApproved: (n: number) => string;
    readonly bulkRefusedTitle: (n: number) => string;
  };
  readonly panel: {
    readonly title: string;
    readonly policy: (name: string, version: number) => string;
    readonly stateLabel: string;
    readonly approvedAll: string;
    readonly state: Readonly<Record<'open' | 'approved' | 'returned' | 'cancelled', string>>;
    readonly stepsTitle: string;
    readonly taskState: Readonly<Record<'waiting' | 'open' | 'held' | 'done' | 'cancelled', string>>;
    readonly assignees: string;
    readonly nobodyAssigned: string;
    readonly doneBy: (name: string) => string;
    readonly onBehalf: (name: string) => string;
    readonly question: string;
    readonly actingFor: (name: string) => string;
    readonly decisionTitle: (step: string) => string;
    readonly commentTitle: string;
    readonly reason: string;
    readonly reasonHint: string;
    readonly reasonHintSod: string;
    readonly reassignTo: string;
    readonly reassignHint: string;
    readonly reassignNone: string;
    readonly people: string;
    readonly groups: string;
    readonly actions: Readonly<Record<DecisionActionName, string>>;
    readonly notPossibleTitle: string;
    readonly notPossible: (actions: string) => string;
    readonly errorTitle: string;
    readonly notices: Readonly<Record<DecisionNotice, string>>;
    readonly finished: string;
    readonly historyTitle: string;
    readonly historyEmpty: string;
    readonly historyAction: Readonly<Record<string, string>>;
    readonly sodException: string;
    readonly bulk: string;
    readonly wholeInvoice: string;
  };
  readonly kontierung: {
    readonly title: string;
    readonly intro: string;
    readonly caption: string;
    readonly line: (n: number) => string;
    readonly lineCount: (n: number) => string;
    readonly buchungsstelle: string;
    readonly kostenstelle: string;
    readonly investitionsnummer: string;
    readonly amount: string;
    readonly amountDue: string;
    readonly sum: string;
    readonly difference: string;
    readonly balanced: string;
    readonly save: string;
    readonly moreRows: string;
    readonly prefillBt19: string;
    readonly prefillSupplier: string;
    readonly none: string;
    readonly readOnly: string;
    readonly errorTitle: string;
  };
}

const de: ApprovalPageMessages = {
  inbox: {
    titleWithCount: (title, count) => (count > 0 ? `${title} (${count})` : title),
    caption: 'Aufgaben, die auf Sie, Ihre Gruppen oder die von Ihnen Vertretenen warten',
    summary: (total) => (total === 1 ? '1 offene Aufgabe' : `${total} offene Aufgaben`),
    countsByStep: 'Offene Aufgaben nach Schritt',
    skontoAtRisk: 'Skonto in Gefahr',
    skontoAtRiskHint: (n) =>
      n === 1
        ? '1 Rechnung, deren Skontofrist in den nächsten 7 Tagen endet'
        : `${n} Rechnungen, deren Skontofrist in den nächsten 7 Tagen endet`,
    noneAtRisk: 'keine Skontofrist endet in den nächsten 7 Tagen',
    filterTitle: 'Suchen und filtern',
    moreFilters: 'Weitere Filter: Rechnungssteller, Betrag, Frist',
    search: 'Suche',
    searchHint: 'Rechnungsnummer oder Rechnungssteller',
    step: 'Schritt',
    allSteps: 'Alle Schritte',
    supplier: 'Rechnungssteller',
    minAmount: 'Betrag ab (€)',
    maxAmount: 'Betrag bis (€)',
    amountHint: 'z. B. 1.000,00',
    dueWithinDays: 'Frist in den nächsten … Tagen',
    dueWithinDaysHint: 'Skonto- oder Fälligkeitsdatum',
    applyFilter: 'Anwenden',
    resetFilter: 'Filter zurücksetzen',
    noMatches: 'Keine Aufgaben für diese Suche',
    matches: (n) => (n === 1 ? '1 Aufgabe passt zu Ihrer Suche.' : `${n} Aufgaben passen zu Ihrer Suche.`),
    noMatchesHint: 'Ändern Sie die Suche oder setzen Sie die Filter zurück.',
    columns: {
      select: 'Auswahl',
      number: 'Rechnung',
      seller: 'Rechnungssteller',
      step: 'Schritt',
      amount: 'Betrag',
      skonto: 'Skonto bis',
      due: 'Fällig am',
      received: 'Eingegangen',
    },
    selectInvoice: (number) => `Rechnung ${number} auswählen`,
    sortBy: (column, direction) =>
      `${column}: ${direction === 'asc' ? 'aufsteigend sortieren' : 'absteigend sortieren'}`,
    noNumber: 'ohne Nummer',
    held: 'Zurückgestellt',
    heldQuestion: 'Rückfrage',
    atRisk: 'Skonto in Gefahr',
    skontoExpired: 'Skontofrist abgelaufen',
    noSkonto: 'kein Skonto',
    pagination: 'Seiten',
    pageOf: (page, pages) => `Seite ${page} von ${pages}`,
    previous: 'Vorherige Seite',
    next: 'Nächste Seite',
    bulkTitle: 'Sammelfreigabe',
    bulkHint:
      'Wählen Sie Rechnungen desselben Schritts aus. Jede Rechnung wird einzeln geprüft; was die Regeln nicht erlauben, bleibt offen und wird mit Grund genannt.',
    bulkStep: 'Schritt der Sammelfreigabe',
    bulkSubmit: (step) => `Ausgewählte freigeben (Schritt ${step})`,
    bulkChooseStep: 'Ausgewählte freigeben',
    bulkNoneSelected: 'Bitte wählen Sie mindestens eine Rechnung aus.',
    bulkApproved: (n) => (n === 1 ? '1 Rechnung wurde freigegeben.' : `${n} Rechnungen wurden freigegeben.`),
    bulkRefusedTitle: (n) =>
      n === 1 ? '1 Rechnung wurde nicht freigegeben' : `${n} Rechnungen wurden nicht freigegeben`,
  },
  panel: {
    title: 'Freigabe',
    policy: (name, version) => `Richtlinie: ${name} (Version ${version})`,
    stateLabel: 'Stand',
    approvedAll: 'Die Anordnung ist erteilt: Die Rechnung ist freigegeben.',
    state: {
      open: 'in Bearbeitung',
      approved: 'freigegeben (angeordnet)',
      returned: 'an den Rechnungssteller zurückgewiesen',
      cancelled: 'abgebrochen',
    },
    stepsTitle: 'Schritte',
    taskState: {
      waiting: 'wartet',
      open: 'offen – jetzt an der Reihe',
      held: 'zurückgestellt – Rückfrage offen',
      done: 'erledigt',
      cancelled: 'entfallen',
    },
    assignees: 'Zuständig',
    nobodyAssigned: 'niemand gefunden – die Verwaltung muss die Aufgabe zuweisen',
    doneBy: (name) => `von ${name}`,
    onBehalf: (name) => `in Vertretung für ${name}`,
    question: 'Rückfrage',
    actingFor: (name) => `Sie handeln in Vertretung für ${name}.`,
    decisionTitle: (step) => `Entscheidung: ${step}`,
    commentTitle: 'Kommentar',
    reason: 'Begründung, Rückfrage oder Kommentar',
    reasonHint:
      'Nötig zum Zurückweisen, Zurückstellen, Weiterleiten und für einen Kommentar (mindestens 5 Zeichen). Der Text steht im Verlauf.',
    reasonHintSod:
      'Sie haben diese Rechnung bereits festgestellt: Die Anordnung durch Sie ist nur mit schriftlicher Begründung zulässig.',
    reassignTo: 'Weiterleiten an',
    reassignHint: 'Nur zum Weiterleiten: die Person oder Gruppe, die den Schritt übernimmt.',
    reassignNone: '– bitte wählen –',
    people: 'Personen',
    groups: 'Gruppen',
    actions: {
      approve: 'Freigeben',
      reject: 'Zurückweisen an Lieferanten',
      hold: 'Zurückstellen mit Rückfrage',
      release: 'Rückfrage erledigt – fortsetzen',
      reassign: 'Weiterleiten',
      comment: 'Kommentar speichern',
    },
    notPossibleTitle: 'Was Sie hier nicht tun können, und warum',
    notPossible: (actions) => `${actions} nicht möglich:`,
    errorTitle: 'Die Entscheidung wurde nicht gespeichert',
    notices: {
      approve: 'Der Schritt wurde freigegeben.',
      reject: 'Die Rechnung wurde an den Rechnungssteller zurückgewiesen.',
      hold: 'Der Schritt wurde mit Ihrer Rückfrage zurückgestellt.',
      release: 'Die Rückfrage ist erledigt; der Schritt ist wieder offen.',
      reassign: 'Der Schritt wurde weitergeleitet.',
      comment: 'Ihr Kommentar wurde gespeichert.',
      kontierung: 'Die Kontierung wurde gespeichert.',
    },
    finished: 'Die Freigabe dieser Rechnung ist abgeschlossen.',
    historyTitle: 'Verlauf der Freigabe',
    historyEmpty: 'Noch keine Entscheidung.',
    historyAction: {
      approve: 'Freigegeben',
      reject: 'Zurückgewiesen',
      hold: 'Zurückgestellt',
      release: 'Fortgesetzt',
      reassign: 'Weitergeleitet',
      comment: 'Kommentar',
      kontierung: 'Kontierung gespeichert',
    },
    sodException: 'Ausnahme von der Aufgabentrennung, schriftlich begründet',
    bulk: 'Sammelfreigabe',
    wholeInvoice: 'ganze Rechnung',
  },
  kontierung: {
    title: 'Kontierung',
    intro:
      'Auf welche Buchungsstellen die Rechnung gebucht wird. Die Summe der Zeilen muss dem Zahlbetrag entsprechen; leere Zeilen werden ignoriert.',
    caption: 'Kontierungszeilen',
    line: (n) => `Zeile ${n}`,
    lineCount: (n) => (n === 1 ? '1 Zeile' : `${n} Zeilen`),
    buchungsstelle: 'Buchungsstelle',
    kostenstelle: 'Kostenstelle',
    investitionsnummer: 'Investitionsnummer',
    amount: 'Betrag (€)',
    amountDue: 'Zahlbetrag der Rechnung',
    sum: 'Summe der Zeilen',
    difference: 'Noch zu verteilen',
    balanced: 'Summe stimmt',
    save: 'Kontierung speichern',
    moreRows: 'Weitere Zeilen',
    prefillBt19: 'Vorschlag aus der Kontierungsangabe der Rechnung (BT-19) – bitte prüfen und speichern.',
    prefillSupplier:
      'Vorschlag aus der letzten Rechnung dieses Rechnungsstellers – bitte prüfen, aufteilen und speichern.',
    none: 'Noch keine Kontierung.',
    readOnly: 'Die Kontierung können Sie hier nicht ändern:',
    errorTitle: 'Die Kontierung wurde nicht gespeichert',
  },
};

const en: ApprovalPageMessages = {
  inbox: {
    titleWithCount: (title, count) => (count > 0 ? `${title} (${count})` : title),
    caption: 'Tasks waiting for you, your groups or the people you stand in for',
    summary: (total) => (total === 1 ? '1 open task' : `${total} open tasks`),
    countsByStep: 'Open tasks by step',
    skontoAtRisk: 'Cash discount at risk',
    skontoAtRiskHint: (n) =>
      n === 1
        ? '1 invoice whose cash discount period ends within 7 days'
        : `${n} invoices whose cash discount period ends within 7 days`,
    noneAtRisk: 'no cash discount period ends within 7 days',
    filterTitle: 'Search and filter',
    moreFilters: 'More filters: supplier, amount, deadline',
    search: 'Search',
    searchHint: 'Invoice number or supplier',
    step: 'Step',
    allSteps: 'All steps',
    supplier: 'Supplier',
    minAmount: 'Amount from (€)',
    maxAmount: 'Amount up to (€)',
    amountHint: 'e.g. 1000.00',
    dueWithinDays: 'Deadline within … days',
    dueWithinDaysHint: 'Cash discount or due date',
    applyFilter: 'Apply',
    resetFilter: 'Reset filters',
    noMatches: 'No tasks match this search',
    matches: (n) => (n === 1 ? '1 task matches your search.' : `${n} tasks match your search.`),
    noMatchesHint: 'Change the search or reset the filters.',
    columns: {
      select: 'Select',
      number: 'Invoice',
      seller: 'Supplier',
      step: 'Step',
      amount: 'Amount',
      skonto: 'Discount until',
      due: 'Due',
      received: 'Received',
    },
    selectInvoice: (number) => `Select invoice ${number}`,
    sortBy: (column, direction) => `${column}: sort ${direction === 'asc' ? 'ascending' : 'descending'}`,
    noNumber: 'no number',
    held: 'On hold',
    heldQuestion: 'Question',
    atRisk: 'Discount at risk',
    skontoExpired: 'Discount period over',
    noSkonto: 'no discount',
    pagination: 'Pages',
    pageOf: (page, pages) => `Page ${page} of ${pages}`,
    previous: 'Previous page',
    next: 'Next page',
    bulkTitle: 'Bulk approval',
    bulkHint:
      'Select invoices of the same step. Each invoice is judged on its own; what the rules do not allow stays open and is listed with the reason.',
    bulkStep: 'Step to approve',
    bulkSubmit: (step) => `Approve selected (step ${step})`,
    bulkChooseStep: 'Approve selected',
    bulkNoneSelected: 'Please select at least one invoice.',
    bulkApproved: (n) => (n === 1 ? '1 invoice was approved.' : `${n} invoices were approved.`),
    bulkRefusedTitle: (n) => (n === 1 ? '1 invoice was not approved' : `${n} invoices were not approved`),
  },
  panel: {
    title: 'Approval',
    policy: (name, version) => `Policy: ${name} (version ${version})`,
    stateLabel: 'State',
    approvedAll: 'The payment order is given: the invoice is approved.',
    state: {
      open: 'in progress',
      approved: 'approved (payment ordered)',
      returned: 'returned to the supplier',
      cancelled: 'cancelled',
    },
    stepsTitle: 'Steps',
    taskState: {
      waiting: 'waiting',
      open: 'open – due now',
      held: 'on hold – question open',
      done: 'done',
      cancelled: 'dropped',
    },
    assignees: 'Assigned to',
    nobodyAssigned: 'nobody found – an administrator must assign the task',
    doneBy: (name) => `by ${name}`,
    onBehalf: (name) => `standing in for ${name}`,
    question: 'Question',
    actingFor: (name) => `You act as substitute for ${name}.`,
    decisionTitle: (step) => `Decision: ${step}`,
    commentTitle: 'Comment',
    reason: 'Reason, question or comment',
    reasonHint:
      'Needed to return, hold, pass on and to comment (at least 5 characters). The text is kept in the history.',
    reasonHintSod:
      'You certified this invoice already: your payment order is allowed only with a written reason.',
    reassignTo: 'Pass on to',
    reassignHint: 'Only for passing on: the person or group that takes over the step.',
    reassignNone: '– please choose –',
    people: 'People',
    groups: 'Groups',
    actions: {
      approve: 'Approve',
      reject: 'Return to supplier',
      hold: 'Hold with a question',
      release: 'Question answered – continue',
      reassign: 'Pass on',
      comment: 'Save comment',
    },
    notPossibleTitle: 'What you cannot do here, and why',
    notPossible: (actions) => `${actions} not possible:`,
    errorTitle: 'The decision was not saved',
    notices: {
      approve: 'The step was approved.',
      reject: 'The invoice was returned to the supplier.',
      hold: 'The step was put on hold with your question.',
      release: 'The question is answered; the step is open again.',
      reassign: 'The step was passed on.',
      comment: 'Your comment was saved.',
      kontierung: 'The account assignment was saved.',
    },
    finished: 'The approval of this invoice is finished.',
    historyTitle: 'Approval history',
    historyEmpty: 'No decision yet.',
    historyAction: {
      approve: 'Approved',
      reject: 'Returned',
      hold: 'Put on hold',
      release: 'Continued',
      reassign: 'Passed on',
      comment: 'Comment',
      kontierung: 'Account assignment saved',
    },
    sodException: 'Exception from the separation of duties, with a written reason',
    bulk: 'bulk approval',
    wholeInvoice: 'whole invoice',
  },
  kontierung: {
    title: 'Account assignment (Kontierung)',
    intro:
      'The booking accounts the invoice is charged to. The lines must sum to the amount due; empty lines are ignored.',
    caption: 'Account assignment lines',
    line: (n) => `Line ${n}`,
    lineCount: (n) => (n === 1 ? '1 line' : `${n} lines`),
    buchungsstelle: 'Booking account',
    kostenstelle: 'Cost centre',
    investitionsnummer: 'Investment number',
    amount: 'Amount (€)',
    amountDue: 'Amount due of the invoice',
    sum: 'Sum of the lines',
    difference: 'Still to assign',
    balanced: 'Sum matches',
    save: 'Save account assignment',
    moreRows: 'More lines',
    prefillBt19: "Suggested from the invoice's accounting reference (BT-19) – please check and save.",
    prefillSupplier: "Suggested from this supplier's last invoice – please check, split and save.",
    none: 'No account assignment yet.',
    readOnly: 'You cannot change the account assignment here:',
    errorTitle: 'The account assignment was not saved',
  },
};

const MESSAGES: Readonly<Record<Lang, ApprovalPageMessages>> = { de, en };

export function approvalMessagesFor(lang: Lang): ApprovalPageMessages {
  return MESSAGES[lang];
}

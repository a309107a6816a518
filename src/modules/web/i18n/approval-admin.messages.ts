/**
 * The texts of the approval administration pages (policies with the dry run, groups, value
 * limits) and of the substitutes page, once per language; typed by one interface so a text
 * missing in one language is a compile error.
 */
import type { Lang } from '../../../common/errors/domain-error.js';
import type { AssigneeRole, StepKind } from '../../approval/policy/policy.js';

export type LimitScope = 'feststellung' | 'anordnung' | 'freigabe';
export type PolicyState = 'draft' | 'active' | 'retired';

export type PolicyNotice = 'created' | 'saved' | 'activated';
export type GroupNotice = 'created' | 'deleted' | 'memberAdded' | 'memberRemoved';
export type LimitNotice = 'saved';
export type SubstituteNotice = 'added' | 'revoked';

export interface ApprovalAdminMessages {
  readonly roles: Readonly<Record<AssigneeRole, string>>;
  readonly kinds: Readonly<Record<StepKind, string>>;
  readonly scopes: Readonly<Record<LimitScope, string>>;
  readonly states: Readonly<Record<PolicyState, string>>;
  readonly cancel: string;
  readonly none: string;
  readonly unlimited: string;
  readonly upTo: (amount: string) => string;
  readonly errorSummaryTitle: string;
  readonly readOnly: string;

  readonly policies: {
    readonly title: string;
    readonly intro: string;
    readonly caption: string;
    readonly empty: string;
    readonly columns: {
      readonly version: string;
      readonly name: string;
      readonly state: string;
      readonly preset: string;
      readonly created: string;
      readonly activated: string;
    };
    readonly by: (who: string) => string;
    readonly open: string;
    readonly edit: string;
    readonly openFor: (action: string, version: number) => string;
    readonly newTitle: string;
    readonly newIntro: string;
    readonly startFrom: string;
    readonly copyOfActive: (version: number) => string;
    readonly copyOfActiveHint: string;
    readonly draftName: string;
    readonly draftNameHint: string;
    readonly createDraft: string;
    readonly chooseStart: string;
    readonly notices: Readonly<Record<PolicyNotice, string>>;
  };

  readonly editor: {
    readonly title: (version: number, state: string) => string;
    readonly intro: string;
    readonly readOnlyIntro: string;
    readonly back: string;
    readonly name: string;
    readonly stepsTitle: string;
    readonly stepsIntro: string;
    readonly step: (n: number) => string;
    readonly stepKey: (key: string) => string;
    readonly labelDe: string;
    readonly labelEn: string;
    readonly kind: string;
    readonly assignees: string;
    readonly assigneesHint: string;
    readonly people: string;
    readonly groups: string;
    readonly roles: string;
    readonly roleAll: (role: string) => string;
    readonly noGroups: string;
    readonly unknownGroup: string;
    readonly unknownUser: string;
    readonly condition: string;
    readonly conditionHint: string;
    readonly minAmount: string;
    readonly maxAmount: string;
    readonly amountHint: string;
    readonly creditNote: string;
    readonly creditNoteAll: string;
    readonly creditNoteOnly: string;
    readonly creditNoteNever: string;
    readonly bulk: string;
    readonly bulkHint: string;
    readonly resolveKept: string;
    readonly suppliersKept: (suppliers: string) => string;
    readonly moveUp: string;
    readonly moveDown: string;
    readonly remove: string;
    readonly stepAction: (action: string, n: number) => string;
    readonly addStep: string;
    readonly rulesTitle: string;
    readonly separation: string;
    readonly separationNever: string;
    readonly separationWithReason: string;
    readonly amountBasis: string;
    readonly gross: string;
    readonly net: string;
    readonly deadlinesTitle: string;
    readonly reminderDays: string;
    readonly reminderHint: string;
    readonly escalationDays: string;
    readonly escalationHint: string;
    readonly escalateTo: string;
    readonly escalateToHint: string;
    readonly save: string;
    readonly unsaved: string;
    readonly dryRunDays: string;
    readonly dryRunDaysHint: string;
    readonly dryRun: string;
    readonly advanced: string;
    readonly advancedHint: string;
    readonly json: string;
    readonly saveJson: string;
    readonly jsonInvalid: string;
    readonly activateTitle: string;
    readonly activateText: (version: number) => string;
    readonly activateKeep: string;
    readonly activate: (version: number) => string;
    readonly summary: {
      readonly conditionAlways: string;
      readonly from: (amount: string) => string;
      readonly to: (amount: string) => string;
      readonly onlyCreditNotes: string;
      readonly noCreditNotes: string;
      readonly bulkYes: string;
      readonly bulkNo: string;
      readonly who: string;
      readonly when: string;
    };
  };

  readonly dryRun: {
    readonly title: (days: number) => string;
    readonly intro: string;
    readonly invoices: string;
    readonly stepsPerInvoice: string;
    readonly stepsCount: (steps: number, invoices: number) => string;
    readonly limitHits: string;
    readonly limitHitsHint: string;
    readonly unassigned: string;
    readonly unassignedHint: string;
    readonly changed: string;
    readonly changedHint: string;
    readonly stepsCaption: string;
    readonly stepColumn: string;
    readonly invoicesColumn: string;
    readonly assigneesColumn: string;
    readonly nobody: string;
    readonly examplesCaption: string;
    readonly numberColumn: string;
    readonly amountColumn: string;
    readonly noInvoices: string;
  };

  readonly groups: {
    readonly title: string;
    readonly intro: string;
    readonly empty: string;
    readonly members: string;
    readonly noMembers: string;
    readonly removeMember: string;
    readonly removeMemberFor: (person: string, group: string) => string;
    readonly addMember: string;
    readonly addMemberLabel: (group: string) => string;
    readonly addMemberButton: string;
    readonly everyoneIn: string;
    readonly usedIn: (where: string) => string;
    /** One place a policy names the group: its version, state and step (or the escalation). */
    readonly usedAt: (version: number, state: string, step: string) => string;
    readonly deleteGroup: string;
    readonly deleteGroupFor: (group: string) => string;
    readonly createTitle: string;
    readonly name: string;
    readonly nameHint: string;
    readonly create: string;
    readonly deleteTitle: string;
    readonly deleteQuestion: (group: string) => string;
    readonly deleteExplanation: string;
    readonly deleteUsed: (where: string) => string;
    readonly deleteConfirm: string;
    readonly nameMissing: string;
    readonly notices: Readonly<Record<GroupNotice, string>>;
  };

  readonly limits: {
    readonly title: string;
    readonly intro: string;
    readonly caption: string;
    readonly columns: {
      readonly person: string;
      readonly roles: string;
      readonly actions: string;
    };
    readonly noAnordnung: string;
    readonly noLimit: string;
    readonly notForTreasury: string;
    readonly edit: string;
    readonly editFor: (person: string) => string;
    readonly kasseTitle: string;
    readonly kasseIntro: string;
    readonly kasseCaption: string;
    readonly kasseEmpty: string;
    readonly kasseColumns: {
      readonly name: string;
      readonly email: string;
      readonly authority: string;
      readonly limit: string;
      readonly since: string;
    };
    readonly download: string;
    readonly treasuryWarning: string;
    readonly editTitle: (person: string) => string;
    readonly editIntro: string;
    readonly choiceNone: string;
    readonly choiceNoAnordnung: string;
    readonly choiceUnlimited: string;
    readonly choiceUpTo: string;
    readonly amount: (scope: string) => string;
    readonly scopeHint: Readonly<Record<LimitScope, string>>;
    readonly save: string;
    readonly amountInvalid: (scope: string) => string;
    readonly notices: Readonly<Record<LimitNotice, string>>;
    readonly csv: {
      readonly name: string;
      readonly email: string;
      readonly authority: string;
      readonly limit: string;
      readonly since: string;
      readonly unlimited: string;
    };
  };

  readonly substitutes: {
    readonly title: string;
    readonly intro: string;
    readonly mineTitle: string;
    readonly mineEmpty: string;
    readonly mineCaption: string;
    readonly standInTitle: string;
    readonly standInEmpty: string;
    readonly standInCaption: string;
    readonly allTitle: string;
    readonly allCaption: string;
    readonly allEmpty: string;
    readonly columns: {
      readonly absent: string;
      readonly substitute: string;
      readonly period: string;
      readonly state: string;
      readonly actions: string;
    };
    readonly period: (from: string, to: string) => string;
    readonly current: string;
    readonly upcoming: string;
    readonly revoke: string;
    readonly revokeFor: (absent: string, substitute: string) => string;
    readonly addTitle: string;
    readonly addIntro: string;
    readonly forWhom: string;
    readonly me: (name: string) => string;
    readonly substitute: string;
    readonly choose: string;
    readonly from: string;
    readonly to: string;
    readonly dateHint: string;
    readonly add: string;
    readonly substituteMissing: string;
    readonly fromMissing: string;
    readonly toMissing: string;
    readonly toBeforeFrom: string;
    readonly toInPast: string;
    readonly sameperson: string;
    readonly cycle: (absent: string, substitute: string) => string;
    readonly notices: Readonly<Record<SubstituteNotice, string>>;
  };

  /** A problem `checkPolicy` (or the form) found, in the page's language. */
  readonly problem: (path: string, message: string) => string;
}

const DE_PROBLEMS: Readonly<Record<string, string>> = {
  'must be a list of 1 to 20 steps': 'Eine Richtlinie braucht 1 bis 20 Schritte.',
  'lower-case letters, digits and -, up to 32':
    'Die Kennung des Schritts ist ungültig (Kleinbuchstaben, Ziffern und Bindestrich, höchstens 32 Zeichen).',
  'used twice': 'Diese Kennung eines Schritts kommt zweimal vor.',
  'only one anordnung step': 'Es darf nur einen Schritt der Art „Anordnung“ geben.',
  'a Feststellung must come before the Anordnung':
    'Eine Feststellung (sachlich oder rechnerisch richtig) muss vor der Anordnung kommen (§ 11 Abs. 2 SächsKomKBVO).',
  'needs de and en texts (up to 80)':
    'Geben Sie die Bezeichnung auf Deutsch und auf Englisch an (je höchstens 80 Zeichen).',
  'names nobody: give users, groups or roles':
    'Niemand ist zuständig: wählen Sie mindestens eine Person, Gruppe oder Rolle.',
  'must be a decimal text like "10000.00"': 'Geben Sie einen Betrag wie 10.000,00 ein.',
  'not an amount': 'Das ist kein Betrag. Geben Sie einen Betrag wie 10.000,00 ein.',
  'below minimum': 'Der Höchstbetrag liegt unter dem Mindestbetrag.',
  'reminderWorkingDays and escalationWorkingDays: whole numbers 0–60':
    'Erinnerung und Eskalation: ganze Zahlen von 0 bis 60 Arbeitstagen.',
  'never or with_reason': 'Wählen Sie eine Regel für die Trennung von Feststellung und Anordnung.',
  'gross or net': 'Wählen Sie, ob Brutto- oder Nettobeträge zählen.',
  '1 to 120 characters': 'Der Name hat 1 bis 120 Zeichen.',
  'must be a list of non-empty texts': 'Die Auswahl der Zuständigen ist ungültig.',
  'must be an object': 'Dieser Teil der Richtlinie ist ungültig.',
  'unknown field': 'Dieses Feld kennt die Richtlinie nicht.',
};

const EN_PROBLEMS: Readonly<Record<string, string>> = {
  'must be a list of 1 to 20 steps': 'A policy needs 1 to 20 steps.',
  'lower-case letters, digits and -, up to 32':
    'The step key is not valid (lower-case letters, digits and hyphens, up to 32 characters).',
  'used twice': 'This step key occurs twice.',
  'only one anordnung step': 'There may be only one step of the kind “payment order”.',
  'a Feststellung must come before the Anordnung':
    'A certification (factually or arithmetically correct) must come before the payment order.',
  'needs de and en texts (up to 80)':
    'Give the name of the step in German and English (up to 80 characters each).',
  'names nobody: give users, groups or roles':
    'Nobody is responsible: choose at least one person, group or role.',
  'must be a decimal text like "10000.00"': 'Enter an amount such as 10,000.00.',
  'not an amount': 'This is not an amount. Enter an amount such as 10,000.00.',
  'below minimum': 'The maximum is below the minimum.',
  'reminderWorkingDays and escalationWorkingDays: whole numbers 0–60':
    'Reminder and escalation: whole numbers from 0 to 60 working days.',
  'never or with_reason': 'Choose a rule for separating certification and payment order.',
  'gross or net': 'Choose whether gross or net amounts count.',
  '1 to 120 characters': 'The name has 1 to 120 characters.',
  'must be a list of non-empty texts': 'The choice of people responsible is not valid.',
  'must be an object': 'This part of the policy is not valid.',
  'unknown field': 'The policy does not know this field.',
};

function problemText(table: Readonly<Record<string, string>>, kindText: string) {
  return (path: string, message: string): string => {
    if (message.startsWith('one of ')) return kindText;
    if (message.startsWith('roles are ')) return table['must be a list of non-empty texts'];
    if (message.startsWith('source (')) return table['must be an object'];
    return table[message] ?? `${path}: ${message}`;
  };
}

const de: ApprovalAdminMessages = {
  roles: {
    admin: 'Administration',
    approver: 'Freigebende',
    treasury: 'Kasse',
    auditor: 'Rechnungsprüfung',
  },
  kinds: {
    sachlich: 'Sachlich richtig (Feststellung)',
    rechnerisch: 'Rechnerisch richtig (Feststellung)',
    feststellung: 'Sachlich und rechnerisch richtig (Feststellung)',
    anordnung: 'Anordnung (Zahlungsanordnung)',
    freigabe: 'Weitere Freigabe (z. B. Amtsleitung)',
  },
  scopes: { feststellung: 'Feststellung', anordnung: 'Anordnung', freigabe: 'Freigabe' },
  states: { draft: 'Entwurf', active: 'Aktiv', retired: 'Abgelöst' },
  cancel: 'Abbrechen',
  none: '–',
  unlimited: 'ohne Betragsgrenze',
  upTo: (amount) => `bis ${amount}`,
  errorSummaryTitle: 'Bitte prüfen Sie Ihre Angaben',
  readOnly: 'Sie können diese Seite ansehen, aber nicht ändern.',

  policies: {
    title: 'Freigaberichtlinien',
    intro:
      'Eine Freigaberichtlinie legt fest, welche Schritte eine Rechnung durchläuft und wer jeweils zuständig ist. Änderungen entstehen als Entwurf; erst die Aktivierung macht einen Entwurf gültig – für Rechnungen, deren Freigabe danach beginnt.',
    caption: 'Versionen der Freigaberichtlinie',
    empty:
      'Noch keine Richtlinie. Mit der ersten Rechnung wird die Vorlage für Ihre Organisation aktiviert; Sie können aber schon jetzt einen Entwurf anlegen.',
    columns: {
      version: 'Version',
      name: 'Name',
      state: 'Status',
      preset: 'Vorlage',
      created: 'Angelegt',
      activated: 'Aktiviert',
    },
    by: (who) => `von ${who}`,
    open: 'Ansehen',
    edit: 'Bearbeiten',
    openFor: (action, version) => `${action}: Version ${version}`,
    newTitle: 'Neuen Entwurf anlegen',
    newIntro: 'Wählen Sie, womit der Entwurf beginnt. Sie können danach jeden Schritt anpassen.',
    startFrom: 'Ausgangspunkt',
    copyOfActive: (version) => `Kopie der aktiven Richtlinie (Version ${version})`,
    copyOfActiveHint: 'Übernimmt alle Schritte und Regeln, die jetzt gelten.',
    draftName: 'Name des Entwurfs (freiwillig)',
    draftNameHint: 'Ohne Angabe der Name der Vorlage.',
    createDraft: 'Entwurf anlegen',
    chooseStart: 'Wählen Sie einen Ausgangspunkt für den Entwurf.',
    notices: {
      created: 'Der Entwurf wurde angelegt. Passen Sie ihn an und machen Sie dann eine Probe.',
      saved: 'Der Entwurf wurde gespeichert.',
      activated:
        'Die Richtlinie ist jetzt aktiv. Rechnungen, deren Freigabe bereits läuft, behalten ihre bisherige Version.',
    },
  },

  editor: {
    title: (version, state) => `Richtlinie Version ${version} (${state})`,
    intro:
      'Bearbeiten Sie die Schritte von oben nach unten in der Reihenfolge, in der eine Rechnung sie durchläuft. Änderungen gelten erst, wenn Sie „Entwurf speichern“ wählen.',
    readOnlyIntro:
      'Diese Version ist nicht mehr änderbar. Um sie zu ändern, legen Sie auf der Übersicht einen neuen Entwurf als Kopie an.',
    back: 'Zurück zur Übersicht',
    name: 'Name der Richtlinie',
    stepsTitle: 'Schritte',
    stepsIntro:
      'Die Feststellung (sachlich und rechnerisch richtig) kommt vor der Anordnung. Ein Schritt mit Bedingung wird nur verlangt, wenn sie zutrifft.',
    step: (n) => `Schritt ${n}`,
    stepKey: (key) => `Kennung: ${key}`,
    labelDe: 'Bezeichnung (deutsch)',
    labelEn: 'Bezeichnung (englisch)',
    kind: 'Art des Schritts',
    assignees: 'Zuständig',
    assigneesHint: 'Wer hier ausgewählt ist, darf den Schritt erledigen. Mindestens eine Angabe.',
    people: 'Personen',
    groups: 'Gruppen',
    roles: 'Alle mit der Rolle',
    roleAll: (role) => role,
    noGroups: 'Noch keine Gruppen angelegt.',
    unknownGroup: '(Gruppe gibt es noch nicht – unter „Gruppen“ anlegen)',
    unknownUser: '(kein Benutzer)',
    condition: 'Bedingung',
    conditionHint: 'Leer lassen, wenn der Schritt für jede Rechnung gilt.',
    minAmount: 'ab Betrag (€)',
    maxAmount: 'bis Betrag (€)',
    amountHint: 'Zum Beispiel 10.000,01',
    creditNote: 'Gutschriften',
    creditNoteAll: 'Rechnungen und Gutschriften',
    creditNoteOnly: 'nur Gutschriften',
    creditNoteNever: 'nur Rechnungen, keine Gutschriften',
    bulk: 'Sammelfreigabe erlaubt',
    bulkHint: 'Mehrere Rechnungen dürfen in diesem Schritt auf einmal freigegeben werden.',
    resolveKept:
      'Für diesen Schritt werden die Zuständigen auch aus der Rechnung ermittelt (z. B. Leitweg-ID); das bleibt erhalten und lässt sich unter „Erweitert: JSON“ ändern.',
    suppliersKept: (suppliers) =>
      `Der Schritt gilt nur für diese Rechnungssteller: ${suppliers} (änderbar unter „Erweitert: JSON“).`,
    moveUp: 'Nach oben',
    moveDown: 'Nach unten',
    remove: 'Schritt entfernen',
    stepAction: (action, n) => `${action}: Schritt ${n}`,
    addStep: 'Schritt hinzufügen',
    rulesTitle: 'Regeln',
    separation: 'Wer festgestellt hat, gibt die Anordnung …',
    separationNever: 'nie: Feststeller darf nicht anordnen',
    separationWithReason: 'nur mit schriftlicher Begründung (Ausnahme wird dokumentiert)',
    amountBasis: 'Beträge für Bedingungen und Befugnisse',
    gross: 'Brutto (zu zahlender Betrag)',
    net: 'Netto',
    deadlinesTitle: 'Fristen',
    reminderDays: 'Erinnerung vor Skontofrist (Arbeitstage)',
    reminderHint: '0 = keine Erinnerung',
    escalationDays: 'Eskalation nach (Arbeitstage ohne Entscheidung)',
    escalationHint: '0 = keine Eskalation',
    escalateTo: 'Eskalation an',
    escalateToHint: 'Wer benachrichtigt wird, wenn die Frist ohne Entscheidung verstreicht.',
    save: 'Entwurf speichern',
    unsaved:
      'Geändert, aber noch nicht gespeichert. Wählen Sie „Entwurf speichern“, um die Änderung zu behalten.',
    dryRunDays: 'Probe über die letzten … Tage',
    dryRunDaysHint: '1 bis 366 Tage',
    dryRun: 'Speichern und Probe machen',
    advanced: 'Erweitert: JSON',
    advancedHint:
      'Für Fachleute: die ganze Richtlinie als JSON, zum Beispiel für Zuständigkeiten nach Leitweg-ID. Sie wird genauso geprüft wie das Formular.',
    json: 'Richtlinie als JSON',
    saveJson: 'JSON speichern',
    jsonInvalid: 'Das ist kein gültiges JSON.',
    activateTitle: 'Aktivieren',
    activateText: (version) =>
      `Mit der Aktivierung gilt Version ${version} für jede Rechnung, deren Freigabe ab jetzt beginnt. Die bisher aktive Version wird abgelöst.`,
    activateKeep:
      'Laufende Freigaben behalten ihre Version und ihre Zuständigen – es wird nichts umverteilt.',
    activate: (version) => `Version ${version} aktivieren`,
    summary: {
      conditionAlways: 'immer',
      from: (amount) => `ab ${amount}`,
      to: (amount) => `bis ${amount}`,
      onlyCreditNotes: 'nur Gutschriften',
      noCreditNotes: 'keine Gutschriften',
      bulkYes: 'Sammelfreigabe erlaubt',
      bulkNo: 'keine Sammelfreigabe',
      who: 'Zuständig',
      when: 'Wann',
    },
  },

  dryRun: {
    title: (days) => `Probe: die Rechnungen der letzten ${days} Tage`,
    intro:
      'So wäre es mit diesem Entwurf gelaufen. Es wird nichts verändert; die Zuständigen und Befugnisse sind die von heute.',
    invoices: 'Rechnungen',
    stepsPerInvoice: 'Schritte je Rechnung',
    stepsCount: (steps, invoices) =>
      `${steps} ${steps === 1 ? 'Schritt' : 'Schritte'}: ${invoices} ${invoices === 1 ? 'Rechnung' : 'Rechnungen'}`,
    limitHits: 'Anordnung nicht möglich',
    limitHitsHint: 'Niemand der Zuständigen hat eine Anordnungsbefugnis, die für den Betrag reicht.',
    unassigned: 'Ohne Zuständige',
    unassignedHint: 'Für mindestens einen Schritt wäre niemand zu finden gewesen.',
    changed: 'Anders als bisher',
    changedHint:
      'Rechnungen, die mit diesem Entwurf andere Schritte durchlaufen hätten als mit der geltenden Richtlinie.',
    stepsCaption: 'Schritte und wer gefragt worden wäre',
    stepColumn: 'Schritt',
    invoicesColumn: 'Rechnungen',
    assigneesColumn: 'Gefragt worden wären',
    nobody: 'niemand',
    examplesCaption: 'Beispiele: Rechnungen, deren Anordnung niemand hätte geben können',
    numberColumn: 'Rechnung',
    amountColumn: 'Betrag',
    noInvoices: 'In diesem Zeitraum sind keine Rechnungen eingegangen.',
  },

  groups: {
    title: 'Gruppen',
    intro:
      'Gruppen fassen Personen zusammen, die einen Schritt gemeinsam übernehmen (z. B. „Amtsleitung“). Eine Aufgabe für eine Gruppe kann jedes Mitglied erledigen. Richtlinien nennen Gruppen beim Namen.',
    empty: 'Noch keine Gruppen angelegt.',
    members: 'Mitglieder',
    noMembers: 'Keine Mitglieder – Aufgaben dieser Gruppe erreichen niemanden.',
    removeMember: 'Entfernen',
    removeMemberFor: (person, group) => `${person} aus „${group}“ entfernen`,
    addMember: 'Mitglied hinzufügen',
    addMemberLabel: (group) => `Person für „${group}“`,
    addMemberButton: 'Hinzufügen',
    everyoneIn: 'Alle Personen sind bereits Mitglied.',
    usedIn: (where) => `Verwendet in: ${where}`,
    usedAt: (version, state, step) => `Richtlinie Version ${version} (${state}), „${step}“`,
    deleteGroup: 'Gruppe löschen',
    deleteGroupFor: (group) => `Gruppe „${group}“ löschen`,
    createTitle: 'Neue Gruppe',
    name: 'Name der Gruppe',
    nameHint: 'So wird sie in der Richtlinie genannt, z. B. Amtsleitung.',
    create: 'Gruppe anlegen',
    deleteTitle: 'Gruppe löschen',
    deleteQuestion: (group) => `Soll die Gruppe „${group}“ gelöscht werden?`,
    deleteExplanation:
      'Ihre Mitglieder bleiben Benutzer. Laufende Aufgaben dieser Gruppe erreichen danach niemanden mehr über die Gruppe.',
    deleteUsed: (where) =>
      `Achtung: Die Gruppe wird noch verwendet (${where}). Schritte, die nur diese Gruppe nennen, hätten danach keine Zuständigen.`,
    deleteConfirm: 'Gruppe löschen',
    nameMissing: 'Geben Sie einen Namen für die Gruppe ein (höchstens 80 Zeichen).',
    notices: {
      created: 'Die Gruppe wurde angelegt.',
      deleted: 'Die Gruppe wurde gelöscht.',
      memberAdded: 'Das Mitglied wurde hinzugefügt.',
      memberRemoved: 'Das Mitglied wurde entfernt.',
    },
  },

  limits: {
    title: 'Befugnisse',
    intro:
      'Wer welche Schritte bis zu welchem Betrag erledigen darf. Eine Anordnung gibt nur, wem eine Anordnungsbefugnis ausdrücklich erteilt ist; Feststellung und Freigabe sind ohne Eintrag nicht begrenzt.',
    caption: 'Befugnisse und Betragsgrenzen je Person',
    columns: { person: 'Person', roles: 'Rollen', actions: 'Aktion' },
    noAnordnung: 'keine',
    noLimit: 'nicht begrenzt',
    notForTreasury: 'nicht zulässig (Kasse)',
    edit: 'Ändern',
    editFor: (person) => `Befugnisse von ${person} ändern`,
    kasseTitle: 'Anordnungsbefugte für die Kasse',
    kasseIntro:
      'Namen und Umfang der Anordnungsbefugnisse werden der Kasse mitgeteilt (§ 7 Abs. 2 SächsKomKBVO). Die Liste zum Herunterladen enthält alle Befugnisse mit Betragsgrenze und Stand.',
    kasseCaption: 'Anordnungsbefugte',
    kasseEmpty: 'Niemand hat eine Anordnungsbefugnis. Ohne sie kann keine Rechnung angeordnet werden.',
    kasseColumns: {
      name: 'Name',
      email: 'E-Mail',
      authority: 'Befugnis',
      limit: 'Betragsgrenze',
      since: 'Stand',
    },
    download: 'Liste für die Kasse herunterladen (CSV)',
    treasuryWarning: 'gehört zur Kasse und darf nicht anordnen',
    editTitle: (person) => `Befugnisse von ${person}`,
    editIntro:
      'Betragsgrenzen gelten für den Betrag, den die Richtlinie zählt (in der Regel brutto). Änderungen gelten sofort auch für laufende Freigaben.',
    choiceNone: 'nicht begrenzt',
    choiceNoAnordnung: 'keine Anordnungsbefugnis',
    choiceUnlimited: 'ohne Betragsgrenze',
    choiceUpTo: 'bis zu einem Betrag',
    amount: (scope) => `Betragsgrenze ${scope} (€)`,
    scopeHint: {
      feststellung: 'Sachlich und rechnerisch richtig zeichnen.',
      anordnung: 'Zahlungsanordnungen erteilen (wird der Kasse mitgeteilt).',
      freigabe: 'Weitere Freigaben, z. B. als Amtsleitung.',
    },
    save: 'Befugnisse speichern',
    amountInvalid: (scope) => `${scope}: Geben Sie einen Betrag wie 5.000,00 ein.`,
    notices: { saved: 'Die Befugnisse wurden gespeichert.' },
    csv: {
      name: 'Name',
      email: 'E-Mail',
      authority: 'Befugnis',
      limit: 'Betragsgrenze',
      since: 'Stand',
      unlimited: 'unbegrenzt',
    },
  },

  substitutes: {
    title: 'Vertretung',
    intro:
      'Wenn Sie abwesend sind, erledigt Ihre Vertretung Ihre Aufgaben in diesem Zeitraum. Im Verlauf der Rechnung steht, wer für wen gehandelt hat. Sie selbst können weiterhin handeln.',
    mineTitle: 'Wer mich vertritt',
    mineEmpty: 'Für Sie ist keine Vertretung eingetragen.',
    mineCaption: 'Meine Vertretungen',
    standInTitle: 'Wen ich vertrete',
    standInEmpty: 'Sie vertreten derzeit niemanden.',
    standInCaption: 'Personen, die ich vertrete',
    allTitle: 'Alle Vertretungen',
    allCaption: 'Laufende und künftige Vertretungen aller Personen',
    allEmpty: 'Es sind keine Vertretungen eingetragen.',
    columns: {
      absent: 'Abwesend',
      substitute: 'Vertretung',
      period: 'Zeitraum',
      state: 'Status',
      actions: 'Aktion',
    },
    period: (from, to) => `${from} bis ${to}`,
    current: 'läuft',
    upcoming: 'geplant',
    revoke: 'Beenden',
    revokeFor: (absent, substitute) => `Vertretung von ${absent} durch ${substitute} beenden`,
    addTitle: 'Vertretung eintragen',
    addIntro: 'Wählen Sie, wer Sie vertritt, und für welchen Zeitraum (erster und letzter Tag).',
    forWhom: 'Wer ist abwesend?',
    me: (name) => `ich (${name})`,
    substitute: 'Vertretung',
    choose: 'Bitte wählen',
    from: 'Erster Tag',
    to: 'Letzter Tag',
    dateHint: 'Zum Beispiel 03.08.2026',
    add: 'Vertretung eintragen',
    substituteMissing: 'Wählen Sie die Person, die vertritt.',
    fromMissing: 'Geben Sie den ersten Tag an.',
    toMissing: 'Geben Sie den letzten Tag an.',
    toBeforeFrom: 'Der letzte Tag liegt vor dem ersten Tag.',
    toInPast: 'Der Zeitraum liegt in der Vergangenheit.',
    sameperson: 'Niemand kann sich selbst vertreten.',
    cycle: (absent, substitute) =>
      `Diese Vertretung ist nicht möglich: ${substitute} wird in diesem Zeitraum bereits von ${absent} vertreten (direkt oder über andere). Die Vertretungskette würde sich im Kreis drehen.`,
    notices: {
      added: 'Die Vertretung wurde eingetragen.',
      revoked: 'Die Vertretung wurde beendet.',
    },
  },

  problem: problemText(DE_PROBLEMS, 'Wählen Sie eine Art des Schritts.'),
};

const en: ApprovalAdminMessages = {
  roles: { admin: 'Administrators', approver: 'Approvers', treasury: 'Treasury', auditor: 'Auditors' },
  kinds: {
    sachlich: 'Factually correct (certification)',
    rechnerisch: 'Arithmetically correct (certification)',
    feststellung: 'Factually and arithmetically correct (certification)',
    anordnung: 'Payment order (Anordnung)',
    freigabe: 'Further sign-off (e.g. head of office)',
  },
  scopes: { feststellung: 'Certification', anordnung: 'Payment order', freigabe: 'Sign-off' },
  states: { draft: 'Draft', active: 'Active', retired: 'Retired' },
  cancel: 'Cancel',
  none: '–',
  unlimited: 'no limit',
  upTo: (amount) => `up to ${amount}`,
  errorSummaryTitle: 'Please check your entries',
  readOnly: 'You can view this page but not change it.',

  policies: {
    title: 'Approval policies',
    intro:
      'An approval policy sets the steps an invoice goes through and who is responsible for each. Changes are made as a draft; only activating a draft makes it apply – to invoices whose approval starts afterwards.',
    caption: 'Versions of the approval policy',
    empty:
      "No policy yet. With the first invoice your organisation's preset is activated; you can create a draft already now.",
    columns: {
      version: 'Version',
      name: 'Name',
      state: 'Status',
      preset: 'Preset',
      created: 'Created',
      activated: 'Activated',
    },
    by: (who) => `by ${who}`,
    open: 'View',
    edit: 'Edit',
    openFor: (action, version) => `${action}: version ${version}`,
    newTitle: 'Create a new draft',
    newIntro: 'Choose what the draft starts from. You can adapt every step afterwards.',
    startFrom: 'Starting point',
    copyOfActive: (version) => `Copy of the active policy (version ${version})`,
    copyOfActiveHint: 'Takes over all steps and rules that apply now.',
    draftName: 'Name of the draft (optional)',
    draftNameHint: "Without one, the preset's name.",
    createDraft: 'Create draft',
    chooseStart: 'Choose a starting point for the draft.',
    notices: {
      created: 'The draft was created. Adapt it, then make a dry run.',
      saved: 'The draft was saved.',
      activated: 'The policy is active now. Invoices whose approval is already running keep their version.',
    },
  },

  editor: {
    title: (version, state) => `Policy version ${version} (${state})`,
    intro:
      'Edit the steps from top to bottom in the order an invoice goes through them. Changes apply only once you choose “Save draft”.',
    readOnlyIntro:
      'This version can no longer be changed. To change it, create a new draft as a copy on the overview.',
    back: 'Back to the overview',
    name: 'Name of the policy',
    stepsTitle: 'Steps',
    stepsIntro:
      'The certification (factually and arithmetically correct) comes before the payment order. A step with a condition is asked for only when it holds.',
    step: (n) => `Step ${n}`,
    stepKey: (key) => `Key: ${key}`,
    labelDe: 'Name (German)',
    labelEn: 'Name (English)',
    kind: 'Kind of step',
    assignees: 'Responsible',
    assigneesHint: 'Whoever is chosen here may complete the step. At least one choice.',
    people: 'People',
    groups: 'Groups',
    roles: 'Everyone with the role',
    roleAll: (role) => role,
    noGroups: 'No groups yet.',
    unknownGroup: '(group does not exist yet – create it under “Groups”)',
    unknownUser: '(no user)',
    condition: 'Condition',
    conditionHint: 'Leave empty when the step applies to every invoice.',
    minAmount: 'from amount (€)',
    maxAmount: 'up to amount (€)',
    amountHint: 'For example 10,000.01',
    creditNote: 'Credit notes',
    creditNoteAll: 'Invoices and credit notes',
    creditNoteOnly: 'Credit notes only',
    creditNoteNever: 'Invoices only, no credit notes',
    bulk: 'Bulk approval allowed',
    bulkHint: 'Several invoices may be approved at once on this step.',
    resolveKept:
      'For this step the people responsible are also looked up from the invoice (e.g. Leitweg-ID); this is kept and can be changed under “Advanced: JSON”.',
    suppliersKept: (suppliers) =>
      `The step applies only to these sellers: ${suppliers} (can be changed under “Advanced: JSON”).`,
    moveUp: 'Move up',
    moveDown: 'Move down',
    remove: 'Remove step',
    stepAction: (action, n) => `${action}: step ${n}`,
    addStep: 'Add a step',
    rulesTitle: 'Rules',
    separation: 'Whoever certified gives the payment order …',
    separationNever: 'never: the certifier may not order',
    separationWithReason: 'only with a written reason (the exception is recorded)',
    amountBasis: 'Amounts for conditions and limits',
    gross: 'Gross (amount due)',
    net: 'Net',
    deadlinesTitle: 'Deadlines',
    reminderDays: 'Reminder before the cash discount deadline (working days)',
    reminderHint: '0 = no reminder',
    escalationDays: 'Escalate after (working days without a decision)',
    escalationHint: '0 = no escalation',
    escalateTo: 'Escalate to',
    escalateToHint: 'Who is notified when the deadline passes without a decision.',
    save: 'Save draft',
    unsaved: 'Changed but not saved yet. Choose “Save draft” to keep the change.',
    dryRunDays: 'Dry run over the last … days',
    dryRunDaysHint: '1 to 366 days',
    dryRun: 'Save and make a dry run',
    advanced: 'Advanced: JSON',
    advancedHint:
      'For specialists: the whole policy as JSON, e.g. for responsibilities by Leitweg-ID. It is checked just like the form.',
    json: 'Policy as JSON',
    saveJson: 'Save JSON',
    jsonInvalid: 'This is not valid JSON.',
    activateTitle: 'Activate',
    activateText: (version) =>
      `Once activated, version ${version} applies to every invoice whose approval starts from now on. The version active so far is retired.`,
    activateKeep: 'Running approvals keep their version and the people responsible – nothing is reassigned.',
    activate: (version) => `Activate version ${version}`,
    summary: {
      conditionAlways: 'always',
      from: (amount) => `from ${amount}`,
      to: (amount) => `up to ${amount}`,
      onlyCreditNotes: 'credit notes only',
      noCreditNotes: 'no credit notes',
      bulkYes: 'bulk approval allowed',
      bulkNo: 'no bulk approval',
      who: 'Responsible',
      when: 'When',
    },
  },

  dryRun: {
    title: (days) => `Dry run: the invoices of the last ${days} days`,
    intro:
      'This is how it would have gone with this draft. Nothing is changed; the people responsible and their limits are those of today.',
    invoices: 'Invoices',
    stepsPerInvoice: 'Steps per invoice',
    stepsCount: (steps, invoices) =>
      `${steps} ${steps === 1 ? 'step' : 'steps'}: ${invoices} ${invoices === 1 ? 'invoice' : 'invoices'}`,
    limitHits: 'Payment order impossible',
    limitHitsHint: 'Nobody responsible has a payment order authority that covers the amount.',
    unassigned: 'Nobody responsible',
    unassignedHint: 'For at least one step nobody would have been found.',
    changed: 'Different from now',
    changedHint:
      'Invoices that would have gone through other steps with this draft than with the policy in force.',
    stepsCaption: 'Steps and who would have been asked',
    stepColumn: 'Step',
    invoicesColumn: 'Invoices',
    assigneesColumn: 'Would have been asked',
    nobody: 'nobody',
    examplesCaption: 'Examples: invoices whose payment order nobody could have given',
    numberColumn: 'Invoice',
    amountColumn: 'Amount',
    noInvoices: 'No invoices were received in this period.',
  },

  groups: {
    title: 'Groups',
    intro:
      'Groups bring together people who share a step (e.g. “Amtsleitung”, head of office). Any member can complete a task of the group. Policies name groups by their name.',
    empty: 'No groups yet.',
    members: 'Members',
    noMembers: "No members – this group's tasks reach nobody.",
    removeMember: 'Remove',
    removeMemberFor: (person, group) => `Remove ${person} from “${group}”`,
    addMember: 'Add a member',
    addMemberLabel: (group) => `Person for “${group}”`,
    addMemberButton: 'Add',
    everyoneIn: 'Everyone is a member already.',
    usedIn: (where) => `Used in: ${where}`,
    usedAt: (version, state, step) => `policy version ${version} (${state}), “${step}”`,
    deleteGroup: 'Delete group',
    deleteGroupFor: (group) => `Delete group “${group}”`,
    createTitle: 'New group',
    name: 'Name of the group',
    nameHint: 'The policy names it so, e.g. Amtsleitung.',
    create: 'Create group',
    deleteTitle: 'Delete group',
    deleteQuestion: (group) => `Delete the group “${group}”?`,
    deleteExplanation:
      'Its members stay users. Running tasks of this group then reach nobody through the group.',
    deleteUsed: (where) =>
      `Note: the group is still in use (${where}). Steps that name only this group would then have nobody responsible.`,
    deleteConfirm: 'Delete group',
    nameMissing: 'Enter a name for the group (up to 80 characters).',
    notices: {
      created: 'The group was created.',
      deleted: 'The group was deleted.',
      memberAdded: 'The member was added.',
      memberRemoved: 'The member was removed.',
    },
  },

  limits: {
    title: 'Authorities',
    intro:
      'Who may complete which steps up to which amount. Only people explicitly granted a payment order authority give payment orders; certification and sign-off are unlimited without an entry.',
    caption: 'Authorities and value limits per person',
    columns: { person: 'Person', roles: 'Roles', actions: 'Action' },
    noAnordnung: 'none',
    noLimit: 'not limited',
    notForTreasury: 'not allowed (treasury)',
    edit: 'Change',
    editFor: (person) => `Change the authorities of ${person}`,
    kasseTitle: 'Payment order authorities for the treasury',
    kasseIntro:
      'Names and scope of the payment order authorities are reported to the treasury (Kasse; § 7(2) SächsKomKBVO). The download lists every authority with its value limit and date.',
    kasseCaption: 'People with payment order authority',
    kasseEmpty: 'Nobody has a payment order authority. Without one no invoice can be ordered for payment.',
    kasseColumns: {
      name: 'Name',
      email: 'E-mail',
      authority: 'Authority',
      limit: 'Value limit',
      since: 'As of',
    },
    download: 'Download the list for the treasury (CSV)',
    treasuryWarning: 'belongs to the treasury and may not order payments',
    editTitle: (person) => `Authorities of ${person}`,
    editIntro:
      'Value limits apply to the amount the policy counts (usually gross). Changes apply at once, also to running approvals.',
    choiceNone: 'not limited',
    choiceNoAnordnung: 'no payment order authority',
    choiceUnlimited: 'no value limit',
    choiceUpTo: 'up to an amount',
    amount: (scope) => `Value limit ${scope} (€)`,
    scopeHint: {
      feststellung: 'Certify invoices as factually and arithmetically correct.',
      anordnung: 'Give payment orders (reported to the treasury).',
      freigabe: 'Further sign-offs, e.g. as head of office.',
    },
    save: 'Save authorities',
    amountInvalid: (scope) => `${scope}: enter an amount such as 5,000.00.`,
    notices: { saved: 'The authorities were saved.' },
    csv: {
      name: 'Name',
      email: 'E-Mail',
      authority: 'Befugnis',
      limit: 'Betragsgrenze',
      since: 'Stand',
      unlimited: 'unbegrenzt',
    },
  },

  substitutes: {
    title: 'Substitutes',
    intro:
      'While you are away, your substitute completes your tasks in that period. The invoice history shows who acted for whom. You can still act yourself.',
    mineTitle: 'Who stands in for me',
    mineEmpty: 'No substitute is entered for you.',
    mineCaption: 'My substitutes',
    standInTitle: 'Whom I stand in for',
    standInEmpty: 'You do not stand in for anyone at present.',
    standInCaption: 'People I stand in for',
    allTitle: 'All substitutions',
    allCaption: "Everyone's running and planned substitutions",
    allEmpty: 'No substitutions are entered.',
    columns: {
      absent: 'Absent',
      substitute: 'Substitute',
      period: 'Period',
      state: 'Status',
      actions: 'Action',
    },
    period: (from, to) => `${from} to ${to}`,
    current: 'running',
    upcoming: 'planned',
    revoke: 'End',
    revokeFor: (absent, substitute) => `End the substitution of ${absent} by ${substitute}`,
    addTitle: 'Enter a substitute',
    addIntro: 'Choose who stands in for you, and for which period (first and last day).',
    forWhom: 'Who is away?',
    me: (name) => `me (${name})`,
    substitute: 'Substitute',
    choose: 'Please choose',
    from: 'First day',
    to: 'Last day',
    dateHint: 'For example Aug 3, 2026',
    add: 'Enter substitute',
    substituteMissing: 'Choose the person who stands in.',
    fromMissing: 'Enter the first day.',
    toMissing: 'Enter the last day.',
    toBeforeFrom: 'The last day is before the first day.',
    toInPast: 'The period lies in the past.',
    sameperson: 'Nobody can stand in for themselves.',
    cycle: (absent, substitute) =>
      `This substitution is not possible: in this period ${substitute} is already represented by ${absent} (directly or through others). The chain of substitutes would go round in a circle.`,
    notices: {
      added: 'The substitute was entered.',
      revoked: 'The substitution was ended.',
    },
  },

  problem: problemText(EN_PROBLEMS, 'Choose a kind of step.'),
};

const MESSAGES: Readonly<Record<Lang, ApprovalAdminMessages>> = { de, en };

export function approvalAdminMessagesFor(lang: Lang): ApprovalAdminMessages {
  return MESSAGES[lang];
}

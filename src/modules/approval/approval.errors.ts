import { defineErrors } from '../../common/errors/domain-error.js';

/**
 * Stable codes of the approval module. The refusals of a decision (`APPROVAL_SOD_*`,
 * `APPROVAL_LIMIT_*`, `APPROVAL_NOT_ASSIGNED`, …) are what a clerk reads when the system
 * says no: they name the rule, in German first.
 */
export const ApprovalErrors = defineErrors({
  APPROVAL_NOT_FOUND: {
    status: 404,
    de: 'Für diese Rechnung gibt es keine Freigabe.',
    en: 'There is no approval for this invoice.',
  },
  APPROVAL_NOT_OPEN: {
    status: 409,
    de: 'Die Freigabe dieser Rechnung ist abgeschlossen.',
    en: 'The approval of this invoice is finished.',
  },
  APPROVAL_STEP_NOT_CURRENT: {
    status: 409,
    de: 'Dieser Schritt ist nicht an der Reihe: zuerst müssen die vorherigen Schritte erledigt sein.',
    en: 'This step is not due: the previous steps must be done first.',
  },
  APPROVAL_NOT_ASSIGNED: {
    status: 403,
    de: 'Diese Aufgabe ist Ihnen nicht zugewiesen, auch nicht als Vertretung.',
    en: 'This task is not assigned to you, nor to anyone you stand in for.',
  },
  APPROVAL_NOT_A_PERSON: {
    status: 403,
    de: 'Entscheidungen trifft eine Person: dieser Zugang ist keinem Benutzer zugeordnet.',
    en: 'Decisions are made by a person: this access is not bound to a user.',
  },
  APPROVAL_SOD_FESTSTELLER_ANORDNUNG: {
    status: 403,
    de: 'Wer die sachliche oder rechnerische Richtigkeit festgestellt hat, darf für dieselbe Rechnung keine Anordnung erteilen (Trennung der Aufgaben).',
    en: 'Whoever certified the invoice as factually or arithmetically correct may not give its payment order (separation of duties).',
  },
  APPROVAL_SOD_REASON_REQUIRED: {
    status: 422,
    de: 'Sie haben diese Rechnung bereits festgestellt. Die Anordnung durch dieselbe Person ist nur mit schriftlicher Begründung zulässig.',
    en: 'You certified this invoice already. The payment order by the same person needs a written reason.',
  },
  APPROVAL_SOD_TREASURY: {
    status: 403,
    de: 'Beschäftigte der Kasse treffen weder Feststellungen noch erteilen sie Anordnungen.',
    en: 'Treasury (Kasse) staff neither certify invoices nor give payment orders.',
  },
  APPROVAL_LIMIT_NONE: {
    status: 403,
    de: 'Sie haben keine Anordnungsbefugnis.',
    en: 'You have no authority to give payment orders.',
  },
  APPROVAL_LIMIT_EXCEEDED: {
    status: 403,
    de: 'Der Rechnungsbetrag übersteigt Ihre Befugnis.',
    en: 'The invoice amount exceeds your limit.',
  },
  APPROVAL_KONTIERUNG_REQUIRED: {
    status: 422,
    de: 'Vor der Anordnung braucht die Rechnung eine vollständige Kontierung, deren Summe dem Rechnungsbetrag entspricht.',
    en: 'Before the payment order the invoice needs a complete account assignment that sums to the invoice amount.',
  },
  APPROVAL_KONTIERUNG_INVALID: {
    status: 422,
    de: 'Die Kontierung ist nicht in Ordnung.',
    en: 'The account assignment is not valid.',
  },
  APPROVAL_REASON_REQUIRED: {
    status: 422,
    de: 'Bitte geben Sie eine Begründung an.',
    en: 'Please give a reason.',
  },
  APPROVAL_ACTION_INVALID: {
    status: 422,
    de: 'Diese Aktion gibt es nicht oder sie passt nicht zum Zustand der Aufgabe.',
    en: 'This action does not exist or does not fit the state of the task.',
  },
  APPROVAL_BULK_NOT_ALLOWED: {
    status: 403,
    de: 'Für diesen Schritt erlaubt die Richtlinie keine Sammelfreigabe.',
    en: 'The policy does not allow bulk approval for this step.',
  },
  APPROVAL_REASSIGN_TARGET_INVALID: {
    status: 422,
    de: 'An diese Person oder Gruppe kann nicht weitergeleitet werden.',
    en: 'The task cannot be passed to this person or group.',
  },
  APPROVAL_POLICY_INVALID: {
    status: 422,
    de: 'Die Freigaberichtlinie ist nicht gültig.',
    en: 'The approval policy is not valid.',
  },
  APPROVAL_POLICY_NOT_FOUND: {
    status: 404,
    de: 'Freigaberichtlinie nicht gefunden.',
    en: 'Approval policy not found.',
  },
  APPROVAL_POLICY_NOT_DRAFT: {
    status: 409,
    de: 'Nur ein Entwurf kann geändert oder aktiviert werden.',
    en: 'Only a draft can be changed or activated.',
  },
  APPROVAL_PRESET_UNKNOWN: {
    status: 422,
    de: 'Diese Vorlage gibt es nicht.',
    en: 'There is no such preset.',
  },
  APPROVAL_GROUP_NOT_FOUND: {
    status: 404,
    de: 'Gruppe nicht gefunden.',
    en: 'Group not found.',
  },
  APPROVAL_GROUP_EXISTS: {
    status: 409,
    de: 'Eine Gruppe mit diesem Namen gibt es schon.',
    en: 'A group with this name exists already.',
  },
  APPROVAL_USER_NOT_FOUND: {
    status: 404,
    de: 'Benutzer nicht gefunden.',
    en: 'User not found.',
  },
  APPROVAL_SUBSTITUTE_INVALID: {
    status: 422,
    de: 'Diese Vertretung ist nicht möglich (Zeitraum, Person oder eine Vertretungskette, die sich im Kreis dreht).',
    en: 'This substitution is not possible (period, person, or a chain of substitutes that goes round in a circle).',
  },
  APPROVAL_SUBSTITUTE_NOT_FOUND: {
    status: 404,
    de: 'Vertretung nicht gefunden.',
    en: 'Substitution not found.',
  },
  APPROVAL_FORBIDDEN: {
    status: 403,
    de: 'Dazu sind Sie nicht berechtigt.',
    en: 'You are not allowed to do this.',
  },
});

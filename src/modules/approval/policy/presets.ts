/**
 * Shipped policy presets: starting points a tenant's admin chooses and then edits. They
 * encode what the ordinances say (APPROVAL.md § 1) where they say it, and a documented
 * default where the local Dienstanweisung decides (who exactly, which thresholds).
 *
 * Assignees are roles by default: every `approver` may make a Feststellung; the Anordnung
 * is open to every `approver`, but only holders of an Anordnungsbefugnis (a limit of scope
 * `anordnung`) get it through, within their value limit. Staff of the role `treasury` (Kasse)
 * never certify or order (SächsKomKBVO § 7(3), GemKVO § 11(3)).
 */
import type { PolicyDefinition } from './policy.js';

export interface Preset {
  readonly id: string;
  readonly name: { readonly de: string; readonly en: string };
  readonly description: { readonly de: string; readonly en: string };
  readonly definition: PolicyDefinition;
}

const approvers = { roles: ['approver'] } as const;

const sachlich = {
  key: 'sachlich',
  kind: 'sachlich',
  label: { de: 'Sachlich richtig', en: 'Factually correct' },
  assignees: approvers,
  bulk: false,
} as const;
const rechnerisch = {
  key: 'rechnerisch',
  kind: 'rechnerisch',
  label: { de: 'Rechnerisch richtig', en: 'Arithmetically correct' },
  assignees: approvers,
  bulk: false,
} as const;
const feststellung = {
  key: 'feststellung',
  kind: 'feststellung',
  label: { de: 'Sachlich und rechnerisch richtig', en: 'Factually and arithmetically correct' },
  assignees: approvers,
  bulk: false,
} as const;
const anordnung = {
  key: 'anordnung',
  kind: 'anordnung',
  label: { de: 'Anordnung', en: 'Payment order' },
  assignees: approvers,
  bulk: true,
} as const;

const deadlines = { reminderWorkingDays: 3, escalationWorkingDays: 5 } as const;

export const PRESETS: readonly Preset[] = [
  {
    id: 'kommune-sachsen',
    name: { de: 'Kommune Sachsen (SächsKomKBVO)', en: 'Municipality in Saxony (SächsKomKBVO)' },
    description: {
      de: 'Sachliche und rechnerische Feststellung getrennt (§ 11), dann Anordnung (§ 7, § 8). Wer festgestellt hat, soll nicht anordnen (§ 7 Abs. 2 Satz 3): zulässig nur mit schriftlicher Begründung.',
      en: 'Factual and arithmetical certification as separate steps (§ 11), then the payment order (§ 7, § 8). Whoever certified should not order (§ 7(2) s. 3): allowed only with a written reason.',
    },
    definition: {
      steps: [sachlich, rechnerisch, anordnung],
      separation: { feststellerMayOrder: 'with_reason' },
      amountBasis: 'gross',
      deadlines,
    },
  },
  {
    id: 'kommune-hessen',
    name: { de: 'Kommune Hessen (GemKVO)', en: 'Municipality in Hesse (GemKVO)' },
    description: {
      de: 'Sachliche und rechnerische Feststellung in einem Schritt (§ 11 GemKVO), dann Anordnung. Feststellung und Anordnung immer durch verschiedene Personen.',
      en: 'Factual and arithmetical certification in one step (§ 11 GemKVO), then the payment order. Certification and order always by different people.',
    },
    definition: {
      steps: [feststellung, anordnung],
      separation: { feststellerMayOrder: 'never' },
      amountBasis: 'gross',
      deadlines,
    },
  },
  {
    id: 'kommune-thueringen',
    name: { de: 'Kommune Thüringen (ThürGemHV)', en: 'Municipality in Thuringia (ThürGemHV)' },
    description: {
      de: 'Sachlich richtig, rechnerisch richtig, Anordnung (§ 49 ThürGemHV); über 10.000 € zusätzlich die Amtsleitung. Feststellung und Anordnung durch verschiedene Personen.',
      en: 'Factually correct, arithmetically correct, payment order (§ 49 ThürGemHV); above 10,000 € also the head of office. Certification and order by different people.',
    },
    definition: {
      steps: [
        sachlich,
        rechnerisch,
        {
          key: 'amtsleitung',
          kind: 'freigabe',
          label: { de: 'Amtsleitung (über 10.000 €)', en: 'Head of office (above 10,000 €)' },
          assignees: { groups: ['Amtsleitung'] },
          when: { minAmount: '10000.01' },
          bulk: false,
        },
        anordnung,
      ],
      separation: { feststellerMayOrder: 'never' },
      amountBasis: 'gross',
      deadlines,
    },
  },
  {
    id: 'unternehmen',
    name: { de: 'Unternehmen (Vier-Augen)', en: 'Company (four eyes)' },
    description: {
      de: 'Prüfung durch eine Person, Zahlungsfreigabe durch eine andere mit Betragsgrenze.',
      en: 'Checked by one person, payment released by another within their limit.',
    },
    definition: {
      steps: [
        { ...feststellung, label: { de: 'Rechnung geprüft', en: 'Invoice checked' } },
        { ...anordnung, label: { de: 'Zahlung freigegeben', en: 'Payment released' } },
      ],
      separation: { feststellerMayOrder: 'never' },
      amountBasis: 'gross',
      deadlines,
    },
  },
];

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** The preset a tenant starts with when its admin has chosen none yet. */
export function defaultPresetFor(kind: 'municipality' | 'company'): Preset {
  return presetById(kind === 'company' ? 'unternehmen' : 'kommune-sachsen')!;
}

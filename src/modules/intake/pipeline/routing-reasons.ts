import type { RoutingCode } from './invoice-pipeline.service.js';

/**
 * Why an invoice that passed the checks could not be routed, in words for its supplier:
 * one wording for every place that tells them (status page, answer mail).
 */
export function routingReason(code: RoutingCode, buyerReference: string): { de: string; en: string } {
  switch (code) {
    case 'ROUTING-LEITWEG-ID-MISSING':
      return {
        de: 'Die Rechnung enthält keine Leitweg-ID (Käuferreferenz, BT-10). Ohne sie können wir die Rechnung keiner Stelle zuordnen.',
        en: 'The invoice has no Leitweg-ID (buyer reference, BT-10). Without it we cannot assign the invoice to an office.',
      };
    case 'ROUTING-LEITWEG-ID-INVALID':
      return {
        de: `Die Leitweg-ID „${buyerReference}“ (Käuferreferenz, BT-10) ist ungültig: die Prüfziffer stimmt nicht.`,
        en: `The Leitweg-ID “${buyerReference}” (buyer reference, BT-10) is invalid: its check digits do not match.`,
      };
    case 'ROUTING-LEITWEG-ID-UNKNOWN':
      return {
        de: `Die Leitweg-ID „${buyerReference}“ (Käuferreferenz, BT-10) gehört zu keiner Stelle dieses Empfängers. Bitte verwenden Sie die Leitweg-ID, die Ihnen Ihr Auftraggeber genannt hat.`,
        en: `The Leitweg-ID “${buyerReference}” (buyer reference, BT-10) belongs to no office of this recipient. Please use the Leitweg-ID your customer gave you.`,
      };
  }
}

export function isRoutingCode(code: unknown): code is RoutingCode {
  return (
    code === 'ROUTING-LEITWEG-ID-MISSING' ||
    code === 'ROUTING-LEITWEG-ID-INVALID' ||
    code === 'ROUTING-LEITWEG-ID-UNKNOWN'
  );
}

import type { Rule } from '../rule.js';
import { all, attr, exists, stringValue } from '../../xml/query.js';
import { defineRule, raw, fromRoot } from './common.js';
import { AGREEMENT, LINE, TX } from './paths.js';

/*
 * Provisional XRechnung rules (BR-TMP-*, BR-DE-TMP-*): announced for a later version of the
 * specification and shipped early with their own flags.
 */

/** Absolute URL with a scheme, as the official rule tests it (a search anchored at the start). */
const URL = /^[a-zA-Z][a-zA-Z0-9+.-]+:/;

export const brTmpRules: readonly Rule[] = [
  defineRule({
    id: 'BR-DE-TMP-32',
    flag: 'information',
    bt: ['BT-72', 'BG-14', 'BG-26'],
    de: 'Die Rechnung sollte das Liefer- bzw. Leistungsdatum angeben: Lieferdatum (BT-72), Rechnungszeitraum (BG-14) oder in jeder Position einen Abrechnungszeitraum (BG-26).',
    en: 'The invoice should state when goods or services were delivered: the actual delivery date (BT-72), the invoicing period (BG-14) or an invoice line period (BG-26) on every line.',
    ubl: (doc, ctx) => {
      const r = doc.root;
      if (exists(r, 'cac:Delivery/cbc:ActualDeliveryDate') || exists(r, 'cac:InvoicePeriod')) return;
      const lines = [...all(r, 'cac:InvoiceLine'), ...all(r, 'cac:CreditNoteLine')];
      if (lines.every((l) => exists(l, 'cac:InvoicePeriod'))) return;
      ctx.report(r);
    },
    cii: (doc, ctx) => {
      for (const tx of fromRoot(doc.root, TX)) {
        if (
          exists(
            tx,
            'ram:ApplicableHeaderTradeDelivery/ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime',
          )
        )
          continue;
        if (exists(tx, 'ram:ApplicableHeaderTradeSettlement/ram:BillingSpecifiedPeriod')) continue;
        const lines = all(tx, 'ram:IncludedSupplyChainTradeLineItem');
        if (lines.every((l) => exists(l, 'ram:SpecifiedLineTradeSettlement/ram:BillingSpecifiedPeriod')))
          continue;
        ctx.report(tx);
      }
    },
  }),
  defineRule({
    id: 'BR-TMP-2',
    flag: 'warning',
    bt: ['BT-124'],
    de: 'Der Ort eines externen Dokuments (BT-124 External document location) muss eine absolute URL mit Schema sein (z. B. https://…).',
    en: 'The external document location (BT-124) must be an absolute URL with a scheme (e.g. https://…).',
    ubl: (doc, ctx) => {
      for (const ref of fromRoot(
        doc.root,
        'cac:AdditionalDocumentReference/cac:Attachment/cac:ExternalReference',
      )) {
        const uris = all(ref, 'cbc:URI');
        if (uris.length > 1) ctx.undecidable(uris[1], 'BT-124 occurs more than once');
        else if (!URL.test(uris.length ? stringValue(uris[0]) : '')) ctx.report(ref);
      }
    },
    cii: (doc, ctx) => {
      for (const ref of fromRoot(doc.root, `${AGREEMENT}/ram:AdditionalReferencedDocument`)) {
        if (!all(ref, 'ram:TypeCode').some((t) => raw(t) === '916')) continue;
        const uris = all(ref, 'ram:URIID');
        if (uris.length === 0) continue;
        if (uris.length > 1) ctx.undecidable(uris[1], 'BT-124 occurs more than once');
        else if (!URL.test(stringValue(uris[0]))) ctx.report(ref);
      }
    },
  }),
  defineRule({
    id: 'BR-TMP-3',
    flag: 'fatal',
    bt: ['BT-149', 'BT-150'],
    de: 'Wird die Basismenge des Preises (BT-149) sowohl beim Bruttopreis als auch beim Nettopreis angegeben, müssen beide Werte und ihre Einheiten (BT-150) übereinstimmen.',
    en: 'When the item price base quantity (BT-149) is given with both the gross and the net price, both values and their units (BT-150) must be identical.',
    cii: (doc, ctx) => {
      for (const line of fromRoot(doc.root, LINE)) {
        const gross = all(
          line,
          'ram:SpecifiedLineTradeAgreement/ram:GrossPriceProductTradePrice/ram:BasisQuantity',
        );
        const net = all(
          line,
          'ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:BasisQuantity',
        );
        if (gross.length === 0 || net.length === 0) continue;
        // Both sides untyped: the official test compares the written values as strings.
        const sameValue = gross.some((g) => net.some((n) => raw(g) === raw(n)));
        const gu = gross.map((g) => attr(g, 'unitCode')).filter((u): u is string => u !== null);
        const nu = net.map((n) => attr(n, 'unitCode')).filter((u): u is string => u !== null);
        const sameUnit = gu.length === 0 || nu.length === 0 || gu.some((u) => nu.includes(u));
        if (!sameValue || !sameUnit) ctx.report(line);
      }
    },
  }),
];

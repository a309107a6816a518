import { parseToXNode } from '../../xml/parse.js';
import type { XNode } from '../../xml/xnode.js';
import { pathContext } from './rule-kit.js';
import { ublIndex } from './ubl-index.js';

const NS =
  'xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" ' +
  'xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" ' +
  'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"';

const index = (xml: string) => ublIndex(parseToXNode(new TextEncoder().encode(xml)));
const ids = (nodes: readonly XNode[]): string[] => nodes.map((n) => n.text);

describe('pathContext (rule contexts over the per-document index)', () => {
  it('finds the elements of a relative path in document order, whichever end is rarer', () => {
    const lines = Array.from(
      { length: 5 },
      (_, i) =>
        `<cac:InvoiceLine><cbc:ID>L${i}</cbc:ID><cac:Item><cac:StandardItemIdentification><cbc:ID>S${i}</cbc:ID></cac:StandardItemIdentification></cac:Item></cac:InvoiceLine>`,
    ).join('');
    const ix = index(`<Invoice ${NS}><cbc:ID>INV</cbc:ID>${lines}</Invoice>`);
    expect(ids(pathContext('cac:StandardItemIdentification/cbc:ID')(ix))).toEqual([
      'S0',
      'S1',
      'S2',
      'S3',
      'S4',
    ]);
    expect(ids(pathContext('cac:InvoiceLine|cac:CreditNoteLine/cbc:ID')(ix))).toEqual([
      'L0',
      'L1',
      'L2',
      'L3',
      'L4',
    ]);
    expect(ids(pathContext('cac:Item/cac:StandardItemIdentification/cbc:ID')(ix))).toHaveLength(5);
    expect(pathContext('cac:PartyIdentification/cbc:ID')(ix)).toHaveLength(0);
  });

  it('keeps document order when an element of the first step is nested in another', () => {
    // The outer A's own B comes after the inner A's B in the document.
    const ix = index(
      `<Invoice ${NS}><cbc:ID>1</cbc:ID><cbc:ID>2</cbc:ID><cbc:ID>3</cbc:ID>` +
        '<cac:Party><cac:Party><cbc:ID>inner</cbc:ID></cac:Party><cbc:ID>outer</cbc:ID></cac:Party></Invoice>',
    );
    expect(ids(pathContext('cac:Party/cbc:ID')(ix))).toEqual(['inner', 'outer']);
  });

  it('mixes two names of the last step in document order', () => {
    const ix = index(
      `<Invoice ${NS}><cac:InvoiceLine><cbc:ID>a</cbc:ID></cac:InvoiceLine>` +
        '<cac:CreditNoteLine><cbc:ID>b</cbc:ID></cac:CreditNoteLine><cac:InvoiceLine><cbc:ID>c</cbc:ID></cac:InvoiceLine></Invoice>',
    );
    expect(ids(pathContext('cac:InvoiceLine|cac:CreditNoteLine')(ix).map((l) => l.children[0]))).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('is anchored at the root with a leading slash', () => {
    const ix = index(
      `<Invoice ${NS}><cac:AllowanceCharge><cbc:ID>doc</cbc:ID></cac:AllowanceCharge>` +
        '<cac:InvoiceLine><cac:AllowanceCharge><cbc:ID>line</cbc:ID></cac:AllowanceCharge></cac:InvoiceLine></Invoice>',
    );
    const docLevel = pathContext('/ubl:Invoice|cn:CreditNote/cac:AllowanceCharge')(ix);
    expect(docLevel.map((n) => n.children[0].text)).toEqual(['doc']);
  });
});

import { parseToXNode } from './parse.js';
import { text, first } from './query.js';

describe('parseToXNode', () => {
  it('builds a namespace-aware tree with line numbers', () => {
    const xml = `<?xml version="1.0"?>\n<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"\n xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">\n  <cbc:ID>R-1</cbc:ID>\n</Invoice>`;
    const root = parseToXNode(new TextEncoder().encode(xml));
    expect(root.local).toBe('Invoice');
    const id = first(root, 'cbc:ID');
    expect(text(id)).toBe('R-1');
    expect(id?.line).toBe(4);
    expect(id?.qname).toBe('cbc:ID');
  });
});

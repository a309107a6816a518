import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XmlDocument } from 'libxml2-wasm';
import type { Syntax } from '../../../src/modules/validation/rules/rule.js';
import { PARSE_OPTIONS, secureParse } from '../../../src/modules/validation/xml/secure-parse.js';
import { buildTree } from '../../../src/modules/validation/xml/tree-builder.js';
import { treeRows } from '../../../src/modules/validation/testing/tree-rows.js';
import { SchemaStore } from '../../../src/modules/validation/xsd/schema-store.js';
import { CORPUS, describeWithShared, installSchemasToTemp } from './shared-corpus.js';

/**
 * Cutting long valid attachments out of what both parsers read (xml/attachments.ts) must
 * be invisible: on every official document, our tree equals the tree of the whole
 * document, and libxml2's schema errors are the same, line for line.
 */

const SYNTAX: Record<string, Syntax> = {
  Invoice: 'ubl-invoice',
  CreditNote: 'ubl-creditnote',
  CrossIndustryInvoice: 'cii',
};

describeWithShared('attachments cut out before parsing, on the official corpus', () => {
  it('changes neither the tree the rules read nor the schema errors', () => {
    const { dir, cleanup } = installSchemasToTemp();
    const store = new SchemaStore(dir);
    try {
      const files = readFileSync(join(CORPUS, 'expected.jsonl'), 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => (JSON.parse(l) as { file: string }).file)
        .filter((f) => f.endsWith('.xml'));
      let cut = 0;
      for (const file of files) {
        const bytes = readFileSync(join(CORPUS, file));
        const r = secureParse(bytes);
        if (!r.ok) continue;
        try {
          if (r.parsed === bytes) continue;
          cut++;
          const whole = buildTree(new TextDecoder().decode(bytes));
          expect([file, treeRows(r.root)]).toEqual([file, treeRows(whole)]);
          const syntax = SYNTAX[r.root.local];
          if (!syntax) continue;
          const wholeDoc = XmlDocument.fromBuffer(bytes, { option: PARSE_OPTIONS });
          try {
            expect([file, store.validate(r.doc, syntax)]).toEqual([file, store.validate(wholeDoc, syntax)]);
          } finally {
            wholeDoc.dispose();
          }
        } finally {
          r.doc.dispose();
        }
      }
      // a third of the XRechnung test suite carries large attachments
      expect(cut).toBeGreaterThan(30);
    } finally {
      cleanup();
    }
  });
});

/**
 * Reads every document of the public corpus that the official validator accepts and checks
 * that the semantic model holds the mandatory terms and that the line amounts add up to
 * BT-106 exactly (BR-CO-10 holds for accepted invoices, so any difference is a reader bug).
 * The corpus lives in ../shared beside the repository; without it the suite is skipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { parseToXNode } from '../../../src/modules/validation/xml/parse.js';
import { decimal, readInvoice } from '../../../src/modules/validation/semantic/read-invoice.js';

const corpus = join(process.cwd(), '..', 'shared', 'corpus');
const expectedFile = join(corpus, 'expected.jsonl');
const available = existsSync(expectedFile);
if (!available)
  console.warn(
    `semantic-corpus: skipped, ${expectedFile} not found (the shared corpus is not beside the repo)`,
  );

type Expected = { file: string; valid: boolean; syntax: string };
const accepted: Expected[] = available
  ? readFileSync(expectedFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Expected)
      .filter((e) => e.valid && e.file.endsWith('.xml'))
  : [];

(available ? describe : describe.skip)('semantic model on the accepted corpus documents', () => {
  it('has documents to read', () => {
    expect(accepted.length).toBeGreaterThan(100);
  });

  it.each(accepted.map((e) => [e.file, e.syntax]))('%s', (file, syntax) => {
    const inv = readInvoice(parseToXNode(readFileSync(join(corpus, file))))!;
    expect(inv.syntax).toBe(syntax);
    for (const term of ['number', 'issueDate', 'typeCode', 'currency'] as const)
      expect(inv[term]).toBeTruthy();
    expect(inv.seller.name).toBeTruthy();
    expect(inv.buyer.name).toBeTruthy();
    expect(inv.totals.payable).toBeDefined();
    expect(inv.lines.length).toBeGreaterThan(0);
    const lines = inv.lines.reduce((s, l) => s.plus(decimal(l.netAmount) ?? 0), new Decimal(0));
    expect(lines.toFixed(2)).toBe(decimal(inv.totals.lineTotal)!.toFixed(2));
    expect(inv.issueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

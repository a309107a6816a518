/**
 * Conformance of the CII rule set against the official verdicts of the public corpus:
 * for every CII document on which the official Schematron ran, the CEN rule ids we
 * report must be exactly the CEN rule ids of the oracle (all severities, after the
 * scenario overrides, which only move severities); and on the CEN CII unit fragments
 * exactly the oracle's ids with their raw flags; and on the extracted ZUGFeRD / Factur-X XML
 * the oracle's EN 16931 diagnostic (all profiles, raw flags).
 * The corpus lives in ../shared beside the repository; without it the suite is skipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseToXNode } from '../../xml/parse.js';
import type { RuleDocument } from '../rule.js';
import { cenCiiRuleSet } from './index.js';

const corpus = join(process.cwd(), '..', 'shared', 'corpus');
const expectedFile = join(corpus, 'expected.jsonl');
const unitOracle = join(corpus, 'en16931-unit', 'oracle-unit.jsonl');
const zugferdExpected = join(corpus, 'zugferd', 'expected.jsonl');
const available = existsSync(expectedFile) && existsSync(unitOracle) && existsSync(zugferdExpected);
if (!available)
  console.warn(
    `cen-cii corpus: skipped, ${expectedFile} not found (the shared corpus is not beside the repo)`,
  );

interface Expected {
  file: string;
  syntax: string;
  scenario: string | null;
  schematronSkipped?: boolean;
  errors: string[];
  warnings: string[];
  infos?: string[];
}

interface ZugferdExpected {
  xml?: string;
  en16931Diagnostic?: {
    noScenario: string | null;
    schemaErrors: string[];
    errors: string[];
    warnings: string[];
  };
}

const readJsonl = <T = Expected>(f: string): T[] =>
  readFileSync(f, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);

/** CEN rule ids (not XRechnung, Peppol or national ones). */
const isCen = (id: string) => (id.startsWith('BR-') || id.startsWith('CII-')) && !/^BR-(DE|DEX|TMP)/.test(id);

function run(file: string): { fatal: string[]; warning: string[]; undecidable: string[] } {
  const root = parseToXNode(readFileSync(join(corpus, file)));
  const doc: RuleDocument = { root, syntax: 'cii', customization: '' };
  const fatal = new Set<string>();
  const warning = new Set<string>();
  const undecidable: string[] = [];
  for (const rule of cenCiiRuleSet.rules) {
    rule.check(doc, {
      report: () => (rule.flag === 'fatal' ? fatal : warning).add(rule.id),
      undecidable: (_n, reason) => undecidable.push(reason),
    });
  }
  return { fatal: [...fatal].sort(), warning: [...warning].sort(), undecidable };
}

const documents = available
  ? readJsonl(expectedFile).filter((e) => e.syntax === 'cii' && e.scenario !== null && !e.schematronSkipped)
  : [];
const fragments = available ? readJsonl(unitOracle).filter((e) => e.syntax === 'cii') : [];
const zugferd = available
  ? readJsonl<ZugferdExpected>(zugferdExpected).filter(
      (e) =>
        !!e.xml &&
        !!e.en16931Diagnostic &&
        !e.en16931Diagnostic.noScenario &&
        !e.en16931Diagnostic.schemaErrors.length,
    )
  : [];

(available ? describe : describe.skip)('CII rules on the official corpus', () => {
  it('has CII documents and fragments to check', () => {
    expect(documents.length).toBeGreaterThan(200);
    expect(fragments.length).toBeGreaterThan(0);
    expect(zugferd.length).toBeGreaterThan(20);
  });

  it.each(documents.map((e) => [e.file, e]))('%s', (_file, e) => {
    const expected = [...e.errors, ...e.warnings, ...(e.infos ?? [])].filter(isCen).sort();
    const got = run(e.file);
    expect([...new Set([...got.fatal, ...got.warning])].sort()).toEqual([...new Set(expected)]);
    expect(got.undecidable).toEqual([]);
  });

  it.each(fragments.map((e) => [e.file, e]))('unit fragment %s', (_file, e) => {
    const got = run(e.file);
    expect(got.fatal).toEqual([...e.errors].sort());
    expect(got.warning).toEqual([...e.warnings].sort());
  });

  it.each(zugferd.map((e) => [e.xml!, e]))('ZUGFeRD diagnostic %s', (file, e) => {
    const got = run(file);
    expect(got.fatal).toEqual([...e.en16931Diagnostic!.errors].sort());
    expect(got.warning).toEqual([...e.en16931Diagnostic!.warnings].sort());
  });
});

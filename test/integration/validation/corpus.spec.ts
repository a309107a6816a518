import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ParseOption, XmlDocument } from 'libxml2-wasm';
import { createValidator, type ValidationResult } from '../../../src/modules/validation/index.js';
import { convertTree } from '../../../src/modules/validation/xml/parse.js';
import { secureParse } from '../../../src/modules/validation/xml/secure-parse.js';
import type { XNode } from '../../../src/modules/validation/xml/xnode.js';
import { CORPUS, describeWithShared, installSchemasToTemp } from './shared-corpus.js';

/**
 * The engine's share of conformance on the official corpus: what the rule writers do not
 * decide. Syntax, specification identifier, scenario, well-formedness and the presence
 * of schema errors must agree with the oracle on every document; a document without a
 * scenario must be rejected. (Rule-level agreement is measured by the scorers.)
 */
interface Expected {
  file: string;
  syntax: string;
  customization: string | null;
  scenario: string | null;
  wellformed: boolean;
  valid: boolean;
  schemaErrors: string[];
  noScenario?: string;
}

function readExpected(): Expected[] {
  return readFileSync(join(CORPUS, 'expected.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Expected);
}

describeWithShared('official corpus: engine decisions', () => {
  let results: Map<string, ValidationResult>;
  let expected: Expected[];
  let cleanup = (): void => {};

  beforeAll(async () => {
    const schemas = installSchemasToTemp();
    cleanup = schemas.cleanup;
    // no rule layers: only the engine's own decisions are under test here
    const validator = createValidator({ schemaDir: schemas.dir, layers: { cen: [], xrechnung: [] } });
    expected = readExpected();
    results = new Map();
    for (const e of expected) {
      results.set(e.file, await validator.validate(readFileSync(join(CORPUS, e.file)), { fileName: e.file }));
    }
  }, 300_000);
  afterAll(() => cleanup());

  const mismatches = (pick: (e: Expected, r: ValidationResult) => [unknown, unknown] | null): string[] => {
    const out: string[] = [];
    for (const e of expected) {
      const pair = pick(e, results.get(e.file)!);
      if (pair && JSON.stringify(pair[0]) !== JSON.stringify(pair[1])) {
        out.push(`${e.file}: expected ${JSON.stringify(pair[0])}, got ${JSON.stringify(pair[1])}`);
      }
    }
    return out;
  };

  it('detects the syntax of all 577 documents', () => {
    expect(expected.length).toBe(577);
    expect(mismatches((e, r) => [e.syntax, r.syntax])).toEqual([]);
  });

  it('reads the specification identifier (BT-24)', () => {
    expect(mismatches((e, r) => (e.wellformed ? [e.customization, r.customization] : null))).toEqual([]);
  });

  it('selects the same KoSIT scenario', () => {
    expect(mismatches((e, r) => [e.scenario, r.scenario])).toEqual([]);
  });

  it('agrees on well-formedness', () => {
    const notWellFormed = (r: ValidationResult): boolean =>
      r.errors.some((f) => ['XML-NOT-WELL-FORMED', 'NOT-XML', 'XML-ENCODING', 'XML-EMPTY'].includes(f.id));
    expect(mismatches((e, r) => [e.wellformed, !notWellFormed(r)])).toEqual([]);
  });

  it('agrees on the presence of schema errors where a scenario matched', () => {
    expect(
      mismatches((e, r) => (e.scenario ? [e.schemaErrors.length > 0, r.schemaErrors.length > 0] : null)),
    ).toEqual([]);
  });

  it('rejects documents without a scenario (SCENARIO-NONE) and unreadable ones', () => {
    expect(mismatches((e, r) => (e.scenario === null ? [false, r.valid] : null))).toEqual([]);
    const none = expected.filter((e) => e.noScenario);
    expect(none.length).toBeGreaterThan(0);
    for (const e of none) {
      expect(results.get(e.file)!.errors.map((f) => f.id)).toEqual([
        e.syntax === 'unknown' ? 'SYNTAX-UNKNOWN' : 'SCENARIO-NONE',
      ]);
    }
  });
});

describeWithShared('fast tree builder', () => {
  function same(a: XNode, b: XNode): string | null {
    for (const k of ['ns', 'local', 'qname', 'text', 'line'] as const) {
      if (a[k] !== b[k]) return `${a.qname}.${k}`;
    }
    if (JSON.stringify(a.attrs) !== JSON.stringify(b.attrs)) return `${a.qname}.attrs`;
    if (a.children.length !== b.children.length) return `${a.qname}.children`;
    for (let i = 0; i < a.children.length; i++) {
      const d = same(a.children[i], b.children[i]);
      if (d) return d;
    }
    return null;
  }

  function xmlFiles(dir: string, out: string[] = []): string[] {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) xmlFiles(p, out);
      else if (/\.xml$/i.test(name)) out.push(p);
    }
    return out;
  }

  it('builds exactly the tree libxml2 builds, for every corpus document', () => {
    const diffs: string[] = [];
    let compared = 0;
    for (const f of xmlFiles(CORPUS)) {
      const bytes = readFileSync(f);
      const fast = secureParse(bytes);
      if (!fast.ok) continue;
      fast.doc.dispose();
      const doc = XmlDocument.fromBuffer(bytes, {
        option: ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_BIG_LINES,
      });
      const reference = convertTree(doc.root, null, Number.POSITIVE_INFINITY)!;
      doc.dispose();
      const d = same(reference, fast.root);
      if (d) diffs.push(`${f}: ${d}`);
      compared++;
    }
    expect(compared).toBeGreaterThan(1700);
    expect(diffs).toEqual([]);
  }, 300_000);
});

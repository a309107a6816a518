import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildUblInvoice } from '../../../src/modules/validation/testing/invoice-factory.js';
import { hostileCases } from '../../../src/modules/validation/testing/hostile-inputs.js';
import { REPO_ROOT } from './shared-corpus.js';

/**
 * The build bundles `einvoice validate` (scripts/bundle-cli.mjs). These tests read and run
 * the built output: the start of the command loads neither libxml2 nor pdf-lib (the schema
 * thread does a batch's libxml2 work; a single document or a PDF loads them on demand),
 * and the bundled command validates.
 */
const CLI_DIR = join(REPO_ROOT, 'dist', 'modules', 'validation', 'cli');
const BUNDLE = join(CLI_DIR, 'validate.bundle.js');
const describeIfBuilt: jest.Describe = existsSync(BUNDLE)
  ? describe
  : (((name: string, fn: () => void) =>
      describe.skip(`${name} [SKIPPED: no build: run \`npm run build\`]`, fn)) as unknown as jest.Describe);

const STATIC_IMPORT = /^import\s+(?:[^'"]*?\s+from\s+)?["']([^"']+)["'];?$/gms;
const DYNAMIC_IMPORT = /\bimport\(["']([^"']+)["']\)/g;

/**
 * The packages a bundle module loads: through its static imports and those of the chunks
 * it imports statically, and with `dynamic` also through import() calls.
 */
function packagesLoaded(file: string, dynamic: boolean, seen = new Set<string>()): Set<string> {
  const out = new Set<string>();
  if (seen.has(file)) return out;
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  const specs = [...source.matchAll(STATIC_IMPORT)].map((m) => m[1]);
  if (dynamic) specs.push(...[...source.matchAll(DYNAMIC_IMPORT)].map((m) => m[1]));
  for (const spec of specs) {
    if (spec.startsWith('./')) for (const p of packagesLoaded(join(CLI_DIR, spec), dynamic, seen)) out.add(p);
    else if (!spec.startsWith('node:')) out.add(spec);
  }
  return out;
}

describeIfBuilt('the bundled validate command', () => {
  it('loads libxml2 and pdf-lib only on demand', () => {
    const atStart = packagesLoaded(BUNDLE, false);
    const onDemand = packagesLoaded(BUNDLE, true);
    expect(atStart.has('libxml2-wasm')).toBe(false);
    expect(atStart.has('pdf-lib')).toBe(false);
    expect(onDemand.has('libxml2-wasm')).toBe(true);
    expect(onDemand.has('pdf-lib')).toBe(true);
  });

  it('validates single documents, loading libxml2 when it needs it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'einvoice-bundle-'));
    try {
      const valid = join(dir, 'valid.xml');
      const broken = join(dir, 'broken.xml');
      writeFileSync(valid, buildUblInvoice());
      writeFileSync(
        broken,
        buildUblInvoice({ patch: (x) => x.replace('</cbc:IssueDate>', '</cbc:DueDate>') }),
      );
      const run = spawnSync(
        process.execPath,
        ['dist/cli.js', 'validate', '--format', 'jsonl', '--ids', valid, broken],
        {
          cwd: REPO_ROOT,
          encoding: 'utf8',
        },
      );
      expect(run.status).toBe(1);
      const lines = run.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { valid: boolean; errors: string[]; scenario: string | null });
      expect(lines.map((l) => [l.valid, l.errors])).toEqual([
        [true, []],
        [false, ['XML-NOT-WELL-FORMED']],
      ]);
      expect(lines[0].scenario).toBe('EN16931 XRechnung (UBL Invoice)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives every hostile input of one batch its line with its stable id, and no local file content', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'einvoice-hostile-batch-'));
    try {
      const secret = 'TOP-SECRET-2c81e4';
      const secretFile = join(dir, 'secret.txt');
      writeFileSync(secretFile, secret);
      // The cases that need smaller limits than the defaults are covered in process
      // (hostile-inputs.spec.ts); the command runs the rest with its defaults.
      const cases = hostileCases(secretFile).filter((c) => c.options === undefined);
      const files: string[] = [];
      for (const [i, c] of cases.entries()) {
        const file = join(dir, `case-${i}.bin`);
        writeFileSync(file, await c.bytes());
        files.push(file);
      }
      const run = spawnSync(process.execPath, ['dist/cli.js', 'validate', '--format', 'jsonl', ...files], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(run.stderr).not.toContain(secret);
      expect(run.stdout).not.toContain(secret);
      expect(run.status).toBe(1);
      const lines = run.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { file: string; valid: boolean; errors: { id: string }[] });
      expect(lines.map((l) => [l.file, l.valid, l.errors.map((e) => e.id)])).toEqual(
        cases.map((c, i) => [files[i], false, [c.expectedId]]),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

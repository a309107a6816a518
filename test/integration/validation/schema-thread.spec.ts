import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as ValidatorModule from '../../../src/modules/validation/validator.js';
import { buildUblInvoice } from '../../../src/modules/validation/testing/invoice-factory.js';
import { hostileCases } from '../../../src/modules/validation/testing/hostile-inputs.js';
import { CORPUS, HAS_SHARED, REPO_ROOT, installSchemasToTemp } from './shared-corpus.js';

/**
 * The schema thread runs from the compiled build only (a worker thread loads JavaScript).
 * These tests load the validator from dist/ and compare it, document by document, with
 * the same validator checking the schema in its own thread: the results must be equal.
 */
const DIST = join(REPO_ROOT, 'dist', 'modules', 'validation');
const HAS_DIST = existsSync(join(DIST, 'xsd', 'schema.worker.js'));
const reason = !HAS_SHARED ? 'reference material ../shared not found' : 'no build: run `npm run build`';
const describeIf: jest.Describe =
  HAS_SHARED && HAS_DIST
    ? describe
    : (((name: string, fn: () => void) =>
        describe.skip(`${name} [SKIPPED: ${reason}]`, fn)) as unknown as jest.Describe);

const encode = (s: string): Uint8Array => new TextEncoder().encode(s);

describeIf('validation with the schema check on its own thread', () => {
  let dist: typeof ValidatorModule;
  let schemas: { dir: string; cleanup: () => void };
  beforeAll(async () => {
    dist = (await import(pathToFileURL(join(DIST, 'validator.js')).href)) as typeof ValidatorModule;
    schemas = installSchemasToTemp();
  });
  afterAll(() => schemas.cleanup());

  const cases = (): { name: string; bytes: Uint8Array }[] => {
    const attachment = Buffer.alloc(60_000, 3)
      .toString('base64')
      .replace(/(.{76})/g, '$1\n');
    const withAttachment = (content: string) =>
      buildUblInvoice({
        patch: (x) =>
          x.replace(
            '<cac:AccountingSupplierParty>',
            `<cac:AdditionalDocumentReference><cbc:ID>A1</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="a.pdf">${content}</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>\n  <cac:AccountingSupplierParty>`,
          ),
      });
    const suite = join(CORPUS, 'xrechnung-testsuite', 'technical-cases', 'cius');
    return [
      { name: 'valid', bytes: encode(buildUblInvoice()) },
      {
        name: 'schema-invalid (element order)',
        bytes: encode(
          buildUblInvoice({
            patch: (x) =>
              x.replace(
                /(<cbc:IssueDate>[^<]*<\/cbc:IssueDate>)(\s*)(<cbc:DueDate>[^<]*<\/cbc:DueDate>)/,
                '$3$2$1',
              ),
          }),
        ),
      },
      {
        name: 'rule error (no buyer reference)',
        bytes: encode(
          buildUblInvoice({ patch: (x) => x.replace(/<cbc:BuyerReference>[^<]*<\/cbc:BuyerReference>/, '') }),
        ),
      },
      { name: 'valid attachment', bytes: encode(withAttachment(attachment)) },
      { name: 'broken attachment', bytes: encode(withAttachment(`${attachment}QUJ`)) },
      { name: 'not well-formed, unknown root', bytes: encode('<Invoice><a></Invoice>') },
      {
        name: 'not well-formed invoice (crossed end tags)',
        bytes: encode(buildUblInvoice({ patch: (x) => x.replace('</cbc:IssueDate>', '</cbc:DueDate>') })),
      },
      {
        name: 'not well-formed invoice (unknown entity)',
        bytes: encode(
          buildUblInvoice({ patch: (x) => x.replace('Musterlieferant GmbH', 'Muster &amp lieferant') }),
        ),
      },
      {
        name: 'not well-formed invoice (unterminated attribute)',
        bytes: encode(
          buildUblInvoice({ patch: (x) => x.replace('<cbc:InvoiceTypeCode>', '<cbc:InvoiceTypeCode a="1>') }),
        ),
      },
      { name: 'wrong root, well-formed', bytes: encode('<html><body>hello</body></html>') },
      ...readdirSync(suite)
        .filter((f) => f.endsWith('.xml'))
        .sort()
        .slice(0, 6)
        .map((f) => ({ name: f, bytes: readFileSync(join(suite, f)) })),
    ];
  };

  it('gives every document the result of the sequential pipeline', async () => {
    const plain = dist.createValidator({ schemaDir: schemas.dir });
    const threaded = dist.createValidator({ schemaDir: schemas.dir, schemaThread: true });
    expect(threaded.options.schemaThread).not.toBeNull();
    try {
      const all = cases();
      // several documents under way at once, as the batch runner does it
      const results = await Promise.all(all.map((c) => threaded.validate(c.bytes, { fileName: c.name })));
      for (const [i, c] of all.entries()) {
        expect(results[i]).toEqual(await plain.validate(c.bytes, { fileName: c.name }));
      }
      const invalid = results[1];
      expect(invalid.schemaErrors.length).toBeGreaterThan(0);
      expect(invalid.steps).not.toContain('cen-rules');
      expect(invalid.errors).toEqual([]);
      expect(results[2].errors.map((e) => e.id)).toContain('BR-DE-15');
      expect(results[4].schemaErrors).toHaveLength(1);
      for (const broken of results.slice(5, 9)) {
        expect(broken.errors.map((e) => e.id)).toEqual(['XML-NOT-WELL-FORMED']);
        expect(broken.steps).not.toContain('cen-rules');
      }
    } finally {
      await threaded.close();
    }
  });

  it('keeps the tree for the summary while the schema check is under way', async () => {
    // the tree is let go at the join unless the summary still needs it
    const plain = dist.createValidator({ schemaDir: schemas.dir, summary: true });
    const threaded = dist.createValidator({ schemaDir: schemas.dir, schemaThread: true, summary: true });
    try {
      const all = cases();
      const results = await Promise.all(all.map((c) => threaded.validate(c.bytes, { fileName: c.name })));
      for (const [i, c] of all.entries()) {
        expect(results[i]).toEqual(await plain.validate(c.bytes, { fileName: c.name }));
      }
      expect(results[0].summary?.number).toBeTruthy();
    } finally {
      await threaded.close();
    }
  });

  it('ends every hostile input as the sequential pipeline does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'einvoice-hostile-'));
    const secret = join(dir, 'secret.txt');
    writeFileSync(secret, 'TOP-SECRET');
    const threads: { close(): Promise<void> }[] = [];
    try {
      for (const c of hostileCases(secret)) {
        const plain = dist.createValidator({ ...c.options, schemaDir: schemas.dir });
        const threaded = dist.createValidator({ ...c.options, schemaDir: schemas.dir, schemaThread: true });
        threads.push(threaded);
        const bytes = await c.bytes();
        const [a, b] = [
          await threaded.validate(bytes, { fileName: c.name }),
          await plain.validate(bytes, { fileName: c.name }),
        ];
        expect([c.name, a]).toEqual([c.name, b]);
        expect(a.errors.map((e) => e.id)).toEqual([c.expectedId]);
      }
    } finally {
      await Promise.all(threads.map((t) => t.close()));
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('checks a document handed over as a view into a larger buffer as itself, and leaves the bytes with the caller', async () => {
    const { SchemaThread } = (await import(
      pathToFileURL(join(DIST, 'xsd', 'schema-thread.js')).href
    )) as typeof import('../../../src/modules/validation/xsd/schema-thread.js');
    const thread = SchemaThread.start(schemas.dir)!;
    try {
      const [valid, invalid] = cases();
      // the schema-invalid document in the middle of a buffer, a valid one around it
      const around = Buffer.concat([valid.bytes, invalid.bytes, valid.bytes]);
      const view = around.subarray(valid.bytes.length, valid.bytes.length + invalid.bytes.length);
      const exact = Uint8Array.from(invalid.bytes);
      const [fromView, fromExact] = await Promise.all([
        thread.check(view, 'ubl-invoice'),
        thread.check(exact, 'ubl-invoice'),
      ]);
      expect(Array.isArray(fromView) && fromView.length).toBeGreaterThan(0);
      expect(fromView).toEqual(fromExact);
      // nothing of the caller's was handed away (a transferred buffer would now be empty)
      expect([around.byteLength, view.byteLength, exact.byteLength]).toEqual([
        2 * valid.bytes.length + invalid.bytes.length,
        invalid.bytes.length,
        invalid.bytes.length,
      ]);
      expect(Buffer.from(exact).equals(Buffer.from(invalid.bytes))).toBe(true);
    } finally {
      await thread.close();
    }
  });

  it('checks the schema in its own thread when the schema thread is gone', async () => {
    const plain = dist.createValidator({ schemaDir: schemas.dir });
    const threaded = dist.createValidator({ schemaDir: schemas.dir, schemaThread: true });
    await threaded.close();
    for (const c of cases().slice(0, 3)) {
      expect(await threaded.validate(c.bytes, { fileName: c.name })).toEqual(
        await plain.validate(c.bytes, { fileName: c.name }),
      );
    }
  });

  it('a CLI batch (schema thread on) reports what one validator reports, in input order', async () => {
    // the built CLI runs the command from its bundle (scripts/bundle-cli.mjs); the validator
    // compared with below is loaded module by module: the two must agree
    expect(existsSync(join(DIST, 'cli', 'validate.bundle.js'))).toBe(true);
    const expected = readFileSync(join(CORPUS, 'expected.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { file: string }).file)
      .filter((f) => f.endsWith('.xml'))
      .slice(0, 80)
      .map((f) => join(CORPUS, f));
    const dir = mkdtempSync(join(tmpdir(), 'einvoice-cli-'));
    try {
      const list = join(dir, 'list.txt');
      writeFileSync(list, expected.join('\n'));
      const run = spawnSync(
        process.execPath,
        ['dist/cli.js', 'validate', '--format', 'jsonl', '--ids', '--files-from', list],
        {
          cwd: REPO_ROOT,
          env: process.env,
          encoding: 'utf8',
          maxBuffer: 1 << 26,
        },
      );
      expect([0, 1]).toContain(run.status);
      const lines = run.stdout
        .trim()
        .split('\n')
        .map(
          (l) => JSON.parse(l) as { file: string; valid: boolean; errors: string[]; schemaErrors: unknown[] },
        );
      expect(lines.map((l) => l.file)).toEqual(expected);
      // the CLI reads the schemas installed in the repository: so does this validator
      const plain = dist.createValidator({});
      for (const line of lines) {
        const r = await plain.validate(readFileSync(line.file), { fileName: line.file });
        expect([line.file, line.valid, line.errors.sort(), line.schemaErrors.length]).toEqual([
          line.file,
          r.valid,
          r.errors.map((e) => e.id).sort(),
          r.schemaErrors.length,
        ]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

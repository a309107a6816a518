import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildUblInvoice } from '../testing/invoice-factory.js';
import { parseArgs, run } from './validate.command.js';

async function capture(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const realOut = process.stdout.write;
  const realErr = process.stderr.write;
  process.stdout.write = (s: string | Uint8Array) => {
    out += String(s);
    return true;
  };
  process.stderr.write = (s: string | Uint8Array) => {
    err += String(s);
    return true;
  };
  try {
    const code = await run(argv);
    return { code, out, err };
  } finally {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
  }
}

describe('einvoice validate: arguments', () => {
  it('parses options in both spellings', () => {
    expect(
      parseArgs(['--format', 'jsonl', '--lang=en', '--skip-schema', '--rules', 'en16931', 'a.xml']),
    ).toEqual({
      format: 'jsonl',
      lang: 'en',
      skipSchema: true,
      rules: 'en16931',
      paths: ['a.xml'],
      filesFrom: null,
      ids: false,
      releases: null,
    });
  });

  it('takes the releases to apply, in order', () => {
    expect(parseArgs(['--release', 'xrechnung-3.0', 'a.xml'])).toMatchObject({ releases: ['xrechnung-3.0'] });
  });

  it.each([
    [['--format', 'pdf', 'a.xml']],
    [['--rules', 'some']],
    [['--nope', 'a.xml']],
    [[]],
    [['--release', 'xrechnung-1.2', 'a.xml']],
    [['--release', 'xrechnung-3.0,xrechnung-3.0', 'a.xml']],
  ])('refuses %j', (argv) => {
    expect(typeof parseArgs(argv)).toBe('string');
  });
});

describe('einvoice validate: output', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'einvoice-cli-'));
    mkdirSync(join(dir, 'in', 'sub'), { recursive: true });
    writeFileSync(join(dir, 'in', 'b-valid.xml'), buildUblInvoice());
    writeFileSync(join(dir, 'in', 'sub', 'a-broken.xml'), '<Invoice');
    writeFileSync(join(dir, 'in', 'ignored.txt'), 'not an invoice');
    writeFileSync(join(dir, 'with space.xml'), buildUblInvoice({ number: 'SPACE' }));
    writeFileSync(join(dir, 'list.txt'), `${join(dir, 'with space.xml')}\n\n${join(dir, 'missing.xml')}\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one JSON line per file in input order, exit 1 when any is invalid', async () => {
    const valid = join(dir, 'in', 'b-valid.xml');
    const broken = join(dir, 'in', 'sub', 'a-broken.xml');
    const r = await capture(['--format', 'jsonl', '--skip-schema', valid, broken, valid]);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.file, l.valid])).toEqual([
      [valid, true],
      [broken, false],
      [valid, true],
    ]);
    expect(lines[1].errors[0]).toMatchObject({ id: 'XML-NOT-WELL-FORMED', line: 1 });
    expect(Object.keys(lines[0]).slice(0, 10)).toEqual([
      'file',
      'syntax',
      'customization',
      'scenario',
      'valid',
      'schemaErrors',
      'errors',
      'warnings',
      'infos',
      'acceptRecommendation',
    ]);
    expect([lines[0].release, lines[1].release]).toEqual(['xrechnung-3.0', null]);
    expect(r.code).toBe(1);
  });

  it('--ids writes findings as bare rule ids', async () => {
    const r = await capture([
      '--format',
      'jsonl',
      '--ids',
      '--skip-schema',
      join(dir, 'in', 'sub', 'a-broken.xml'),
    ]);
    expect(JSON.parse(r.out).errors).toEqual(['XML-NOT-WELL-FORMED']);
  });

  it('exit 2 when a directory holds no invoices', async () => {
    mkdirSync(join(dir, 'empty'), { recursive: true });
    expect((await capture(['--format', 'jsonl', join(dir, 'empty')])).code).toBe(2);
  });

  it('exit 0 when every file is valid', async () => {
    const r = await capture(['--format', 'jsonl', '--skip-schema', join(dir, 'in', 'b-valid.xml')]);
    expect(r.code).toBe(0);
  });

  it('recurses into directories for .xml and .pdf, sorted', async () => {
    const r = await capture(['--format', 'json', '--skip-schema', join(dir, 'in')]);
    const arr = JSON.parse(r.out) as { file: string }[];
    expect(arr.map((x) => x.file)).toEqual([
      join(dir, 'in', 'b-valid.xml'),
      join(dir, 'in', 'sub', 'a-broken.xml'),
    ]);
  });

  it('reads a file list (names with spaces) and reports unreadable files', async () => {
    const r = await capture(['--format', 'jsonl', '--skip-schema', '--files-from', join(dir, 'list.txt')]);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.file, l.valid, l.errors.map((e: { id: string }) => e.id)])).toEqual([
      [join(dir, 'with space.xml'), true, []],
      [join(dir, 'missing.xml'), false, ['FILE-UNREADABLE']],
    ]);
  });

  it('writes a text report in the chosen language', async () => {
    const r = await capture(['--lang', 'en', '--skip-schema', join(dir, 'in', 'sub', 'a-broken.xml')]);
    expect(r.out).toContain('INVALID');
    expect(r.out).toContain('[XML-NOT-WELL-FORMED]');
    const de = await capture(['--skip-schema', join(dir, 'in', 'b-valid.xml')]);
    expect(de.out).toContain('GÜLTIG');
    expect(de.out).toContain('Rechnung RE-2026-0001');
  });

  it('writes a self-contained HTML page with escaped content', async () => {
    writeFileSync(
      join(dir, 'evil.xml'),
      buildUblInvoice({ number: '<script>alert(1)</script>'.replace(/</g, '&lt;') }),
    );
    const r = await capture(['--format', 'html', '--lang', 'en', '--skip-schema', join(dir, 'evil.xml')]);
    expect(r.out.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(r.out).toContain('<html lang="en">');
    expect(r.out).not.toContain('<script>');
    expect(r.out).toContain('&lt;script&gt;');
    expect(r.out).not.toMatch(/<link|src=/);
  });

  it('exit 2 and usage on a usage error', async () => {
    const r = await capture(['--format', 'yaml', 'x.xml']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('usage: einvoice validate');
  });
});

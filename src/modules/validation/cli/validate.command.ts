import { readFile } from 'node:fs/promises';
import type { Lang } from '../../../common/errors/domain-error.js';
import type { ValidationResult } from '../result.js';
import { htmlReport } from '../report/html-report.js';
import { toIdReport, toJsonReport } from '../report/json-report.js';
import { textReport, textTotals } from '../report/text-report.js';
import { DEFAULT_RELEASE, RELEASES } from '../scenario/scenarios.js';
import { releaseProblem, type ValidatorOptions } from '../validator.js';
import { runBatch } from './batch-runner.js';
import { collectFiles } from './collect-files.js';

const USAGE = `usage: einvoice validate [--format text|json|jsonl|html] [--lang de|en] [--skip-schema]
                        [--rules all|en16931] [--release ID[,ID...]] [--files-from LIST|-]
                        [--ids] FILE|DIR...

Validates XRechnung / EN 16931 invoices (UBL, CII) and ZUGFeRD / Factur-X PDFs as the
official KoSIT validator with the XRechnung configuration does. Directories are searched
recursively for .xml and .pdf files; --files-from reads one path per line (names with
spaces); --ids writes findings as bare rule ids in json/jsonl. --release names the XRechnung
releases whose scenarios apply, in order of precedence (default ${DEFAULT_RELEASE}; known:
${Object.keys(RELEASES).join(', ')}). Output is in input order.
Exit status: 0 all valid, 1 any invalid, 2 usage error.`;

export type Format = 'text' | 'json' | 'jsonl' | 'html';

export interface ValidateArgs {
  format: Format;
  lang: Lang;
  skipSchema: boolean;
  rules: 'all' | 'en16931';
  paths: string[];
  /** A file (or '-' for stdin) listing one path per line, appended to `paths`. */
  filesFrom: string | null;
  /** json/jsonl: findings as bare rule ids (for tools that expect id lists). */
  ids: boolean;
  /** Release ids in order of precedence; null: the default release. */
  releases: string[] | null;
}

export function parseArgs(argv: string[]): ValidateArgs | string {
  const args: ValidateArgs = {
    format: 'text',
    lang: 'de',
    skipSchema: false,
    rules: 'all',
    paths: [],
    filesFrom: null,
    ids: false,
    releases: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string | undefined => {
      const eq = a.indexOf('=');
      if (eq > 0) return a.slice(eq + 1);
      return argv[++i];
    };
    const name = a.startsWith('--') && a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    if (name === '--format') {
      const v = value();
      if (v !== 'text' && v !== 'json' && v !== 'jsonl' && v !== 'html')
        return `invalid --format '${v ?? ''}'`;
      args.format = v;
    } else if (name === '--lang') {
      const v = value();
      if (v !== 'de' && v !== 'en') return `invalid --lang '${v ?? ''}'`;
      args.lang = v;
    } else if (name === '--rules') {
      const v = value();
      if (v !== 'all' && v !== 'en16931') return `invalid --rules '${v ?? ''}'`;
      args.rules = v;
    } else if (name === '--files-from') {
      const v = value();
      if (!v) return '--files-from needs a FILE (or - for stdin)';
      args.filesFrom = v;
    } else if (name === '--release') {
      const ids = (value() ?? '').split(',').map((id) => id.trim());
      const problem = releaseProblem(ids);
      if (problem !== null) return `--release: ${problem}`;
      args.releases = ids;
    } else if (name === '--skip-schema') args.skipSchema = true;
    else if (name === '--ids') args.ids = true;
    else if (name === '--') {
      args.paths.push(...argv.slice(i + 1));
      break;
    } else if (a.startsWith('-') && a !== '-') return `unknown option '${a}'`;
    else args.paths.push(a);
  }
  if (args.paths.length === 0 && args.filesFrom === null) return 'no FILE or DIR given';
  return args;
}

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`einvoice validate: ${args}\n\n${USAGE}\n`);
    return 2;
  }
  let listed: string[] = [];
  if (args.filesFrom !== null) {
    try {
      listed = await readList(args.filesFrom);
    } catch {
      process.stderr.write(`einvoice validate: cannot read --files-from ${args.filesFrom}\n`);
      return 2;
    }
  }
  const files = [...(await collectFiles(args.paths)), ...listed];
  if (files.length === 0) {
    process.stderr.write('einvoice validate: no .xml or .pdf files found\n');
    return 2;
  }
  const options: ValidatorOptions = {
    rules: args.rules,
    ...(args.releases ? { release: args.releases } : {}),
    skipSchema: args.skipSchema,
    summary: args.format === 'text' || args.format === 'html',
  };
  const out = process.stdout;
  const report = (r: ValidationResult): unknown => (args.ids ? toIdReport(r) : toJsonReport(r, args.lang));
  const collected: ValidationResult[] = [];
  let valid = 0;
  const progress = progressBar(files.length);
  await runBatch(files, {
    validator: options,
    onProgress: progress?.update,
    async onResult(result) {
      if (result.valid) valid++;
      switch (args.format) {
        case 'jsonl':
          return write(out, JSON.stringify(report(result)) + '\n');
        case 'text':
          return write(out, textReport(result, args.lang));
        case 'json':
        case 'html':
          collected.push(result);
          return;
      }
    },
  });
  progress?.finish();
  if (args.format === 'json') {
    await write(
      out,
      JSON.stringify(
        collected.map((r) => toJsonReport(r, args.lang)),
        null,
        2,
      ) + '\n',
    );
  } else if (args.format === 'html') {
    await write(out, htmlReport(collected, args.lang));
  } else if (args.format === 'text' && files.length > 1) {
    await write(out, textTotals(files.length, valid, args.lang));
  }
  return valid === files.length ? 0 : 1;
}

async function readList(source: string): Promise<string[]> {
  const text = source === '-' ? await readStdin() : await readFile(source, 'utf8');
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A progress bar on stderr, only for a person watching (TTY) and only for many files. */
function progressBar(
  total: number,
): { update: (done: number, total: number) => void; finish: () => void } | null {
  if (!process.stderr.isTTY || total < 20) return null;
  let last = 0;
  const render = (done: number): void => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
  };
  return {
    update(done) {
      const now = Date.now();
      if (now - last >= 100 || done === total) {
        last = now;
        render(done);
      }
    },
    finish() {
      process.stderr.write('\n');
    },
  };
}

/** Writes respecting back-pressure, so thousands of lines to a pipe do not pile up in memory. */
function write(stream: NodeJS.WritableStream, s: string): Promise<void> {
  return new Promise((resolve) => {
    if (stream.write(s)) resolve();
    else stream.once('drain', () => resolve());
  });
}

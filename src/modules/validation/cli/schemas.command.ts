import { downloadSchemas } from '../xsd/schema-download.js';
import { installSchemas, type InstallReport } from '../xsd/schema-installer.js';
import { verifyInstalled } from '../xsd/schema-manifest.js';

export const SCHEMAS_USAGE = `usage: einvoice schemas install [--from DIR|ZIP]...
       einvoice schemas verify

install  puts the official UBL 2.1 / CII D16B schemas (and the xdomea 3.0.0 schemas of
         the case-record export) into the schemas directory of the installation
         (SCHEMAS_DIR, default <EINVOICE_DATA_DIR>/schemas), verifying each
         file against the sha256 pinned in schemas/manifest.json; nothing is written
         unless all files verify, and a running server uses them at once (no restart).
         Without --from: downloads them from the publishers (OASIS UBL-2.1.zip; the
         CII D16B files of CEN's EN 16931 artefacts), or from the mirror SCHEMAS_SOURCE_URL.
         With --from (offline machines): a folder or a ZIP (e.g. the official UBL-2.1.zip
         plus a folder with the CII files, or a copy of a schemas directory); repeatable.
verify   checks the installed files against the manifest.`;

/** Where the command works: resolved from the configuration by the caller. */
export interface SchemasLocation {
  /** The installation's schemas directory. */
  readonly dir: string;
  /** Mirror base URL for downloads; unset: the publishers. */
  readonly sourceUrl?: string;
}

export async function runSchemas(argv: string[], where: SchemasLocation): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h') {
    process.stdout.write(SCHEMAS_USAGE + '\n');
    return sub ? 0 : 2;
  }
  if (sub === 'verify') {
    const r = verifyInstalled(where.dir);
    if (r.ok) process.stdout.write(`schemas: ${r.checked} files verified in ${r.dir}\n`);
    else process.stdout.write(`schemas: NOT OK in ${r.dir}\n${r.problems.map((p) => `  ${p}`).join('\n')}\n`);
    return r.ok ? 0 : 1;
  }
  if (sub !== 'install') {
    process.stderr.write(`einvoice schemas: unknown sub-command '${sub}'\n\n${SCHEMAS_USAGE}\n`);
    return 2;
  }
  const from: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const value = rest[i] === '--from' ? rest[++i] : rest[i].startsWith('--from=') ? rest[i].slice(7) : null;
    if (!value) {
      process.stderr.write(
        `einvoice schemas install: unexpected argument '${rest[i] ?? '--from'}'\n\n${SCHEMAS_USAGE}\n`,
      );
      return 2;
    }
    from.push(value);
  }
  let report: InstallReport;
  try {
    if (from.length > 0) {
      report = installSchemas(from, { target: where.dir });
    } else {
      process.stdout.write(
        `schemas: downloading from ${where.sourceUrl ?? "the publishers' download locations"}\n`,
      );
      report = await downloadSchemas({
        target: where.dir,
        sourceUrl: where.sourceUrl,
        log: (line) => process.stdout.write(`  ${line}\n`),
      });
    }
  } catch (err) {
    process.stderr.write(`einvoice schemas install: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  if (report.problems.length > 0) {
    process.stderr.write(
      `einvoice schemas install: nothing installed, ${report.problems.length} problem(s):\n` +
        report.problems.map((p) => `  ${p}`).join('\n') +
        '\n' +
        (from.length === 0
          ? 'Without internet access: fetch the files elsewhere and run `einvoice schemas install --from DIR|ZIP`.\n'
          : ''),
    );
    return 1;
  }
  process.stdout.write(
    `schemas: installed and verified ${report.installed.length} files in ${report.target}\n`,
  );
  return 0;
}

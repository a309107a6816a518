import { defaultInstallDir, verifyInstalled } from '../xsd/schema-store.js';
import { installSchemas } from '../xsd/schema-installer.js';

const USAGE = `usage: einvoice schemas install --from DIR|ZIP
       einvoice schemas verify

install  copies the official UBL 2.1 / CII D16B schemas into schemas/installed/, verifying
         each file against the sha256 pinned in schemas/manifest.json (nothing is written
         unless all files verify). The source is a folder or a ZIP (e.g. the official
         UBL-2.1.zip plus the CII files, or a copy of a schemas folder).
verify   checks the installed files against the manifest.`;

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h') {
    process.stdout.write(USAGE + '\n');
    return sub ? 0 : 2;
  }
  if (sub === 'verify') {
    const r = verifyInstalled(defaultInstallDir());
    if (r.ok) process.stdout.write(`schemas: ${r.checked} files verified in ${r.dir}\n`);
    else process.stdout.write(`schemas: NOT OK in ${r.dir}\n${r.problems.map((p) => `  ${p}`).join('\n')}\n`);
    return r.ok ? 0 : 1;
  }
  if (sub !== 'install') {
    process.stderr.write(`einvoice schemas: unknown sub-command '${sub}'\n\n${USAGE}\n`);
    return 2;
  }
  let from: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--from') from = rest[++i];
    else if (rest[i].startsWith('--from=')) from = rest[i].slice('--from='.length);
    else {
      process.stderr.write(`einvoice schemas install: unexpected argument '${rest[i]}'\n\n${USAGE}\n`);
      return 2;
    }
  }
  if (!from) {
    // Downloading from the origins (OASIS, the KoSIT configuration release) is not built:
    // installations are offline-first; fetch the archives yourself and pass --from.
    process.stderr.write(`einvoice schemas install: --from DIR|ZIP is required\n\n${USAGE}\n`);
    return 2;
  }
  let report;
  try {
    report = installSchemas(from);
  } catch (err) {
    process.stderr.write(`einvoice schemas install: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  if (report.problems.length > 0) {
    process.stderr.write(
      `einvoice schemas install: nothing installed, ${report.problems.length} problem(s):\n` +
        report.problems.map((p) => `  ${p}`).join('\n') +
        '\n',
    );
    return 1;
  }
  process.stdout.write(
    `schemas: installed and verified ${report.installed.length} files in ${report.target}\n`,
  );
  return 0;
}

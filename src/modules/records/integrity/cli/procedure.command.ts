/** `einvoice records procedure` — writes the tenant's Verfahrensdokumentation (HTML and PDF), versioned. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { operatorActor, parse, runCommand, UsageError } from '../../../auth/cli/cli-support.js';
import { integrityServices } from './integrity-cli.js';

export const SUMMARY = 'write the Verfahrensdokumentation (GoBD Rz. 151-155) as HTML and PDF, versioned';

const USAGE = `usage: einvoice records procedure --tenant SLUG|ID [--out DIR] [--version N] [--json]

  Generates the tenant's procedure documentation from its configuration (intake channels
  and limits, validation rule sets, approval policies by activation date, roles, retention,
  export targets). When the content differs from the latest version, a new version is
  stored (old versions are kept); the files are written to DIR (default: the current
  directory) as verfahrensdokumentation-v<N>.html and .pdf. --version N writes a stored
  version instead of generating one.
`;

export async function run(argv: string[]): Promise<number> {
  return runCommand('records procedure', USAGE, argv, () => {
    const { values, positionals } = parse(argv, {
      tenant: { type: 'string' },
      out: { type: 'string' },
      version: { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    if (!values.tenant) throw new UsageError('--tenant is required');
    const version = values.version === undefined ? undefined : Number(values.version);
    if (version !== undefined && (!Number.isInteger(version) || version < 1))
      throw new UsageError('--version must be a positive number');
    const tenantRef = values.tenant;
    const dir = resolve(values.out ?? '.');
    return async ({ tenants, audit }, out, ds) => {
      const tenant = await tenants.resolve(tenantRef);
      const { procedure } = integrityServices(ds, audit);
      const run =
        version === undefined
          ? await procedure.generate(tenant.id, operatorActor())
          : await procedure.version(tenant.id, version);
      if (!run) {
        process.stderr.write(`einvoice records procedure: version ${version} does not exist\n`);
        return 1;
      }
      await mkdir(dir, { recursive: true });
      const html = join(dir, `verfahrensdokumentation-v${run.version}.html`);
      const pdf = join(dir, `verfahrensdokumentation-v${run.version}.pdf`);
      await writeFile(html, run.html);
      await writeFile(pdf, run.pdf);
      const what =
        version !== undefined
          ? `version ${run.version}`
          : run.status === 'created'
            ? `new version ${run.version}` +
              (run.changedSections.length ? ` (changed: ${run.changedSections.join(', ')})` : '')
            : `unchanged since version ${run.version}`;
      out.result(`${what}: ${html}, ${pdf}`, {
        status: run.status,
        version: run.version,
        html,
        pdf,
        htmlSha256: run.htmlSha256,
        pdfSha256: run.pdfSha256,
        changedSections: run.changedSections,
      });
      return 0;
    };
  });
}

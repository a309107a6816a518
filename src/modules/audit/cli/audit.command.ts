/**
 * `einvoice audit verify` — checks the audit log's hash chain; exit 1 names the first broken link.
 * `einvoice audit export` — a tenant's entries of a period with their chain proof, and the
 * offline check of such a file.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { runCommand, parse, output, UsageError } from '../../auth/cli/cli-support.js';
import { buildAuditExport, verifyAuditExport } from '../audit-export.js';

const USAGE = `usage: einvoice audit verify [--json]
       einvoice audit export --tenant SLUG|ID --from YYYY-MM-DD --to YYYY-MM-DD --out FILE [--json]
       einvoice audit export --verify FILE [--json]

  verify              link pending entries into the chain, then walk the whole hash
                      chain; exit 0 when intact, 1 naming the first broken entry (its
                      sequence number and why)
  export              write the tenant's entries of the period (Europe/Berlin days, both
                      inclusive) with the chain proof: the hash of the entry before the
                      period, each entry's hash, and the links of other tenants' entries in
                      between (sequence number and hashes, no content)
  export --verify     check such a file offline (no database): exit 0 when every entry
                      hashes to its hash and every link to the one before; 1 naming each
                      broken entry
`;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
function isDay(s: string): boolean {
  if (!DAY.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

async function verifyFile(file: string, json: boolean): Promise<number> {
  const out = output(json);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    const detail = (err as NodeJS.ErrnoException).code ?? 'not JSON';
    out.result(`audit export ${file}: cannot be read (${detail})`, {
      ok: false,
      problems: [{ seq: '-', reason: 'format', detail }],
    });
    return 1;
  }
  const r = verifyAuditExport(parsed);
  const human = r.ok
    ? `audit export intact: ${r.entries} entries, ${r.links} chain links verified`
    : [
        `audit export BROKEN (${r.problems.length} problem(s)):`,
        ...r.problems.map((p) => `  entry ${p.seq}: ${p.reason}: ${p.detail}`),
      ].join('\n');
  out.result(human, r);
  return r.ok ? 0 : 1;
}

export async function run(argv: string[]): Promise<number> {
  const [first] = argv;
  if (first === 'export' && argv.includes('--verify')) {
    // Offline: no database connection, no configuration needed.
    let values: { verify?: string; json?: boolean };
    try {
      ({ values } = parse(argv.slice(1), { verify: { type: 'string' } }) as { values: typeof values });
    } catch (err) {
      process.stderr.write(`einvoice audit: ${(err as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (!values.verify) {
      process.stderr.write(`einvoice audit: --verify needs a FILE\n\n${USAGE}`);
      return 2;
    }
    return verifyFile(values.verify, values.json === true);
  }
  return runCommand('audit', USAGE, argv, () => {
    const { values, positionals } = parse(argv, {
      tenant: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
    });
    const [sub, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    if (sub === 'export') {
      const { tenant, from, to, out: file } = values;
      if (!tenant || !from || !to || !file)
        throw new UsageError('export needs --tenant, --from, --to and --out');
      if (!isDay(from) || !isDay(to))
        throw new UsageError('--from and --to must be days in the form YYYY-MM-DD');
      if (from > to) throw new UsageError('--from must not be after --to');
      return async ({ audit, tenants }, out, ds) => {
        const t = await tenants.resolve(tenant);
        const exported = await buildAuditExport(ds, audit, t.id, from, to);
        await writeFile(file, JSON.stringify(exported, null, 2) + '\n');
        out.result(
          `exported ${exported.entries} entries of ${t.slug} (${from} to ${to}) with ${exported.chain.length} chain links to ${file}`,
          {
            file,
            entries: exported.entries,
            links: exported.chain.length,
            anchor: exported.anchor,
            head: exported.head,
          },
        );
        return 0;
      };
    }
    if (sub !== 'verify') throw new UsageError(sub ? `unknown command '${sub}'` : 'missing command');
    return async ({ audit }, out) => {
      // verify() first links every committed pending entry, so the check covers them all.
      const result = await audit.verify();
      const human = result.ok
        ? `audit log intact: ${result.checked} entries verified`
        : `audit log BROKEN at entry ${result.firstBroken!.seq} (${result.firstBroken!.reason}): ${result.firstBroken!.detail}`;
      out.result(human, result);
      return result.ok ? 0 : 1;
    };
  });
}

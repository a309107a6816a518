/** `einvoice records verify` — re-reads the case record and checks it against its roots and the audit chain. */
import { parse, runCommand, UsageError } from '../../../auth/cli/cli-support.js';
import { isDay } from '../records-day.js';
import { RecordsIntegrityRepository } from '../records-integrity.repository.js';
import type { RecordsVerification } from '../records-verify.service.js';
import { integrityServices } from './integrity-cli.js';

export const SUMMARY = 'verify stored documents (size, sha256), day roots and their audit entries';

const USAGE = `usage: einvoice records verify [--tenant SLUG|ID] [--date YYYY-MM-DD] [--json]

  Re-reads every stored document of the scope (all tenants, or one; every day, or one)
  from the blob store and checks its size and sha256; recomputes each sealed day's Merkle
  root and compares it with the stored root and with the root in the audit chain, and walks
  the audit chain. Days without a root yet are checked by hash only (and say so).
  Exit 0 only when everything passes; 1 names every failing document.
`;

function human(r: RecordsVerification): string {
  const lines: string[] = [];
  for (const t of r.tenants) {
    const sealed = t.days.filter((d) => d.check === 'sealed').length;
    lines.push(
      `tenant ${t.slug}: ${t.documents} document(s), ${t.days.length} day(s) (${sealed} sealed) — ${t.ok ? 'OK' : 'FAILED'}`,
    );
    for (const d of t.days) {
      if (d.check === 'hash-only')
        lines.push(`  ${d.day}: ${d.documents} document(s), checked by hash only (${d.note})`);
      for (const p of d.problems) lines.push(`  ${d.day}: ${p.reason}: ${p.detail}`);
    }
    for (const f of t.failures)
      lines.push(
        `  FAILED document ${f.documentId} (${f.aktenzeichen}, ${f.kind}, ${f.name}): ${f.reason}: ${f.detail}`,
      );
  }
  lines.push(r.auditChainOk ? 'audit chain intact' : `audit chain BROKEN: ${r.auditChainDetail ?? ''}`);
  lines.push(r.ok ? 'records verified: all checks passed' : 'records verification FAILED');
  return lines.join('\n');
}

export async function run(argv: string[]): Promise<number> {
  return runCommand('records verify', USAGE, ['verify', ...argv], () => {
    const { values, positionals } = parse(argv, { tenant: { type: 'string' }, date: { type: 'string' } });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const day = values.date;
    if (day !== undefined && !isDay(day)) throw new UsageError('--date must be a day in the form YYYY-MM-DD');
    return async ({ tenants, audit }, out, ds) => {
      const scope = values.tenant
        ? [await tenants.resolve(values.tenant)].map((t) => ({ id: t.id, slug: t.slug }))
        : await new RecordsIntegrityRepository(ds).allTenants();
      const result = await integrityServices(ds, audit).verify.verify(scope, { day });
      out.result(human(result), result);
      return result.ok ? 0 : 1;
    };
  });
}

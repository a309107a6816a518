/** `einvoice records dispose` — the disposal run: dry run by default, `--execute` deletes. */
import { operatorActor, parse, runCommand, table, UsageError } from '../../../auth/cli/cli-support.js';
import type { DisposalPlan } from '../retention.service.js';
import { integrityServices } from './integrity-cli.js';

export const SUMMARY =
  'list (default) or delete (--execute) documents whose retention ended and that are not on hold';

const USAGE = `usage: einvoice records dispose --tenant SLUG|ID [--execute] [--json]

  Lists every document whose retain_until is before today (Europe/Berlin) and whose
  Vorgang is not on legal hold. With --execute, deletes exactly those documents in one
  audited run (record_disposals and an audit entry naming each one), then removes their
  content from the blob store where no other row references it.
`;

const listing = (p: DisposalPlan) =>
  table(
    ['DOCUMENT', 'AKTENZEICHEN', 'KIND', 'NAME', 'RETAIN UNTIL', 'SHA256'],
    p.documents.map((d) => [d.id, d.aktenzeichen, d.kind, d.name, d.retainUntil, d.sha256]),
  );

export async function run(argv: string[]): Promise<number> {
  return runCommand('records dispose', USAGE, argv, () => {
    const { values, positionals } = parse(argv, { tenant: { type: 'string' }, execute: { type: 'boolean' } });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    if (!values.tenant) throw new UsageError('--tenant is required');
    const tenantRef = values.tenant;
    return async ({ tenants, audit }, out, ds) => {
      const tenant = await tenants.resolve(tenantRef);
      const { retention } = integrityServices(ds, audit);
      if (!values.execute) {
        const plan = await retention.plan(tenant.id);
        out.result(
          `${listing(plan)}\n${plan.documents.length} document(s) would be deleted (retention ended before ${plan.cutoff}); ` +
            `${plan.heldBack} kept on legal hold. Dry run: nothing was deleted; --execute deletes.`,
          { executed: false, ...plan },
        );
        return 0;
      }
      const done = await retention.execute(tenant.id, operatorActor());
      out.result(
        `${listing(done)}\n${done.documents.length} document(s) deleted` +
          (done.disposalId ? ` in disposal run ${done.disposalId}` : '') +
          `; ${done.heldBack} kept on legal hold; ${done.blobsRemoved.length} blob(s) removed, ` +
          `${done.blobsKept.length} kept (still referenced).`,
        { executed: true, ...done },
      );
      return 0;
    };
  });
}

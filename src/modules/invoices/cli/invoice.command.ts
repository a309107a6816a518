/**
 * `einvoice invoice revalidation|revalidate` — the operator's way to send invoices refused
 * for an internal reason (missing schemas, a validator fault) through validation again.
 * The command reopens them in the database; the running workers' recovery sweep continues
 * them (JOBS_SWEEP_INTERVAL_SECONDS), as for any open invoice.
 */
import { operatorActor, parse, runCommand, UsageError } from '../../auth/cli/cli-support.js';
import { InvoiceRepository } from '../invoice.repository.js';
import { InvoiceRevalidation } from '../invoice-revalidation.js';

const USAGE = `usage: einvoice invoice <command> [--json]

  revalidation --tenant SLUG|ID
                      list the invoices refused for an internal reason (e.g. SCHEMA-NOT-INSTALLED)
  revalidate --tenant SLUG|ID (INVOICE_ID... | --all)
                      validate them again; the earlier attempt does not count as a duplicate.
                      The running server continues them at its next recovery sweep.
`;

export async function run(argv: string[]): Promise<number> {
  return runCommand('invoice', USAGE, argv, () => {
    const { values, positionals } = parse(argv, {
      tenant: { type: 'string' },
      all: { type: 'boolean' },
    });
    const [sub, ...ids] = positionals;
    if (!values.tenant) throw new UsageError('--tenant is required');
    const tenantRef = values.tenant;
    switch (sub) {
      case 'revalidation':
        if (ids.length > 0) throw new UsageError(`unexpected argument '${ids[0]}'`);
        return async ({ tenants }, out, ds) => {
          const tenant = await tenants.resolve(tenantRef);
          const found = await new InvoiceRevalidation(new InvoiceRepository(ds)).eligible(tenant.id, 10_000);
          out.result(
            found.length === 0
              ? 'no invoice refused for an internal reason'
              : found
                  .map(({ invoice: i, cause }) => `${i.id}  ${i.status}  ${i.number ?? '-'}  ${cause}`)
                  .join('\n'),
            found.map(({ invoice: i, cause }) => ({ id: i.id, status: i.status, number: i.number, cause })),
          );
          return 0;
        };
      case 'revalidate':
        if (values.all === ids.length > 0) throw new UsageError('give invoice ids or --all (not both)');
        for (const id of ids)
          if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
            throw new UsageError(`not an invoice id: '${id}'`);
        return async ({ tenants }, out, ds) => {
          const tenant = await tenants.resolve(tenantRef);
          const service = new InvoiceRevalidation(new InvoiceRepository(ds));
          const targets = values.all
            ? (await service.eligible(tenant.id, 10_000)).map((c) => c.invoice.id)
            : ids;
          const actor = operatorActor();
          const done = [];
          for (const invoiceId of targets) {
            done.push(await service.revalidate({ tenantId: tenant.id, invoiceId, actor }));
          }
          out.result(
            done.length === 0
              ? 'nothing to validate again'
              : `${done.length} invoice(s) reopened for validation; the running workers continue them at their next recovery sweep:\n` +
                  done.map((d) => `  ${d.id}  (${d.cause})`).join('\n'),
            done,
          );
          return 0;
        };
      default:
        throw new UsageError(sub ? `unknown command '${sub}'` : 'a command is required');
    }
  });
}

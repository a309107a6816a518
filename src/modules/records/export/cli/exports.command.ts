/** `einvoice records exports --tenant SLUG|ID [--state STATE]`: how a tenant's DMS exports stand. */
import { parse, runCommand, table, UsageError } from '../../../auth/cli/cli-support.js';
import { EXPORT_STATES, type ExportState, RecordsExportRepository } from '../records-export.repository.js';

export const SUMMARY = 'list the exports of filed Vorgänge to the DMS (--tenant, --state failed|sent|…)';

const USAGE = `usage: einvoice records exports --tenant SLUG|ID [--state ${EXPORT_STATES.join('|')}] [--json]

  Lists the tenant's exports of filed Vorgänge to its DMS targets (newest first, at most 500):
  state, attempts, the next retry, the last error code and what the DMS said.
`;

export async function run(argv: string[]): Promise<number> {
  return runCommand('records exports', USAGE, argv, () => {
    const { values, positionals } = parse(argv, { tenant: { type: 'string' }, state: { type: 'string' } });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    if (!values.tenant) throw new UsageError('--tenant is required');
    const state = values.state;
    if (state !== undefined && !(EXPORT_STATES as readonly string[]).includes(state))
      throw new UsageError(`--state must be one of ${EXPORT_STATES.join(', ')}`);
    const tenantRef = values.tenant;
    return async ({ tenants }, out, ds) => {
      const tenant = await tenants.resolve(tenantRef);
      const rows = await new RecordsExportRepository(ds).list(
        tenant.id,
        state as ExportState | undefined,
        500,
      );
      out.result(
        table(
          ['AKTENZEICHEN', 'TARGET', 'STATE', 'ATTEMPTS', 'NEXT', 'ERROR'],
          rows.map((e) => [
            e.aktenzeichen,
            e.targetName,
            e.state,
            String(e.attempts),
            e.nextAttemptAt?.toISOString() ?? '',
            e.lastError ? `${e.lastError}${e.lastMessage ? `: ${e.lastMessage}` : ''}` : '',
          ]),
        ),
        rows,
      );
      return 0;
    };
  });
}

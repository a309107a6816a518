/** `einvoice records seal` — makes a closed day's Merkle root now (the job does it after midnight). */
import { parse, runCommand, UsageError } from '../../../auth/cli/cli-support.js';
import { isDay } from '../records-day.js';
import { integrityServices } from './integrity-cli.js';

export const SUMMARY = "seal a closed day with its Merkle root now (normally the job's work after midnight)";

const USAGE = `usage: einvoice records seal --tenant SLUG|ID --date YYYY-MM-DD [--json]

  Computes the day's Merkle root over its documents, stores it and writes it into the audit
  chain; a day that already has a root keeps it. Refused for a day that has not ended.
`;

export async function run(argv: string[]): Promise<number> {
  return runCommand('records seal', USAGE, argv, () => {
    const { values, positionals } = parse(argv, { tenant: { type: 'string' }, date: { type: 'string' } });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    if (!values.tenant) throw new UsageError('--tenant is required');
    const day = values.date;
    if (day === undefined || !isDay(day)) throw new UsageError('--date YYYY-MM-DD is required');
    const tenantRef = values.tenant;
    return async ({ tenants, audit }, out, ds) => {
      const tenant = await tenants.resolve(tenantRef);
      const r = await integrityServices(ds, audit).roots.seal(tenant.id, day);
      out.result(
        r.status === 'empty'
          ? `${day}: no documents, no root`
          : `${day}: root ${r.root} over ${r.leafCount} document(s) (${r.status === 'created' ? 'sealed now' : 'already sealed'})`,
        r,
      );
      return 0;
    };
  });
}

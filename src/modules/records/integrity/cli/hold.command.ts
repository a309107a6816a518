/** `einvoice records hold` — place, release and list legal holds on a Vorgang. */
import { operatorActor, parse, runCommand, table, UsageError } from '../../../auth/cli/cli-support.js';
import type { HoldRow } from '../records-integrity.repository.js';
import { integrityServices } from './integrity-cli.js';

export const SUMMARY = 'place, release or list legal holds (documents kept past their retention)';

const USAGE = `usage: einvoice records hold --tenant SLUG|ID <action> [--json]

  --vorgang ID|AKTENZEICHEN --reason TEXT   place a hold on a Vorgang
  --release HOLD_ID [--reason TEXT]         release a hold (it stays in the history)
  --list [--all]                            list active holds (--all: released ones too)
`;

const row = (h: HoldRow) => [
  h.id,
  h.aktenzeichen,
  h.heldAt.toISOString(),
  h.heldBy,
  h.releasedAt ? `released ${h.releasedAt.toISOString()}` : 'active',
  h.reason,
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function run(argv: string[]): Promise<number> {
  return runCommand('records hold', USAGE, argv, () => {
    const { values, positionals } = parse(argv, {
      tenant: { type: 'string' },
      vorgang: { type: 'string' },
      reason: { type: 'string' },
      release: { type: 'string' },
      list: { type: 'boolean' },
      all: { type: 'boolean' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    if (!values.tenant) throw new UsageError('--tenant is required');
    const tenantRef = values.tenant;
    const actions = [values.vorgang !== undefined, values.release !== undefined, values.list === true];
    if (actions.filter(Boolean).length !== 1)
      throw new UsageError('give exactly one of --vorgang, --release, --list');
    if (values.vorgang !== undefined && !values.reason)
      throw new UsageError('--reason is required with --vorgang');
    return async ({ tenants, audit }, out, ds) => {
      const tenant = await tenants.resolve(tenantRef);
      const { retention } = integrityServices(ds, audit);
      if (values.list) {
        const holds = await retention.holds(tenant.id, !values.all);
        out.result(table(['HOLD', 'AKTENZEICHEN', 'SINCE', 'BY', 'STATE', 'REASON'], holds.map(row)), holds);
        return 0;
      }
      if (values.release !== undefined) {
        const hold = await retention.releaseHold(tenant.id, values.release, operatorActor(), values.reason);
        out.result(`released hold ${hold.id} on ${hold.aktenzeichen}`, hold);
        return 0;
      }
      const ref = values.vorgang!;
      const hold = await retention.placeHold(
        tenant.id,
        UUID.test(ref)
          ? { vorgangId: ref, reason: values.reason! }
          : { aktenzeichen: ref, reason: values.reason! },
        operatorActor(),
      );
      out.result(`hold ${hold.id} placed on ${hold.aktenzeichen}`, hold);
      return 0;
    };
  });
}

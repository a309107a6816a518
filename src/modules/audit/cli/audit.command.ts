/** `einvoice audit verify` — checks the audit log's hash chain; exit 1 names the first broken link. */
import { runCommand, parse, UsageError } from '../../auth/cli/cli-support.js';

const USAGE = `usage: einvoice audit verify [--json]

  verify              link pending entries into the chain, then walk the whole hash
                      chain; exit 0 when intact, 1 naming the first broken entry (its
                      sequence number and why)
`;

export async function run(argv: string[]): Promise<number> {
  return runCommand('audit', USAGE, argv, () => {
    const { positionals } = parse(argv, {});
    const [sub, ...extra] = positionals;
    if (sub !== 'verify') throw new UsageError(sub ? `unknown command '${sub}'` : 'missing command');
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
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

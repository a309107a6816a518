/**
 * `einvoice records <sub-command>`: a dispatcher; each sub-command lives in its own file and
 * exports `run(argv)` and `SUMMARY`.
 */
interface SubCommand {
  readonly SUMMARY: string;
  run(argv: string[]): Promise<number>;
}

const SUBCOMMANDS: Record<string, () => Promise<SubCommand>> = {
  // name: () => import('./name.command.js'),
  verify: () => import('../integrity/cli/verify.command.js'),
  seal: () => import('../integrity/cli/seal.command.js'),
  hold: () => import('../integrity/cli/hold.command.js'),
  dispose: () => import('../integrity/cli/dispose.command.js'),
  procedure: () => import('../integrity/cli/procedure.command.js'),
  exports: () => import('../export/cli/exports.command.js'),
};

async function usage(): Promise<string> {
  const lines = ['usage: einvoice records <command> [options]', ''];
  for (const [name, load] of Object.entries(SUBCOMMANDS))
    lines.push(`  ${name.padEnd(12)} ${(await load()).SUMMARY}`);
  if (Object.keys(SUBCOMMANDS).length === 0) lines.push('  (no sub-commands yet)');
  return lines.join('\n');
}

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const load = sub ? SUBCOMMANDS[sub] : undefined;
  if (!load) {
    const help = sub === undefined || sub === '--help' || sub === '-h';
    (help ? process.stdout : process.stderr).write(
      `${help ? '' : `einvoice records: unknown command '${sub}'\n\n`}${await usage()}\n`,
    );
    return help ? 0 : 2;
  }
  return (await load()).run(rest);
}

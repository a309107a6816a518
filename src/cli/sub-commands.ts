/**
 * Commands made of sub-commands (`einvoice records verify …`): each sub-command lives in its
 * own file exporting `SUMMARY` and `run(argv)`, loaded only when called.
 */
export interface SubCommand {
  readonly SUMMARY: string;
  run(argv: string[]): Promise<number>;
}

export type SubCommands = Readonly<Record<string, () => Promise<SubCommand>>>;

async function usage(name: string, table: SubCommands): Promise<string> {
  const lines = [`usage: einvoice ${name} <command> [options]`, ''];
  for (const [sub, load] of Object.entries(table))
    lines.push(`  ${sub.padEnd(12)} ${(await load()).SUMMARY}`);
  return lines.join('\n');
}

/** Runs the sub-command `argv[0]` of `einvoice <name>`; usage on --help (0) or an unknown one (2). */
export async function runSubCommand(name: string, table: SubCommands, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const load = sub && Object.hasOwn(table, sub) ? table[sub] : undefined;
  if (!load) {
    const help = sub === undefined || sub === '--help' || sub === '-h';
    (help ? process.stdout : process.stderr).write(
      `${help ? '' : `einvoice ${name}: unknown command '${sub}'\n\n`}${await usage(name, table)}\n`,
    );
    return help ? 0 : 2;
  }
  return (await load()).run(rest);
}

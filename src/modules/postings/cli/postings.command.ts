/** `einvoice postings <sub-command>`: postings for finance systems from the command line. */
import { runSubCommand, type SubCommands } from '../../../cli/sub-commands.js';

const SUBCOMMANDS: SubCommands = {
  export: () => import('./export.command.js'),
};

export function run(argv: string[]): Promise<number> {
  return runSubCommand('postings', SUBCOMMANDS, argv);
}

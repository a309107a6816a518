/** `einvoice records <sub-command>`: the case record's operator commands. */
import { runSubCommand, type SubCommands } from '../../../cli/sub-commands.js';

const SUBCOMMANDS: SubCommands = {
  verify: () => import('../integrity/cli/verify.command.js'),
  seal: () => import('../integrity/cli/seal.command.js'),
  hold: () => import('../integrity/cli/hold.command.js'),
  dispose: () => import('../integrity/cli/dispose.command.js'),
  procedure: () => import('../integrity/cli/procedure.command.js'),
  exports: () => import('../export/cli/exports.command.js'),
};

export function run(argv: string[]): Promise<number> {
  return runSubCommand('records', SUBCOMMANDS, argv);
}

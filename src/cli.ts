#!/usr/bin/env node
/**
 * The `einvoice` command. A thin dispatcher: each sub-command lives in its module and is
 * loaded only when called, so `einvoice validate` never pulls in Nest or the database.
 * Exit codes: 0 success, 1 failure (e.g. an invalid invoice), 2 usage error.
 */
import { statSync } from 'node:fs';
import type { LogLevel } from '@nestjs/common';
import { setFlagsFromString } from 'node:v8';

type CommandModule = { run(argv: string[]): Promise<number> };

interface Command {
  readonly summary: string;
  /** V8 settings for this command's process, applied before its modules load. */
  readonly v8Flags?: string;
  /**
   * Plain library code: no decorated classes (Nest, TypeORM entities), so the command
   * loads without the reflect-metadata polyfill (10 ms of every validate run).
   */
  readonly plain?: boolean;
  load(): Promise<CommandModule>;
}

const VALIDATE_COMMAND = new URL('./modules/validation/cli/validate.command.js', import.meta.url);
const VALIDATE_BUNDLE = new URL('./modules/validation/cli/validate.bundle.js', import.meta.url);

/** Whether the bundle was made from the command as it is now (another build may have left an old one). */
function bundleIsCurrent(bundle: URL, source: URL): boolean {
  const b = statSync(bundle, { throwIfNoEntry: false });
  const s = statSync(source, { throwIfNoEntry: false });
  return b !== undefined && s !== undefined && b.mtimeMs >= s.mtimeMs;
}

const commands: Record<string, Command> = {
  validate: {
    summary: 'validate invoices (XRechnung, EN 16931 UBL/CII, ZUGFeRD/Factur-X PDF)',
    // A run is a few hundred documents, and each of the ~1,900 rules runs once per
    // document: V8 would optimise most of them before they pay off (its optimising compiler
    // took 48 % of the instructions of a 344-document run, a quarter of that for libxml2's
    // WebAssembly). Three times V8's budget before a function is optimised, ten times for
    // WebAssembly: -17 % instructions on that run and -12 % on 1,032 documents (callgrind);
    // only tiering thresholds, so the results are the same. The server keeps V8's defaults.
    v8Flags: '--interrupt-budget=200000 --wasm-tiering-budget=18000000',
    plain: true,
    // The build bundles this command into one module (scripts/bundle-cli.mjs): loaded one
    // by one, its ~90 modules cost 50-100 ms of every run.
    load: () =>
      bundleIsCurrent(VALIDATE_BUNDLE, VALIDATE_COMMAND)
        ? (import(VALIDATE_BUNDLE.href) as Promise<CommandModule>)
        : import('./modules/validation/cli/validate.command.js'),
  },
  schemas: {
    summary: 'install the official XML schemas: schemas install [--from DIR|ZIP] | verify',
    plain: true,
    load: () => import('./cli/schemas.command.js'),
  },
  doctor: {
    summary: 'check the installation (schemas, database, queue backend)',
    load: () => import('./cli/doctor.command.js'),
  },
  tenant: {
    summary: 'tenant create|list|update',
    load: () => import('./modules/tenants/cli/tenant.command.js'),
  },
  user: {
    summary: 'user create|list|update|disable|enable|reset-password',
    load: () => import('./modules/auth/cli/user.command.js'),
  },
  'api-key': {
    summary: 'api-key create|revoke|list',
    load: () => import('./modules/auth/cli/api-key.command.js'),
  },
  invoice: {
    summary: 'invoice revalidation|revalidate (invoices refused for an internal reason)',
    load: () => import('./modules/invoices/cli/invoice.command.js'),
  },
  accounts: {
    summary: 'accounts import|list (the chart of accounts for the Kontierung)',
    load: () => import('./modules/approval/accounts/cli/accounts.command.js'),
  },
  records: {
    summary: 'records … (the case record: verify, disposal, procedure documentation)',
    load: () => import('./modules/records/cli/records.command.js'),
  },
  postings: {
    summary: 'postings … (postings for finance systems: export)',
    load: () => import('./modules/postings/cli/postings.command.js'),
  },
  audit: { summary: 'audit verify', load: () => import('./modules/audit/cli/audit.command.js') },
  migration: {
    summary: 'migration run|revert|show',
    load: () => import('./database/cli/migration.command.js'),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    'usage: einvoice <command> [options]',
    '',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `einvoice <command> --help` for the options of a command.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`einvoice: unknown command '${name}'\n\n${usage()}\n`);
    return 2;
  }
  if (command.v8Flags) setFlagsFromString(command.v8Flags);
  if (!command.plain) {
    await import('reflect-metadata');
    // stdout carries a command's result (`--json` too): Nest's log lines, which it writes
    // to stdout up to warnings, go to stderr.
    const { ConsoleLogger, Logger } = await import('@nestjs/common');
    class StderrLogger extends ConsoleLogger {
      protected override printMessages(
        messages: unknown[],
        context?: string,
        logLevel?: LogLevel,
        _stream?: 'stdout' | 'stderr',
        errorStack?: unknown,
        params?: Record<string, unknown>,
      ): void {
        super.printMessages(messages, context, logLevel, 'stderr', errorStack, params);
      }
    }
    Logger.overrideLogger(new StderrLogger());
  }
  return (await command.load()).run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`einvoice: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);

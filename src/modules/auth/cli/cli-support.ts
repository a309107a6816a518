/**
 * What the identity commands share: option parsing, `--json` output, the operator as audit
 * actor, error reporting with exit codes (0 ok, 1 failure, 2 usage), and the services
 * wired by hand over one DataSource (no Nest container needed for a short command).
 */
import { userInfo } from 'node:os';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { DataSource } from 'typeorm';
import { DomainError } from '../../../common/errors/domain-error.js';
import { ConfigError } from '../../../config/app-config.js';
import { withCliDataSource } from '../../../database/cli-data-source.js';
import { TransactionRunner } from '../../../database/tenant-transaction.js';
import { AuditRepository } from '../../audit/audit.repository.js';
import { AuditService } from '../../audit/audit.service.js';
import { TenantRepository } from '../../tenants/tenant.repository.js';
import { TenantService } from '../../tenants/tenant.service.js';
import { ApiKeyRepository } from '../api-key.repository.js';
import { ApiKeyService } from '../api-key.service.js';
import { PasswordHasher } from '../password-hasher.js';
import { LoginThrottleRepository } from '../login-throttle.repository.js';
import { UserRepository } from '../user.repository.js';
import { UserService } from '../user.service.js';

export class UsageError extends Error {}

export interface IdentityServices {
  readonly audit: AuditService;
  readonly tenants: TenantService;
  readonly users: UserService;
  readonly apiKeys: ApiKeyService;
}

export function identityServices(ds: DataSource): IdentityServices {
  const audit = new AuditService(new AuditRepository(ds));
  const tx = new TransactionRunner(ds);
  const tenants = new TenantService(new TenantRepository(ds), audit, tx);
  return {
    audit,
    tenants,
    users: new UserService(
      new UserRepository(ds),
      new PasswordHasher(),
      audit,
      tx,
      tenants,
      new LoginThrottleRepository(ds),
    ),
    apiKeys: new ApiKeyService(new ApiKeyRepository(ds), audit, tx, new UserRepository(ds)),
  };
}

/** The audit actor of operator commands. */
export function operatorActor(): string {
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch {
    // no passwd entry (some containers): stay anonymous
  }
  return `operator:${name}`;
}

export function parse<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, json: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

export interface Output {
  readonly json: boolean;
  /** Writes the human text, or the data as one JSON line with `--json`. */
  result(human: string, data: unknown): void;
}

export function output(json: boolean): Output {
  return {
    json,
    result(human, data) {
      process.stdout.write(json ? JSON.stringify(data) + '\n' : human + (human.endsWith('\n') ? '' : '\n'));
    },
  };
}

export type CommandBody = (services: IdentityServices, out: Output, ds: DataSource) => Promise<number>;

/**
 * Runs one sub-command and turns failures into exit codes. `plan` checks the arguments
 * (throwing `UsageError`) before any database connection is made, and returns the work.
 */
export async function runCommand(
  name: string,
  usage: string,
  argv: string[],
  plan: () => CommandBody,
): Promise<number> {
  const json = argv.includes('--json');
  const out = output(json);
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(usage);
    return argv.length === 0 ? 2 : 0;
  }
  try {
    const body = plan();
    return await withCliDataSource(
      async (ds) => {
        const services = identityServices(ds);
        const code = await body(services, out, ds);
        // Operator actions are chained into the audit log before the command ends, so the
        // chain is complete even when no application process runs to do it.
        await services.audit.flush();
        return code;
      },
      {
        log: (line) => void (json ? undefined : process.stderr.write(line + '\n')),
      },
    );
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`einvoice ${name}: ${err.message}\n\n${usage}`);
      return 2;
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`einvoice: ${err.message}\n`);
      return 1;
    }
    if (err instanceof DomainError) {
      if (json) {
        out.result('', {
          error: {
            code: err.code,
            message: err.messages.en,
            ...(err.details ? { details: err.details } : {}),
          },
        });
      } else {
        const details = err.details ? ` ${JSON.stringify(err.details)}` : '';
        process.stderr.write(`einvoice ${name}: ${err.messages.en} (${err.code})${details}\n`);
      }
      return 1;
    }
    throw err;
  }
}

/** Fixed-width table for human output. */
export function table(headers: string[], rows: string[][]): string {
  if (rows.length === 0) return '(none)';
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

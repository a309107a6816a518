/** `einvoice accounts import|list` — the operator's way to load and read a tenant's chart of accounts. */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { DomainError } from '../../../../common/errors/domain-error.js';
import { TransactionRunner } from '../../../../database/tenant-transaction.js';
import { operatorActor, parse, runCommand, table, UsageError } from '../../../auth/cli/cli-support.js';
import { AccountsErrors } from '../accounts.errors.js';
import { AccountsRepository } from '../accounts.repository.js';
import { AccountsService, LIST_MAX_LIMIT } from '../accounts.service.js';
import {
  ACCOUNT_KINDS,
  type AccountKind,
  CSV_MAX_BYTES,
  CSV_PROBLEM_MESSAGES,
  type CsvProblem,
} from '../chart-csv.js';

const USAGE = `usage: einvoice accounts <command> [--json]

  import --tenant SLUG|ID [--replace] FILE
                      import a chart of accounts from a CSV file (all or nothing): header row
                      art;nummer;bezeichnung;aktiv (or kind;code;name;active), ; or , delimited,
                      UTF-8 or Windows-1252. Without --replace accounts are added and updated;
                      with it, accounts of the file's kinds that it does not list are deactivated.
  list --tenant SLUG|ID [--kind buchungsstelle|kostenstelle|investition] [--q TEXT] [--limit N]
                      list the chart (ordered by kind and code; --q: code prefix or part of the name)
`;

function problemLine(p: CsvProblem): string {
  const where = p.line === undefined ? 'file' : `line ${p.line}${p.column ? `, column ${p.column}` : ''}`;
  const value = p.value !== undefined ? ` '${p.value}'` : '';
  const detail = p.detail !== undefined ? ` (${p.detail})` : '';
  return `  ${where}: ${p.code}${value}${detail} — ${CSV_PROBLEM_MESSAGES[p.code].en}`;
}

export async function run(argv: string[]): Promise<number> {
  return runCommand('accounts', USAGE, argv, () => {
    const { values, positionals } = parse(argv, {
      tenant: { type: 'string' },
      replace: { type: 'boolean' },
      kind: { type: 'string' },
      q: { type: 'string' },
      limit: { type: 'string' },
    });
    const [sub, ...rest] = positionals;
    if (!values.tenant) throw new UsageError('--tenant is required');
    const tenantRef = values.tenant;
    switch (sub) {
      case 'import': {
        if (rest.length !== 1) throw new UsageError('give exactly one FILE');
        const file = rest[0];
        return async ({ tenants, audit }, out, ds) => {
          const tenant = await tenants.resolve(tenantRef);
          const size = (await stat(file)).size;
          if (size > CSV_MAX_BYTES)
            throw new DomainError(AccountsErrors.ACCOUNTS_CSV_TOO_LARGE, { limit: CSV_MAX_BYTES });
          const service = new AccountsService(new AccountsRepository(ds), audit, new TransactionRunner(ds));
          try {
            const done = await service.importCsv(
              tenant.id,
              {
                content: await readFile(file),
                fileName: basename(file),
                mode: values.replace ? 'replace' : 'merge',
              },
              operatorActor(),
            );
            out.result(
              `imported ${done.rowsTotal} account(s) into ${tenant.slug} (${done.mode}): ${done.created} created, ` +
                `${done.updated} updated, ${done.unchanged} unchanged, ${done.deactivated} deactivated; ` +
                `import ${done.id}, sha256 ${done.fileSha256}`,
              done,
            );
            return 0;
          } catch (err) {
            if (!(err instanceof DomainError) || err.code !== 'ACCOUNTS_CSV_INVALID' || out.json) throw err;
            const d = err.details as { problemCount: number; problems: CsvProblem[] };
            process.stderr.write(
              `einvoice accounts: ${d.problemCount} problem(s) in ${file}; nothing was imported\n` +
                d.problems.map(problemLine).join('\n') +
                '\n',
            );
            return 1;
          }
        };
      }
      case 'list': {
        if (rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]}'`);
        const kind = values.kind;
        if (kind !== undefined && !(ACCOUNT_KINDS as readonly string[]).includes(kind))
          throw new UsageError(`--kind must be one of ${ACCOUNT_KINDS.join(', ')}`);
        const limit = values.limit === undefined ? LIST_MAX_LIMIT : Number(values.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 100_000)
          throw new UsageError('--limit must be a number from 1 to 100000');
        return async ({ tenants, audit }, out, ds) => {
          const tenant = await tenants.resolve(tenantRef);
          const service = new AccountsService(new AccountsRepository(ds), audit, new TransactionRunner(ds));
          const items = [];
          let cursor: string | undefined;
          do {
            const page = await service.list(tenant.id, {
              kind: kind as AccountKind | undefined,
              q: values.q,
              limit: Math.min(LIST_MAX_LIMIT, limit - items.length),
              cursor,
            });
            items.push(...page.items);
            cursor = page.nextCursor ?? undefined;
          } while (cursor && items.length < limit);
          out.result(
            table(
              ['KIND', 'CODE', 'NAME', 'ACTIVE', 'VALID'],
              items.map((a) => [
                a.kind,
                a.code,
                a.name,
                a.active ? 'yes' : 'no',
                a.validFrom || a.validTo ? `${a.validFrom ?? ''}..${a.validTo ?? ''}` : '',
              ]),
            ) + (cursor ? `\n(more than ${limit}; use --limit or --q)` : ''),
            items.map((a) => ({
              kind: a.kind,
              code: a.code,
              name: a.name,
              active: a.active,
              validFrom: a.validFrom,
              validTo: a.validTo,
            })),
          );
          return 0;
        };
      }
      default:
        throw new UsageError(sub ? `unknown command '${sub}'` : 'a command is required');
    }
  });
}

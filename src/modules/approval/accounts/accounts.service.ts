import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../common/errors/domain-error.js';
import { TransactionRunner } from '../../../database/tenant-transaction.js';
import { AuditService } from '../../audit/audit.service.js';
import { AccountsErrors } from './accounts.errors.js';
import {
  type ChartAccount,
  type ChartImport,
  type ChartQuery,
  type ImportMode,
  AccountsRepository,
} from './accounts.repository.js';
import { type AccountKind, CSV_MAX_BYTES, parseChartCsv } from './chart-csv.js';
import {
  type AccountingReferenceCandidate,
  type ChartLookup,
  type KontierungCheckOptions,
  type KontierungLine,
  type KontierungProblem,
  chartLookupOf,
  checkKontierung,
  kontierungRefs,
  parseAccountingReference,
  suggestFromAccountingReference,
} from './kontierung-check.js';

export interface ChartImportInput {
  readonly content: Buffer;
  readonly fileName?: string | null;
  readonly mode: ImportMode;
}

export interface ChartPage {
  readonly items: ChartAccount[];
  readonly nextCursor: string | null;
}

export const LIST_DEFAULT_LIMIT = 50;
export const LIST_MAX_LIMIT = 500;

/** The keyset cursor of the list: the last account of a page, opaque to clients. */
export function encodeCursor(a: { kind: AccountKind; code: string }): string {
  return Buffer.from(JSON.stringify([a.kind, a.code])).toString('base64url');
}

export function decodeCursor(cursor: string): { kind: AccountKind; code: string } | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string')
      return { kind: v[0] as AccountKind, code: v[1] };
  } catch {
    // not ours
  }
  return undefined;
}

/**
 * The tenant's chart of accounts: the CSV import (all or nothing, audited, with a history
 * row), the list and search, and the lookups the Kontierung check and the BT-19 prefill need.
 */
@Injectable()
export class AccountsService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
  ) {}

  /**
   * Imports a CSV file (format: `chart-csv.ts`). A file with any bad row imports nothing
   * and fails with ACCOUNTS_CSV_INVALID, whose details list the problems with their line
   * numbers. `merge` inserts and updates; `replace` also deactivates the accounts of the
   * file's kinds that the file does not list (never deletes: Kontierungen name them).
   */
  async importCsv(tenantId: string, input: ChartImportInput, actor: string): Promise<ChartImport> {
    if (input.content.length > CSV_MAX_BYTES)
      throw new DomainError(AccountsErrors.ACCOUNTS_CSV_TOO_LARGE, { limit: CSV_MAX_BYTES });
    const parsed = parseChartCsv(input.content);
    if (parsed.problemCount > 0) {
      throw new DomainError(AccountsErrors.ACCOUNTS_CSV_INVALID, {
        problemCount: parsed.problemCount,
        problems: parsed.problems,
      });
    }
    const fileSha256 = createHash('sha256').update(input.content).digest('hex');
    const fileName = input.fileName ? input.fileName.slice(0, 255) : null;
    return this.tx.inTenant(tenantId, async () => {
      const counts = await this.accounts.write(tenantId, parsed.rows, input.mode);
      const record = await this.accounts.recordImport(tenantId, {
        actor,
        mode: input.mode,
        fileName,
        fileSha256,
        fileBytes: input.content.length,
        encoding: parsed.encoding,
        ...counts,
      });
      await this.audit.record({
        tenantId,
        actor,
        action: 'accounts.imported',
        subject: `chart-import:${record.id}`,
        data: { mode: input.mode, fileName, fileSha256, encoding: parsed.encoding, ...counts },
      });
      return record;
    });
  }

  list(tenantId: string, query: Omit<ChartQuery, 'after'> & { cursor?: string }): Promise<ChartPage> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (query.cursor !== undefined && !after)
      throw new DomainError(AccountsErrors.ACCOUNTS_QUERY_INVALID, { parameter: 'cursor' });
    return this.accounts.list(tenantId, { ...query, after }).then((rows) => {
      const items = rows.slice(0, query.limit);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
    });
  }

  counts(tenantId: string): Promise<{ kind: AccountKind; total: number; active: number }[]> {
    return this.accounts.counts(tenantId);
  }

  imports(tenantId: string, limit = 20): Promise<ChartImport[]> {
    return this.accounts.imports(tenantId, Math.min(Math.max(limit, 1), 200));
  }

  getImport(tenantId: string, id: string): Promise<ChartImport | undefined> {
    return this.accounts.getImport(tenantId, id);
  }

  /**
   * What the Kontierung check needs of the chart for these codes, in one query: the
   * accounts named, and which kinds the chart has at all (see `checkKontierung`).
   */
  async lookup(
    tenantId: string,
    refs: readonly { readonly kind: AccountKind; readonly code: string }[],
  ): Promise<ChartLookup> {
    const { kinds, accounts } = await this.accounts.lookup(tenantId, refs);
    return chartLookupOf(accounts, kinds);
  }

  /** `checkKontierung` against the tenant's chart (one query). */
  async checkKontierung(
    tenantId: string,
    lines: readonly KontierungLine[],
    invoiceTotal: string,
    options?: KontierungCheckOptions,
  ): Promise<KontierungProblem[]> {
    const lookup = await this.lookup(tenantId, kontierungRefs(lines));
    return checkKontierung(lines, invoiceTotal, lookup, options);
  }

  /** The prefill a buyer accounting reference (BT-19) suggests, if it names active accounts of the chart. */
  async suggestFromAccountingReference(
    tenantId: string,
    bt19: string | null | undefined,
  ): Promise<AccountingReferenceCandidate | undefined> {
    const candidates = parseAccountingReference(bt19);
    if (candidates.length === 0) return undefined;
    const refs = candidates.flatMap((c) => [
      { kind: 'buchungsstelle' as const, code: c.buchungsstelle },
      ...(c.kostenstelle ? [{ kind: 'kostenstelle' as const, code: c.kostenstelle }] : []),
    ]);
    return suggestFromAccountingReference(bt19, await this.lookup(tenantId, refs));
  }
}

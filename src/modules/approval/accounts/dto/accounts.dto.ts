import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DomainError } from '../../../../common/errors/domain-error.js';
import { AccountsErrors } from '../accounts.errors.js';
import type { ChartAccount, ChartImport, ImportMode } from '../accounts.repository.js';
import { LIST_DEFAULT_LIMIT, LIST_MAX_LIMIT } from '../accounts.service.js';
import { ACCOUNT_KINDS, type AccountKind } from '../chart-csv.js';

export class ChartAccountDto {
  @ApiProperty({ enum: ACCOUNT_KINDS })
  kind: AccountKind;

  @ApiProperty({ example: '1.1100.521100' })
  code: string;

  @ApiProperty({ example: 'Unterhaltung der Grundstücke' })
  name: string;

  @ApiProperty()
  active: boolean;

  @ApiPropertyOptional({ nullable: true, type: String, example: '2026-01-01' })
  validFrom: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: '2026-12-31' })
  validTo: string | null;

  @ApiProperty()
  updatedAt: Date;

  static of(a: ChartAccount): ChartAccountDto {
    return Object.assign(new ChartAccountDto(), {
      kind: a.kind,
      code: a.code,
      name: a.name,
      active: a.active,
      validFrom: a.validFrom,
      validTo: a.validTo,
      updatedAt: a.updatedAt,
    });
  }
}

export class ChartAccountPageDto {
  @ApiProperty({ type: ChartAccountDto, isArray: true })
  items: ChartAccountDto[];

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Pass as `cursor` for the next page' })
  nextCursor: string | null;
}

export class ChartImportDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: '`user:<id>`, `api-key:<id>` or `operator:<name>`' })
  actor: string;

  @ApiProperty()
  importedAt: Date;

  @ApiProperty({ enum: ['merge', 'replace'] })
  mode: ImportMode;

  @ApiPropertyOptional({ nullable: true, type: String })
  fileName: string | null;

  @ApiProperty({ description: 'SHA-256 of the file as sent (hex)' })
  fileSha256: string;

  @ApiProperty()
  fileBytes: number;

  @ApiProperty({ enum: ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] })
  encoding: string;

  @ApiProperty({ description: 'Accounts in the file' })
  rowsTotal: number;

  @ApiProperty()
  created: number;

  @ApiProperty({ description: 'Existing accounts the file changed' })
  updated: number;

  @ApiProperty()
  unchanged: number;

  @ApiProperty({ description: '`replace`: accounts of the file’s kinds the file no longer lists' })
  deactivated: number;

  static of(i: ChartImport): ChartImportDto {
    return Object.assign(new ChartImportDto(), i);
  }
}

/** The query of `GET /api/v1/admin/accounts`, checked: a bad parameter is named in the error. */
export class ListAccountsQuery {
  kind?: AccountKind;
  q?: string;
  active?: boolean;
  limit: number = LIST_DEFAULT_LIMIT;
  cursor?: string;

  static parse(query: Record<string, unknown>): ListAccountsQuery {
    const invalid = (parameter: string) =>
      new DomainError(AccountsErrors.ACCOUNTS_QUERY_INVALID, { parameter });
    const q = new ListAccountsQuery();
    const text = (name: string, max: number): string | undefined => {
      const v = query[name];
      if (v === undefined || v === '') return undefined;
      if (typeof v !== 'string' || v.length > max) throw invalid(name);
      return v;
    };
    const kind = text('kind', 40);
    if (kind !== undefined) {
      if (!(ACCOUNT_KINDS as readonly string[]).includes(kind)) throw invalid('kind');
      q.kind = kind as AccountKind;
    }
    q.q = text('q', 100)?.trim() || undefined;
    const active = text('active', 5);
    if (active !== undefined) {
      if (active !== 'true' && active !== 'false') throw invalid('active');
      q.active = active === 'true';
    }
    const limit = text('limit', 4);
    if (limit !== undefined) {
      const n = /^\d+$/.test(limit) ? Number(limit) : NaN;
      if (!(n >= 1 && n <= LIST_MAX_LIMIT)) throw invalid('limit');
      q.limit = n;
    }
    q.cursor = text('cursor', 400);
    return q;
  }
}

export function parseImportMode(value: unknown): ImportMode {
  if (value === undefined || value === '' || value === 'merge') return 'merge';
  if (value === 'replace') return 'replace';
  throw new DomainError(AccountsErrors.ACCOUNTS_IMPORT_MODE_INVALID);
}

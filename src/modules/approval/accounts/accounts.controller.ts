import { Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { actorOf } from '../../auth/actor.js';
import { CurrentPrincipal, type Principal, Roles } from '../../auth/auth.contract.js';
import { readUploadedCsv } from './accounts-upload.js';
import { AccountsService } from './accounts.service.js';
import { ACCOUNT_KINDS } from './chart-csv.js';
import {
  ChartAccountDto,
  ChartAccountPageDto,
  ChartImportDto,
  ListAccountsQuery,
  parseImportMode,
} from './dto/accounts.dto.js';

const FORMAT =
  'CSV with a header row; delimiter `;` or `,`; UTF-8 (with or without BOM), UTF-16 with BOM or Windows-1252; ' +
  'quoted fields allowed. Columns (German or English names): `art`/`kind` (Buchungsstelle, Haushaltsstelle, ' +
  'Sachkonto, Produkt → buchungsstelle; Kostenstelle; Investition, Investitionsnummer → investition), ' +
  '`nummer`/`code` (1–64 characters: A–Z, a–z, 0–9, `.`, `-`, `_`), `bezeichnung`/`name`, `aktiv`/`active` ' +
  '(ja/nein, 1/0, x; empty = active), optional `gueltig_ab`/`valid_from` and `gueltig_bis`/`valid_to` ' +
  '(2026-01-31 or 31.01.2026). At most 10 MB and 100,000 accounts.';

/** The chart of accounts of the caller's tenant: import (admins) and search (also approvers and treasury). */
@ApiTags('admin')
@Controller('api/v1/admin/accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post('import')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Import the chart of accounts from a CSV file (all or nothing)',
    description:
      `${FORMAT} Body: the file (\`Content-Type: text/csv\`) or \`multipart/form-data\` with one file. ` +
      '`mode=merge` (default) adds and updates accounts; `mode=replace` also deactivates the accounts of the ' +
      "file's kinds that it does not list (accounts are never deleted). A file with any bad row imports nothing: " +
      '422 `ACCOUNTS_CSV_INVALID` with `details.problems` — each `{code, line, column, value, detail}` with a ' +
      'stable `ACCOUNTS_CSV_…` code.',
  })
  @ApiConsumes('text/csv', 'multipart/form-data')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'mode', required: false, enum: ['merge', 'replace'] })
  @ApiOkResponse({ type: ChartImportDto, description: 'The import as recorded in the history' })
  @ApiUnprocessableEntityResponse({
    description: '`ACCOUNTS_CSV_INVALID`: nothing imported; problems listed',
  })
  async import(
    @CurrentPrincipal() p: Principal,
    @Query('mode') mode: unknown,
    @Req() req: Request,
  ): Promise<ChartImportDto> {
    const parsedMode = parseImportMode(mode);
    const file = await readUploadedCsv(req);
    return ChartImportDto.of(
      await this.accounts.importCsv(
        p.tenantId,
        { content: file.content, fileName: file.fileName, mode: parsedMode },
        actorOf(p),
      ),
    );
  }

  @Get()
  @Roles('admin', 'approver', 'treasury')
  @ApiOperation({
    summary: 'List and search the chart of accounts, in pages ordered by kind and code',
    description:
      '`q` matches a code prefix or a part of the name (case-insensitive). `limit` 1–500 (default 50). ' +
      'For the next page pass `nextCursor` as `cursor` with the same filters.',
  })
  @ApiQuery({ name: 'kind', required: false, enum: ACCOUNT_KINDS })
  @ApiQuery({ name: 'q', required: false, type: String })
  @ApiQuery({ name: 'active', required: false, type: Boolean })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'cursor', required: false, type: String })
  @ApiOkResponse({ type: ChartAccountPageDto })
  async list(
    @CurrentPrincipal() p: Principal,
    @Query() query: Record<string, unknown>,
  ): Promise<ChartAccountPageDto> {
    const page = await this.accounts.list(p.tenantId, ListAccountsQuery.parse(query));
    return { items: page.items.map((a) => ChartAccountDto.of(a)), nextCursor: page.nextCursor };
  }

  @Get('imports')
  @Roles('admin')
  @ApiOperation({ summary: 'The import history of the chart of accounts, newest first (up to 50)' })
  @ApiOkResponse({ type: ChartImportDto, isArray: true })
  async imports(@CurrentPrincipal() p: Principal): Promise<ChartImportDto[]> {
    return (await this.accounts.imports(p.tenantId, 50)).map((i) => ChartImportDto.of(i));
  }
}

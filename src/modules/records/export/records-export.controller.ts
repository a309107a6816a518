import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '../../../common/errors/domain-error.js';
import { actorOf } from '../../auth/actor.js';
import { CurrentPrincipal, type Principal, Roles } from '../../auth/auth.contract.js';
import type { ExportTarget } from './export-targets.js';
import { RecordsExportErrors } from './records-export.errors.js';
import type { RecordExport } from './records-export.repository.js';
import { RecordsExportService } from './records-export.service.js';

/** Where the tenant's filed Vorgänge go (xdomea directory / HTTP, CMIS), and how their exports stand. */
@ApiTags('admin')
@Controller('api/v1/admin/records')
@Roles('admin')
export class RecordsExportController {
  constructor(private readonly exports: RecordsExportService) {}

  @Get('export-targets')
  @ApiOperation({ summary: "The tenant's DMS export targets (passwords are never shown)" })
  targets(@CurrentPrincipal() p: Principal): Promise<ExportTarget[]> {
    return this.exports.targets(p.tenantId);
  }

  @Put('export-targets')
  @ApiOperation({
    summary:
      'Set the export targets: { targets: [...] }, each created or updated by name; targets not listed are disabled',
  })
  putTargets(@CurrentPrincipal() p: Principal, @Body() body: unknown): Promise<ExportTarget[]> {
    return this.exports.putTargets(p.tenantId, body, actorOf(p));
  }

  @Get('exports')
  @ApiOperation({ summary: 'Exports of filed Vorgänge, newest first; ?state=pending|sent|confirmed|failed' })
  list(@CurrentPrincipal() p: Principal, @Query('state') state?: string): Promise<RecordExport[]> {
    return this.exports.list(p.tenantId, state);
  }

  @Post('exports/:id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Try a failed export again now (a new message under a new ProzessID)' })
  async retry(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<RecordExport> {
    const e = await this.exports.retry(p.tenantId, id, actorOf(p));
    if (!e) throw new DomainError(RecordsExportErrors.EXPORT_NOT_RETRYABLE);
    return e;
  }
}

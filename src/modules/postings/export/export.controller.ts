import { Body, Controller, Get, Put, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError } from '../../../common/errors/domain-error.js';
import { actorOf } from '../../auth/actor.js';
import { CurrentPrincipal, type Principal, Roles } from '../../auth/auth.contract.js';
import { PostingsOutErrors } from '../postings-out.errors.js';
import type { DatevSettings } from './datev-settings.repository.js';
import { PostingExportService } from './posting-export.service.js';

/** Posting files (DATEV EXTF, CSV) and the tenant's DATEV settings. */
@ApiTags('postings')
@Controller()
export class ExportController {
  constructor(private readonly exports: PostingExportService) {}

  @Get('api/v1/postings/export')
  @Roles('finance', 'admin')
  @ApiOperation({
    summary:
      'A file of the postings whose invoice date lies in the period: ?format=datev|csv&from=YYYY-MM-DD&to=YYYY-MM-DD[&ack=true]; X-Posting-Count names how many',
  })
  async export(
    @CurrentPrincipal() p: Principal,
    @Query() q: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.exports.export(
      p.tenantId,
      { format: q.format, from: q.from, to: q.to, ack: q.ack },
      actorOf(p),
    );
    res.set({
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${file.fileName}"`,
      'Cache-Control': 'no-store',
      'X-Posting-Count': String(file.postingIds.length),
      'X-Line-Count': String(file.lines),
      'X-Acknowledged': String(file.acknowledged),
    });
    return new StreamableFile(file.body, { type: file.contentType });
  }

  @Get('api/v1/admin/postings/datev')
  @Roles('admin')
  @ApiOperation({ summary: "The tenant's DATEV settings (Beraternummer, Mandantennummer, WJ-Beginn, …)" })
  async getSettings(@CurrentPrincipal() p: Principal): Promise<DatevSettings> {
    const s = await this.exports.getSettings(p.tenantId);
    if (!s) throw new DomainError(PostingsOutErrors.DATEV_SETTINGS_MISSING);
    return s;
  }

  @Put('api/v1/admin/postings/datev')
  @Roles('admin')
  @ApiOperation({
    summary:
      'Set the DATEV settings: {beraterNr, mandantNr, wjBeginMonth?, sachkontenLaenge?, defaultKreditor?, skr?: "03"|"04"}',
  })
  setSettings(@CurrentPrincipal() p: Principal, @Body() body: unknown): Promise<DatevSettings> {
    return this.exports.setSettings(p.tenantId, body, actorOf(p));
  }
}

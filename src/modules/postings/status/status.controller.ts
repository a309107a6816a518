import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { actorOf } from '../../auth/actor.js';
import { CurrentPrincipal, type Principal, Roles } from '../../auth/auth.contract.js';
import type { StatusReport } from './status.repository.js';
import { PostingStatusService, type SkontoReport } from './status.service.js';

/** The status finance systems report back, and the Skonto report built from it. */
@ApiTags('postings')
@Controller()
export class PostingStatusController {
  constructor(private readonly status: PostingStatusService) {}

  @Post('api/v1/postings/:id/status')
  @Roles('finance')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Report a posting\'s status: {status:"ordered", kassenzeichen, at} or {status:"paid", date, amount, skontoTaken}',
  })
  report(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: unknown,
  ): Promise<StatusReport> {
    return this.status.report(p.tenantId, id, body, actorOf(p));
  }

  @Get('api/v1/admin/postings/skonto-report')
  @Roles('admin')
  @ApiOperation({ summary: 'Skonto won and lost on payments reported in the period (?from&to, YYYY-MM-DD)' })
  skonto(
    @CurrentPrincipal() p: Principal,
    @Query('from') from?: string,
    @Query('to') to?: string,
  ): Promise<SkontoReport> {
    return this.status.skontoReport(p.tenantId, from, to);
  }
}

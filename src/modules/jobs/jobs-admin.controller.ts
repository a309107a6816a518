import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '../auth/auth.contract.js';
import { FailedJobDto, FailedJobListDto, JobRetryDto } from './dto/failed-job.dto.js';
import { JobsAdminService } from './jobs-admin.service.js';

@ApiTags('admin')
@ApiSecurity('session')
@Controller('api/v1/admin/jobs')
export class JobsAdminController {
  constructor(private readonly admin: JobsAdminService) {}

  @Get('failed')
  @Roles('admin')
  @ApiOperation({ summary: "Failed jobs of the caller's tenant (retries exhausted), newest first" })
  @ApiOkResponse({ type: FailedJobListDto })
  async listFailed(@CurrentPrincipal() principal: Principal): Promise<FailedJobListDto> {
    const jobs = await this.admin.listFailed(principal.tenantId);
    return { items: jobs.map((j) => FailedJobDto.from(j)) };
  }

  @Post('failed/:id/retry')
  @Roles('admin')
  @HttpCode(202)
  @ApiOperation({ summary: 'Retry a failed job with a fresh set of attempts' })
  @ApiOkResponse({ type: JobRetryDto })
  async retry(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<JobRetryDto> {
    await this.admin.retry(principal, id);
    return { id, status: 'waiting' };
  }
}

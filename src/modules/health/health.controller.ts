import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { SkipRateLimit } from '../../common/http/rate-limit.js';
import { Public } from '../auth/auth.contract.js';
import { HealthService, type Readiness } from './health.service.js';

/** Probes for orchestrators and load balancers; public and not rate-limited. */
@ApiTags('operations')
@Controller('health')
@Public()
@SkipRateLimit()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** The process is up and its event loop answers. */
  @Get('live')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The process is alive.' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** The database and the queue backend answer: route traffic here. */
  @Get('ready')
  @ApiOkResponse({ description: 'Ready: every dependency answers.' })
  @ApiServiceUnavailableResponse({ description: 'Not ready; `checks` names what is down.' })
  async ready(@Res({ passthrough: true }) res: Response): Promise<Readiness> {
    const r = await this.health.readiness();
    res.status(r.status === 'ok' ? 200 : 503);
    return r;
  }
}

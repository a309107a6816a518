import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { timingSafeEqual } from 'node:crypto';
import type { Response } from 'express';
import { AppConfig } from '../../config/app-config.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { CommonErrors } from '../../common/errors/common.errors.js';
import { SkipRateLimit } from '../../common/http/rate-limit.js';
import { Public } from '../auth/auth.contract.js';
import { MetricsService } from './metrics.service.js';

/**
 * Prometheus scrape endpoint. Public by default (it carries no tenant data); with
 * `METRICS_TOKEN` set it requires `Authorization: Bearer <token>` — for deployments where
 * the port is reachable from outside the monitoring network.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @SkipRateLimit()
  @Get()
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const token = this.config.metricsToken;
    if (token && !sameSecret(authorization ?? '', `Bearer ${token}`)) {
      throw new DomainError(CommonErrors.UNAUTHENTICATED);
    }
    res.setHeader('Content-Type', this.metrics.registry.contentType);
    res.send(await this.metrics.registry.metrics());
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

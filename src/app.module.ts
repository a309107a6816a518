import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { acceptCorrelationId, currentCorrelationId } from './common/logging/correlation.js';
import { RateLimitGuard } from './common/http/rate-limit.guard.js';
import { HealthModule } from './modules/health/health.module.js';
import { MetricsModule } from './modules/metrics/metrics.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { IntakeModule } from './modules/intake/intake.module.js';
import { JobsModule } from './modules/jobs/jobs.module.js';
import { TenantsModule } from './modules/tenants/tenants.module.js';
import { WebModule } from './modules/web/web.module.js';

/** Paths whose successful requests are not logged line by line (probes and scrapes). */
const QUIET_PATHS = /^\/(health\/(live|ready)|metrics)(\?|$)/;

/**
 * The root module. Built per process from the validated configuration; the same module
 * graph serves every process role (a worker simply mounts no HTTP server).
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            // The correlation middleware ran first and put the id on the request.
            genReqId: (req: IncomingMessage) =>
              (req as IncomingMessage & { id?: string }).id ??
              acceptCorrelationId(req.headers['x-request-id']),
            customAttributeKeys: { reqId: 'correlationId' },
            // Every line, request-bound or not (bootstrap, jobs), carries the current id.
            mixin: () => {
              const correlationId = currentCorrelationId();
              return correlationId ? { correlationId } : {};
            },
            // Request lines stay short: what was asked and the answer, no header dumps.
            serializers: {
              req: (req: { id?: unknown; method?: string; url?: string }) => ({
                method: req.method,
                url: req.url,
              }),
              res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
            },
            redact: {
              paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
              censor: '[redacted]',
            },
            autoLogging: {
              ignore: (req: IncomingMessage) => QUIET_PATHS.test(req.url ?? ''),
            },
            base: { service: 'einvoice', role: config.processRole },
          },
        }),
        DatabaseModule.forRoot(config),
        HealthModule,
        MetricsModule,
        AuditModule,
        TenantsModule,
        AuthModule,
        JobsModule,
        IntakeModule,
        WebModule,
      ],
      providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
    };
  }
}

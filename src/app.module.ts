import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { RateLimitGuard } from './common/http/rate-limit.guard.js';
import { HealthModule } from './modules/health/health.module.js';
import { MetricsModule } from './modules/metrics/metrics.module.js';
import { ApprovalModule } from './modules/approval/approval.module.js';
import { AccountsModule } from './modules/approval/accounts/accounts.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { CalendarModule } from './modules/approval/calendar/calendar.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { IntakeModule } from './modules/intake/intake.module.js';
import { JobsModule } from './modules/jobs/jobs.module.js';
import { RecordsIntegrityModule } from './modules/records/integrity/records-integrity.module.js';
import { NotificationsModule } from './modules/notifications/notifications.module.js';
import { RecordsQueryModule } from './modules/records/query/records-query.module.js';
import { PostingsOutModule } from './modules/postings/postings-out.module.js';
import { PostingsModule } from './modules/postings/postings.module.js';
import { RecordsModule, RecordsNotesModule } from './modules/records/records.module.js';
import { TenantsModule } from './modules/tenants/tenants.module.js';
import { WebModule } from './modules/web/web.module.js';
import { RecordsExportModule } from './modules/records/export/records-export.module.js';

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
        DatabaseModule.forRoot(config),
        HealthModule,
        MetricsModule,
        AuditModule,
        TenantsModule,
        AuthModule,
        JobsModule,
        IntakeModule,
        ApprovalModule,
        RecordsModule,
        RecordsNotesModule,
        NotificationsModule,
        AccountsModule,
        CalendarModule,
        RecordsExportModule,
        RecordsQueryModule,
        PostingsOutModule,
        RecordsIntegrityModule,
        PostingsModule,
        WebModule,
      ],
      providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
    };
  }
}

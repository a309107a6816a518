import { Module } from '@nestjs/common';
import { TransactionRunner } from '../../../database/tenant-transaction.js';
import { AdminCalendarController } from './admin-calendar.controller.js';
import { CalendarSettingsRepository } from './calendar-settings.repository.js';
import { CalendarSettingsService } from './calendar-settings.service.js';
import { DeadlineService } from './deadline.service.js';

/**
 * The tenant's holiday calendar (Land and region) and the deadlines computed on it. Needs
 * the global `AuditModule` and `DatabaseModule`.
 */
@Module({
  controllers: [AdminCalendarController],
  providers: [CalendarSettingsRepository, CalendarSettingsService, DeadlineService, TransactionRunner],
  exports: [DeadlineService, CalendarSettingsService],
})
export class CalendarModule {}

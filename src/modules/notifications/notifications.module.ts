import { Module } from '@nestjs/common';
import { ApprovalModule } from '../approval/approval.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { IntakeModule } from '../intake/intake.module.js';
import { Clock } from './clock.js';
import { DeadlineClocks } from './deadline-clocks.service.js';
import { NotificationJobs } from './jobs/notification.jobs.js';
import { NotificationRepository } from './notification.repository.js';
import { StaffNotifier } from './staff-notifier.js';
import { WeekdaysOnly, WORKING_DAYS } from './working-days.js';

/**
 * E-mail to staff: new tasks, Skonto reminders, escalations and the daily digest, recorded
 * in the `notifications` outbox in the transaction that causes them and sent through the
 * application's one mailer (IntakeModule's `MAILER`), in each user's language.
 *
 * Working days come from `WORKING_DAYS` (Monday to Friday until the tenant's holiday
 * calendar is bound there).
 */
@Module({
  imports: [AuditModule, IntakeModule, ApprovalModule],
  providers: [
    Clock,
    { provide: WORKING_DAYS, useClass: WeekdaysOnly },
    NotificationRepository,
    DeadlineClocks,
    StaffNotifier,
    NotificationJobs,
  ],
  exports: [StaffNotifier, Clock],
})
export class NotificationsModule {}

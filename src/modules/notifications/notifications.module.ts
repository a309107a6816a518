import { Module } from '@nestjs/common';
import { ApprovalModule } from '../approval/approval.module.js';
import { CalendarModule } from '../approval/calendar/calendar.module.js';
import { DeadlineService } from '../approval/calendar/deadline.service.js';
import { AuditModule } from '../audit/audit.module.js';
import { IntakeModule } from '../intake/intake.module.js';
import { Clock } from './clock.js';
import { DeadlineClocks } from './deadline-clocks.service.js';
import { NotificationJobs } from './jobs/notification.jobs.js';
import { NotificationRepository } from './notification.repository.js';
import { StaffNotifier } from './staff-notifier.js';
import { WORKING_DAYS } from './working-days.js';

/**
 * E-mail to staff: new tasks, Skonto reminders, escalations and the daily digest, recorded
 * in the `notifications` outbox in the transaction that causes them and sent through the
 * application's one mailer (IntakeModule's `MAILER`), in each user's language.
 *
 * Working days come from `WORKING_DAYS`: the tenant's holiday calendar (`DeadlineService`).
 */
@Module({
  imports: [AuditModule, IntakeModule, ApprovalModule, CalendarModule],
  providers: [
    Clock,
    // Working days at the tenant's place: weekends and the public holidays of its Land and region.
    { provide: WORKING_DAYS, useExisting: DeadlineService },
    NotificationRepository,
    DeadlineClocks,
    StaffNotifier,
    NotificationJobs,
  ],
  exports: [StaffNotifier, Clock],
})
export class NotificationsModule {}

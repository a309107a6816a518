import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config.js';
import {
  JobHandler,
  JobName,
  JobQueue,
  RecoverySweep,
  type JobPayloads,
  type JobRequest,
  type RecoverySweeper,
} from '../../jobs/index.js';
import { businessDay, businessHour, Clock } from '../clock.js';
import { DeadlineClocks } from '../deadline-clocks.service.js';
import { escalationDue, reminderDue } from '../deadlines.js';
import { NotificationRepository } from '../notification.repository.js';
import { StaffNotifier } from '../staff-notifier.js';
import { WORKING_DAYS, type WorkingDays, type WorkingDaysSource } from '../working-days.js';

const SWEEP_BATCH = 1000;

/**
 * The jobs of staff notifications and the sweep that finds their work. The database
 * decides: the sweep (at start and every `JOBS_SWEEP_INTERVAL_SECONDS`) asks it which task
 * openings are untold, which reminders and escalations are due on the tenant's working
 * days, whose digest is due, and which recorded notifications are unsent — and enqueues that
 * work under deterministic ids. Each handler re-checks under the task's lock and records
 * together with its mark, so a job run twice, or by two processes, or after a restart,
 * records nothing twice; a lost job is found again by the next sweep.
 */
@Injectable()
@RecoverySweep()
export class NotificationJobs implements RecoverySweeper {
  readonly name = 'notifications';
  private readonly log = new Logger(NotificationJobs.name);

  constructor(
    private readonly clocks: DeadlineClocks,
    private readonly notifier: StaffNotifier,
    private readonly repo: NotificationRepository,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @Inject(WORKING_DAYS) private readonly calendars: WorkingDaysSource,
  ) {}

  @JobHandler(JobName.NotifyTask)
  async taskOpened(p: JobPayloads['notify.task']): Promise<void> {
    await this.sendLater(p.tenantId, await this.clocks.taskOpened(p.tenantId, p.taskId));
  }

  @JobHandler(JobName.ApprovalRemind)
  async remind(p: JobPayloads['approval.remind']): Promise<void> {
    await this.sendLater(p.tenantId, await this.clocks.remind(p.tenantId, p.taskId));
  }

  @JobHandler(JobName.ApprovalEscalate)
  async escalate(p: JobPayloads['approval.escalate']): Promise<void> {
    await this.sendLater(p.tenantId, await this.clocks.escalate(p.tenantId, p.taskId));
  }

  @JobHandler(JobName.NotifyDigest)
  async digest(p: JobPayloads['notify.digest']): Promise<void> {
    await this.sendLater(p.tenantId, await this.clocks.digest(p.tenantId, p.userId, p.day));
  }

  @JobHandler(JobName.NotifySend)
  async send(p: JobPayloads['notify.send']): Promise<void> {
    await this.notifier.send(p.tenantId, p.notificationId);
  }

  /** After the commit: a lost enqueue waits for the next sweep, which finds the unsent rows. */
  private async sendLater(tenantId: string, ids: readonly string[]): Promise<void> {
    for (const notificationId of ids) {
      await this.jobs.enqueue(JobName.NotifySend, { tenantId, notificationId }).catch((err: unknown) => {
        this.log.warn(
          `enqueueing notification ${notificationId} failed (the sweep sends it): ${String(err)}`,
        );
      });
    }
  }

  async findPending(): Promise<JobRequest[]> {
    const now = this.clock.now();
    const today = businessDay(now);
    const out: JobRequest[] = [];
    for (const o of await this.repo.unnotifiedOpenings(SWEEP_BATCH))
      out.push({ name: JobName.NotifyTask, payload: { tenantId: o.tenantId, taskId: o.taskId } });

    const calendars = new Map<string, WorkingDays>();
    const calendarOf = async (tenantId: string): Promise<WorkingDays> => {
      let c = calendars.get(tenantId);
      if (!c) calendars.set(tenantId, (c = await this.calendars.calendarFor(tenantId)));
      return c;
    };
    for (const c of await this.repo.reminderCandidates(today, SWEEP_BATCH))
      if (reminderDue(c, today, await calendarOf(c.tenantId)))
        out.push({ name: JobName.ApprovalRemind, payload: { tenantId: c.tenantId, taskId: c.taskId } });
    for (const c of await this.repo.escalationCandidates(today, SWEEP_BATCH))
      if (escalationDue(c.openedOn, c.escalationWorkingDays, today, await calendarOf(c.tenantId)))
        out.push({ name: JobName.ApprovalEscalate, payload: { tenantId: c.tenantId, taskId: c.taskId } });

    if (businessHour(now) >= this.config.get('DIGEST_HOUR'))
      for (const u of await this.repo.digestCandidates(today, SWEEP_BATCH))
        out.push({
          name: JobName.NotifyDigest,
          payload: { tenantId: u.tenantId, userId: u.userId, day: today },
        });

    for (const n of await this.repo.unsent(SWEEP_BATCH))
      out.push({
        name: JobName.NotifySend,
        payload: { tenantId: n.tenantId, notificationId: n.notificationId },
      });
    return out;
  }
}

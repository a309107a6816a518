import { Inject, Injectable } from '@nestjs/common';
import { ApprovalRepository } from '../approval/approval.repository.js';
import { ApprovalService } from '../approval/approval.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { Principal, Role } from '../auth/auth.contract.js';
import { businessDay, Clock } from './clock.js';
import { escalationDue, reminderDue, reminderOf } from './deadlines.js';
import { NotificationRepository, type NewNotification, type Recipient } from './notification.repository.js';
import type { DigestNotice, TaskFacts, TaskNotice } from './templates.js';
import { WORKING_DAYS, type WorkingDaysSource } from './working-days.js';

/** How many of the most urgent tasks a digest lists. */
export const DIGEST_ROWS = 10;

/**
 * Records the notifications the approval's clocks and task openings call for, each in the
 * same transaction as the mark that says it was recorded (`reminded_at`, `escalated_at`,
 * `notified_at`, or the digest's key for the day) — so, whatever crashes or runs twice,
 * each is recorded exactly once. Sending is `StaffNotifier`'s job.
 *
 * Who is mailed: the users named on a task and the members of its groups. Tasks assigned to
 * a role are not mailed to every holder of the role (a role such as `approver` may cover
 * most of the staff, for every invoice); those holders see such tasks in their inbox and in
 * the daily digest.
 */
@Injectable()
export class DeadlineClocks {
  constructor(
    private readonly repo: NotificationRepository,
    private readonly approvals: ApprovalRepository,
    private readonly approval: ApprovalService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(WORKING_DAYS) private readonly calendars: WorkingDaysSource,
  ) {}

  today(): string {
    return businessDay(this.clock.now());
  }

  /** New-task mails for the task's current opening; ids of the notifications recorded. */
  async taskOpened(tenantId: string, taskId: string): Promise<string[]> {
    return this.repo.tx(tenantId, async (m) => {
      const task = await this.repo.lockTask(m, taskId);
      if (!task || task.notified || !task.openedKey) return [];
      if (!['open', 'held'].includes(task.state) || task.instanceState !== 'open') return [];
      const recipients = await this.repo.recipients(m, task.assigneeUsers, task.assigneeGroups);
      const ids = await this.repo.insert(
        m,
        tenantId,
        recipients.map((r) => ({
          userId: r.id,
          kind: 'task',
          invoiceId: task.invoiceId,
          taskId,
          dedupeKey: `task:${taskId}:${task.openedKey}:${r.id}`,
          data: task.facts,
        })),
      );
      await this.repo.markNotified(m, taskId);
      return ids;
    });
  }

  /** The reminder of a task, when due today and not given since the task opened. */
  async remind(tenantId: string, taskId: string): Promise<string[]> {
    const calendar = await this.calendars.calendarFor(tenantId);
    const today = this.today();
    return this.repo.tx(tenantId, async (m) => {
      const task = await this.repo.lockTask(m, taskId);
      if (!task || task.reminded || !['open', 'held'].includes(task.state) || task.instanceState !== 'open')
        return [];
      const facts = {
        skontoDeadline: task.facts.skontoDeadline,
        dueDeadline: task.facts.dueDeadline,
        reminderWorkingDays: task.reminderWorkingDays,
      };
      const reminder = reminderOf(facts, today, calendar);
      if (!reminder || !reminderDue(facts, today, calendar)) return [];
      await this.repo.markReminded(m, taskId);
      const recipients = await this.repo.recipients(m, task.assigneeUsers, task.assigneeGroups);
      const notice: TaskNotice = { ...task.facts, basis: reminder.basis, deadline: reminder.deadline };
      const ids = await this.repo.insert(
        m,
        tenantId,
        recipients.map((r) => this.taskNotification('reminder', task, r, notice)),
      );
      await this.audit.record({
        tenantId,
        actor: 'system',
        action: 'approval.reminded',
        subject: `invoice:${task.invoiceId}`,
        data: {
          task: taskId,
          basis: reminder.basis,
          deadline: reminder.deadline,
          workingDays: task.reminderWorkingDays,
          recipients: recipients.map((r) => r.id),
        },
      });
      return ids;
    });
  }

  /**
   * The escalation of a task that waited too long: the policy's `escalateTo` assignees are
   * added to the task (nobody loses it) and told; without any, the task's own assignees are
   * told that it is overdue. An audit entry records it (actor `system`); it is no decision.
   */
  async escalate(tenantId: string, taskId: string): Promise<string[]> {
    const calendar = await this.calendars.calendarFor(tenantId);
    const today = this.today();
    return this.repo.tx(tenantId, async (m) => {
      const task = await this.repo.lockTask(m, taskId);
      if (!task || task.escalated || task.state !== 'open' || task.instanceState !== 'open' || !task.openedOn)
        return [];
      if (!escalationDue(task.openedOn, task.escalationWorkingDays, today, calendar)) return [];
      const add = await this.repo.resolve(m, task.escalateTo);
      if (!(await this.approvals.addEscalationAssignees(m, taskId, add))) return [];
      let recipients = await this.repo.recipients(m, add.userIds, add.groupIds);
      const escalatedTo = recipients.length > 0;
      if (!escalatedTo) recipients = await this.repo.recipients(m, task.assigneeUsers, task.assigneeGroups);
      const notice: TaskNotice = {
        ...task.facts,
        workingDays: calendar.workingDaysBetween(task.openedOn, today),
        openedOn: task.openedOn,
        escalatedTo,
      };
      const ids = await this.repo.insert(
        m,
        tenantId,
        recipients.map((r) => this.taskNotification('escalation', task, r, notice)),
      );
      await this.audit.record({
        tenantId,
        actor: 'system',
        action: 'approval.escalated',
        subject: `invoice:${task.invoiceId}`,
        data: {
          task: taskId,
          step: task.facts.step.de,
          openedOn: task.openedOn,
          workingDays: task.escalationWorkingDays,
          added: { users: add.userIds, groups: add.groupIds, roles: add.roles },
          recipients: recipients.map((r) => r.id),
        },
      });
      return ids;
    });
  }

  /**
   * The daily digest of one user for `day` (today's only: a late job does not send
   * yesterday's): the open tasks as the user's inbox counts them (own, groups, roles, those
   * of people the user stands in for), Skonto at risk, the most urgent. Recorded once per
   * day; an empty digest is recorded as skipped and not mailed.
   */
  async digest(tenantId: string, userId: string, day: string): Promise<string[]> {
    if (day !== this.today()) return [];
    const user = await this.repo.tx(tenantId, (m) => this.repo.digestUser(m, userId));
    if (!user || !user.digest || user.disabled) return [];
    const principal: Principal = {
      kind: 'user',
      id: user.id,
      tenantId,
      roles: user.roles as Role[],
      displayName: user.displayName,
    };
    const [bySkonto, byDue] = await Promise.all([
      this.approval.inbox(principal, { sort: 'skonto', direction: 'asc', limit: DIGEST_ROWS }),
      this.approval.inbox(principal, { sort: 'due', direction: 'asc', limit: DIGEST_ROWS }),
    ]);
    const rows = mostUrgent([...bySkonto.rows, ...byDue.rows]);
    const notice: DigestNotice = {
      day,
      total: bySkonto.total,
      skontoAtRisk: bySkonto.skontoAtRisk,
      atRiskCount: bySkonto.atRiskCount,
      rows,
    };
    return this.repo.tx(tenantId, async (m) => {
      const ids = await this.repo.insert(m, tenantId, [
        {
          userId,
          kind: 'digest',
          invoiceId: null,
          taskId: null,
          dedupeKey: `digest:${day}:${userId}`,
          data: notice,
        },
      ]);
      if (notice.total === 0) {
        for (const id of ids) await this.repo.markSent(m, id, 'nothing open');
        return [];
      }
      return ids;
    });
  }

  private taskNotification(
    kind: 'reminder' | 'escalation',
    task: { taskId: string; invoiceId: string; openedKey: string | null },
    r: Recipient,
    notice: TaskNotice,
  ): NewNotification {
    return {
      userId: r.id,
      kind,
      invoiceId: task.invoiceId,
      taskId: task.taskId,
      dedupeKey: `${kind}:${task.taskId}:${task.openedKey ?? ''}:${r.id}`,
      data: notice,
    };
  }
}

interface UrgentRow {
  readonly taskId: string;
  readonly invoiceId: string;
  readonly number: string | null;
  readonly sellerName: string | null;
  readonly amount: string;
  readonly currency: string;
  readonly label: { de: string; en: string };
  readonly skontoDeadline: string | null;
  readonly skontoAmount: string | null;
  readonly dueDeadline: string | null;
}

/**
 * The `DIGEST_ROWS` tasks with the earliest deadline (Skonto or due, whichever comes first,
 * then the other; tasks without any last). The union of the first rows by Skonto and by due
 * date holds them.
 */
export function mostUrgent(rows: readonly UrgentRow[]): TaskFacts[] {
  const unique = new Map<string, UrgentRow>();
  for (const r of rows) unique.set(r.taskId, r);
  const key = (r: UrgentRow): string =>
    [r.skontoDeadline ?? '9999-12-31', r.dueDeadline ?? '9999-12-31'].sort().join('/');
  return [...unique.values()]
    .sort((a, b) => key(a).localeCompare(key(b)) || a.taskId.localeCompare(b.taskId))
    .slice(0, DIGEST_ROWS)
    .map((r) => ({
      invoiceId: r.invoiceId,
      number: r.number,
      seller: r.sellerName,
      amount: r.amount,
      currency: r.currency,
      step: r.label,
      skontoDeadline: r.skontoDeadline,
      skontoAmount: r.skontoAmount,
      dueDeadline: r.dueDeadline,
    }));
}

/**
 * Every job of the application, declared once: its name and its payload.
 *
 * Payloads carry ids only (tenant, entity), never entity state: a handler re-reads the
 * state it works on, so a late, duplicated or re-enqueued job acts on the truth in the
 * database and not on a stale copy. Every name listed here must have exactly one
 * `@JobHandler` at boot, or the application refuses to start.
 *
 * Adding a job: add the name to `JobName`, its payload to `JobPayloads`, and one
 * `@JobHandler(JobName.X)` method on a provider.
 */

/** A payload: ids only, as strings (a uuid, a tenant id, a content hash). */
export type JobPayload = Readonly<Record<string, string>>;

/** A catalogue of jobs: name → payload type. The application's is `JobPayloads`. */
export type JobCatalog = Record<string, JobPayload>;

export const JobName = {
  /** Verify the audit hash chain for a requested verification (`audit_verifications`). */
  AuditVerify: 'audit.verify',
  /** Run the intake pipeline of one invoice (`invoices`): extract, validate, de-duplicate, route. */
  InvoiceProcess: 'invoice.process',
  /** Answer a supplier by e-mail: an invoice's receipt or rejection, or a refused mail (`invoiceId` ''). */
  SupplierAnswer: 'supplier.answer',
  /** POST the final Message Level Response of a Peppol delivery to the access point's callback. */
  PeppolRespond: 'peppol.respond',
  /** Start the approval of an invoice that reached `awaiting_approval` (`approval_instances`). */
  ApprovalStart: 'approval.start',
  /** Remind a task's assignees of its Skonto (or due) deadline, once per opening (`approval_tasks.reminded_at`). */
  ApprovalRemind: 'approval.remind',
  /** Escalate a task that waited too long for a decision, once per opening (`approval_tasks.escalated_at`). */
  ApprovalEscalate: 'approval.escalate',
  /** Record the new-task notifications of a task that opened (`approval_tasks.notified_at`). */
  NotifyTask: 'notify.task',
  /** Record a user's daily digest for a day (`notifications`, one per user and day). */
  NotifyDigest: 'notify.digest',
  /** Send one recorded staff notification (`notifications.sent_at`). */
  NotifySend: 'notify.send',
  /**
   * Answer the supplier of a returned invoice (`invoices.status = 'returned'`) on the channel
   * it came by: an e-mail, a Peppol Invoice Response, or nothing beyond the status link.
   */
  SupplierReturn: 'supplier.return',
  /** Export a filed Vorgang to one of the tenant's DMS targets (`record_exports`, one per Vorgang and target). */
  RecordsExport: 'records.export',
  /** Read the DMS's import confirmations (xdomea 0630) from a directory target's return folder. */
  RecordsExportAnswers: 'records.export-answers',
  /** Create the webhook deliveries of a posting (`posting_deliveries`, one per enabled webhook) and attempt them. */
  PostingFanOut: 'posting.fan-out',
  /** One due attempt of a posting's webhook delivery (`posting_deliveries.next_attempt_at`). */
  PostingDeliver: 'posting.deliver',
  /** Apply the status reports of a finance system to an invoice once it is filed (`posting_status_reports`). */
  PostingStatusApply: 'posting.status-apply',
  /** Seal a closed day of a tenant's case record with its Merkle root (`record_day_roots`, one per tenant and day). */
  RecordsDayRoot: 'records.day-root',
  /** File an approved invoice's documents into its Vorgang of the case record (`record_vorgaenge.filed_at`). */
  RecordsFile: 'records.file',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

export type JobPayloads = {
  'audit.verify': { readonly tenantId: string; readonly verificationId: string };
  'invoice.process': { readonly tenantId: string; readonly invoiceId: string };
  'supplier.answer': { readonly tenantId: string; readonly messageId: string; readonly invoiceId: string };
  'peppol.respond': { readonly tenantId: string; readonly messageId: string; readonly invoiceId: string };
  'approval.start': { readonly tenantId: string; readonly invoiceId: string };
  'approval.remind': { readonly tenantId: string; readonly taskId: string };
  'approval.escalate': { readonly tenantId: string; readonly taskId: string };
  'notify.task': { readonly tenantId: string; readonly taskId: string };
  'notify.digest': { readonly tenantId: string; readonly userId: string; readonly day: string };
  'notify.send': { readonly tenantId: string; readonly notificationId: string };
  'supplier.return': { readonly tenantId: string; readonly invoiceId: string };
  'records.export': { readonly tenantId: string; readonly vorgangId: string; readonly targetId: string };
  'records.export-answers': { readonly tenantId: string; readonly targetId: string };
  'posting.fan-out': { readonly tenantId: string; readonly postingId: string };
  'posting.deliver': { readonly tenantId: string; readonly deliveryId: string };
  'posting.status-apply': { readonly tenantId: string; readonly invoiceId: string };
  'records.day-root': { readonly tenantId: string; readonly day: string };
  'records.file': { readonly tenantId: string; readonly vorgangId: string };
};

/** All declared job names, for the boot-time handler check. */
export const JOB_NAMES: readonly JobName[] = Object.values(JobName);

/** A job to enqueue, as a sweeper reports it: name and payload, typed together. */
export type JobRequest<C extends JobCatalog = JobPayloads> = {
  [N in keyof C & string]: { readonly name: N; readonly payload: C[N] };
}[keyof C & string];

// Compile-time guard: the name list and the payload map declare the same jobs.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _namesMatchPayloads: Same<JobName, keyof JobPayloads> = true;
void _namesMatchPayloads;

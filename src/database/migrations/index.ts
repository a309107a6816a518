/**
 * Every migration, in the order it must run (oldest first). Files are
 * `<13-digit-timestamp>-<name>.ts` with a class `<Name><timestamp>`; once committed, a
 * migration is never edited — a change is a new migration.
 */
import type { MigrationInterface } from 'typeorm';
import { Identity1795291400000 } from './1795291400000-identity.js';
import { AuditVerifications1795291500000 } from './1795291500000-audit-verifications.js';
import { Intake1795291600000 } from './1795291600000-intake.js';
import { Mailboxes1795291700000 } from './1795291700000-mailboxes.js';
import { PeppolCallbacks1795291900000 } from './1795291900000-peppol-callbacks.js';
import { AuditPending1795291800000 } from './1795291800000-audit-pending.js';
import { SubmissionList1796200000000 } from './1796200000000-submission-list.js';
import { MailboxCallbackLifecycle1796400000000 } from './1796400000000-mailbox-callback-lifecycle.js';
import { UsersDisabled1796400001000 } from './1796400001000-users-disabled.js';
import { LoginThrottle1796300000000 } from './1796300000000-login-throttle.js';
import { AwaitingSchemas1796100000000 } from './1796100000000-awaiting-schemas.js';
import { Approval1797000000000 } from './1797000000000-approval.js';
import { ApiKeyUserFk1797000001000 } from './1797000001000-api-key-user-fk.js';
import { SupplierReturns1797300000000 } from './1797300000000-supplier-returns.js';
import { ChartAccounts1797200000000 } from './1797200000000-chart-accounts.js';
import { TenantHolidayCalendar1797100000000 } from './1797100000000-tenant-holiday-calendar.js';
import { ApprovalLookups1797600000000 } from './1797600000000-approval-lookups.js';
import { Records1798000000000 } from './1798000000000-records.js';
import { RecordsIntegrity1798100000000 } from './1798100000000-records-integrity.js';
import { RecordsExport1798200000000 } from './1798200000000-records-export.js';
import { RecordRetention1798010000000 } from './1798010000000-record-retention.js';
import { Postings1798500000000 } from './1798500000000-postings.js';
import { PostingsOut1798600000000 } from './1798600000000-postings-out.js';
import { PostingsFeed1798510000000 } from './1798510000000-postings-feed.js';
import { Notifications1797500000000 } from './1797500000000-notifications.js';

export const MIGRATIONS: (new () => MigrationInterface)[] = [
  Identity1795291400000,
  AuditVerifications1795291500000,
  Intake1795291600000,
  Mailboxes1795291700000,
  AuditPending1795291800000,
  PeppolCallbacks1795291900000,
  AwaitingSchemas1796100000000,
  SubmissionList1796200000000,
  LoginThrottle1796300000000,
  MailboxCallbackLifecycle1796400000000,
  UsersDisabled1796400001000,
  Approval1797000000000,
  ApiKeyUserFk1797000001000,
  TenantHolidayCalendar1797100000000,
  ChartAccounts1797200000000,
  SupplierReturns1797300000000,
  Notifications1797500000000,
  ApprovalLookups1797600000000,
  Records1798000000000,
  RecordRetention1798010000000,
  RecordsIntegrity1798100000000,
  RecordsExport1798200000000,
  Postings1798500000000,
  PostingsFeed1798510000000,
  PostingsOut1798600000000,
];

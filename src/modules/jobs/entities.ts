import { AuditVerificationEntity } from './audit-verification/audit-verification.entity.js';

export const JOBS_ENTITIES = [AuditVerificationEntity];

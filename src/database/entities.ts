/**
 * Every TypeORM entity of the application, in one list (the DataSource, the migration
 * generator and the tests all use it). Modules add their entities here, one import each.
 */
import type { MixedList } from 'typeorm';
import { AUDIT_ENTITIES } from '../modules/audit/entities/index.js';
import { AUTH_ENTITIES } from '../modules/auth/entities/index.js';
import { TENANT_ENTITIES } from '../modules/tenants/entities/index.js';
import { JOBS_ENTITIES } from '../modules/jobs/entities.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ENTITIES: MixedList<Function> = [
  ...TENANT_ENTITIES,
  ...AUTH_ENTITIES,
  ...AUDIT_ENTITIES,
  ...JOBS_ENTITIES,
];

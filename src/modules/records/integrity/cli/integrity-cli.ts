/** The integrity services wired by hand for operator commands (no Nest container). */
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../../../config/app-config.js';
import type { AuditService } from '../../../audit/audit.service.js';
import type { BlobStore } from '../../../documents/storage/blob-store.js';
import { FsBlobStore } from '../../../documents/storage/fs-blob-store.js';
import { DayRootService } from '../day-root.service.js';
import { ProcedureRepository } from '../procedure.repository.js';
import { ProcedureService } from '../procedure.service.js';
import { RecordsIntegrityRepository } from '../records-integrity.repository.js';
import { RecordsVerifyService } from '../records-verify.service.js';
import { RetentionService } from '../retention.service.js';

export interface IntegrityServices {
  readonly blobs: BlobStore;
  readonly roots: DayRootService;
  readonly verify: RecordsVerifyService;
  readonly retention: RetentionService;
  readonly procedure: ProcedureService;
}

export function integrityServices(ds: DataSource, audit: AuditService): IntegrityServices {
  const config = loadConfig(process.env);
  // The same store the application uses (see DocumentsModule).
  const blobs = new FsBlobStore(config.get('BLOB_STORE_DIR') ?? join(config.dataDir, 'blobs'));
  const repo = new RecordsIntegrityRepository(ds);
  return {
    blobs,
    roots: new DayRootService(repo, audit),
    verify: new RecordsVerifyService(repo, audit, blobs),
    retention: new RetentionService(repo, audit, blobs),
    procedure: new ProcedureService(repo, new ProcedureRepository(ds), audit, blobs, config),
  };
}

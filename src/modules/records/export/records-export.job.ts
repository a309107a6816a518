import { Injectable } from '@nestjs/common';
import {
  JobHandler,
  JobName,
  RecoverySweep,
  type JobPayloads,
  type JobRequest,
  type RecoverySweeper,
} from '../../jobs/index.js';
import { RecordsExportService } from './records-export.service.js';

const SWEEP_BATCH = 500;

/**
 * The export jobs. The database decides what is due: filed Vorgänge without an export to
 * an enabled target, exports whose retry time has come, and directory targets with
 * messages waiting for the DMS's answer — so a lost enqueue waits only for the next sweep,
 * and a duplicate changes nothing (an export is taken for an attempt only when it is due).
 * Transfer failures do not fail the job: they are recorded on the export and retried on
 * its own backoff.
 */
@Injectable()
@RecoverySweep()
export class RecordsExportJob implements RecoverySweeper {
  readonly name = 'records.export';

  constructor(private readonly exports: RecordsExportService) {}

  @JobHandler(JobName.RecordsExport)
  async export(p: JobPayloads['records.export']): Promise<void> {
    await this.exports.exportOne(p);
  }

  @JobHandler(JobName.RecordsExportAnswers)
  async answers(p: JobPayloads['records.export-answers']): Promise<void> {
    await this.exports.scanAnswers(p.tenantId, p.targetId);
  }

  async findPending(): Promise<JobRequest[]> {
    const work = await this.exports.dueWork(SWEEP_BATCH);
    const answers = await this.exports.answerTargets();
    return [
      ...work.map((k): JobRequest => ({
        name: JobName.RecordsExport,
        payload: { tenantId: k.tenantId, vorgangId: k.vorgangId, targetId: k.targetId },
      })),
      ...answers.map((a): JobRequest => ({
        name: JobName.RecordsExportAnswers,
        payload: { tenantId: a.tenantId, targetId: a.targetId },
      })),
    ];
  }
}

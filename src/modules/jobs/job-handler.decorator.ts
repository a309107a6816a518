import { SetMetadata } from '@nestjs/common';
import type { JobContext } from './job-engine.js';
import type { JobName, JobPayloads } from './job-names.js';

export const JOB_HANDLER_METADATA = 'einvoice:job-handler';
export const RECOVERY_SWEEP_METADATA = 'einvoice:recovery-sweep';

export type JobHandlerMethod<N extends JobName> = (
  payload: JobPayloads[N],
  ctx: JobContext,
) => Promise<unknown>;

/**
 * Marks a provider method as the handler of one job. The method's parameter type is
 * checked against the job's payload. Exactly one handler per job name, checked at boot.
 *
 * Handlers must be idempotent and re-read state: the same job may run again after a crash,
 * a retry or a sweep.
 */
export function JobHandler<N extends JobName>(name: N) {
  return <M extends JobHandlerMethod<N>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    SetMetadata(JOB_HANDLER_METADATA, name)(target, key, descriptor);
  };
}

/**
 * Marks a provider class that implements `RecoverySweeper`: the jobs module runs it at
 * boot and periodically, and enqueues what it reports.
 */
export const RecoverySweep = (): ClassDecorator => SetMetadata(RECOVERY_SWEEP_METADATA, true);

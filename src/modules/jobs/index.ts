/** What other modules use of the jobs module. */
export { JobQueue } from './job.queue.js';
export { JobName, type JobPayloads, type JobRequest, JOB_NAMES } from './job-names.js';
export { JobHandler, RecoverySweep } from './job-handler.decorator.js';
export type { RecoverySweeper } from './recovery-sweeper.js';
export type { JobContext, QueueHealth, FailedJob } from './job-engine.js';
export { JobsModule } from './jobs.module.js';

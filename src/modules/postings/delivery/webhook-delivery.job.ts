import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
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
import { WebhookRepository } from './webhook.repository.js';
import { WebhookService } from './webhook.service.js';

const SWEEP_BATCH = 500;

/**
 * Delivers postings to the webhooks of finance systems. The database says what is owed —
 * postings without their deliveries, pending deliveries that are due — so the recovery sweep
 * finds every lost job. Retries are due at times of their own (seconds to hours apart), which
 * the general sweep interval would blur: in worker roles a relay asks the same question every
 * `POSTINGS_WEBHOOK_POLL_MS` and enqueues what is due. An attempt that fails does not fail
 * the job: its next time is in the row, and the job ends.
 */
@Injectable()
@RecoverySweep()
export class WebhookDeliveryJob
  implements RecoverySweeper, OnApplicationBootstrap, BeforeApplicationShutdown
{
  readonly name = 'postings.webhook-deliveries';
  private readonly log = new Logger('PostingWebhooks');
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(
    private readonly webhooks: WebhookService,
    private readonly repository: WebhookRepository,
    private readonly queue: JobQueue,
    private readonly config: AppConfig,
  ) {}

  @JobHandler(JobName.PostingFanOut)
  async fanOut(p: JobPayloads['posting.fan-out']): Promise<void> {
    for (const deliveryId of await this.webhooks.fanOut(p.tenantId, p.postingId))
      await this.webhooks.attempt(p.tenantId, deliveryId);
  }

  @JobHandler(JobName.PostingDeliver)
  async deliver(p: JobPayloads['posting.deliver']): Promise<void> {
    await this.webhooks.attempt(p.tenantId, p.deliveryId);
  }

  findPending(): Promise<JobRequest[]> {
    return this.owed(false);
  }

  private async owed(recentOnly: boolean): Promise<JobRequest[]> {
    const owed = await this.repository.findOwed(SWEEP_BATCH, { recentOnly });
    return [
      ...owed.fanOut.map((o) => ({ name: JobName.PostingFanOut, payload: o }) as const),
      ...owed.due.map((o) => ({ name: JobName.PostingDeliver, payload: o }) as const),
    ];
  }

  onApplicationBootstrap(): void {
    if (!this.config.runsWorkers) return;
    this.timer = setInterval(() => void this.poll(), this.config.get('POSTINGS_WEBHOOK_POLL_MS'));
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async poll(): Promise<void> {
    if (this.polling || !this.timer) return;
    this.polling = true;
    try {
      for (const r of await this.owed(true)) {
        if (!this.timer) break;
        if (r.name === JobName.PostingFanOut) await this.queue.enqueue(r.name, r.payload);
        else if (r.name === JobName.PostingDeliver) await this.queue.enqueue(r.name, r.payload);
      }
    } catch (err) {
      this.log.warn(`webhook relay: ${String(err)}`);
    } finally {
      this.polling = false;
    }
  }
}

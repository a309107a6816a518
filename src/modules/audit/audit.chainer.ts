import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AuditRepository } from './audit.repository.js';

/** How often every process links pending entries (the "chained within a second" promise). */
export const AUDIT_CHAIN_INTERVAL_MS = 500;
/** Entries linked per transaction: one commit (one WAL flush) for many entries. */
export const AUDIT_CHAIN_BATCH = 500;

/**
 * Links pending audit entries into the hash chain (see `AuditRepository.linkPending` for
 * the guarantees). Runs on a timer in every process role, and on demand through `flush()`,
 * which verification and listings call first so they cover everything committed.
 *
 * Within one process, runs never overlap: a `flush()` waits for the run in progress and
 * then drains again (that run may have started before the caller's entry committed), and
 * callers arriving while such a follow-up run is still queued share it. Across processes,
 * the head's row lock serialises the runs.
 */
@Injectable()
export class AuditChainer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AuditChainer.name);
  private timer: NodeJS.Timeout | undefined;
  /** The run in progress (or the last one), never rejecting. */
  private tail: Promise<void> = Promise.resolve();
  /** A run queued behind `tail` that has not started yet. */
  private queued: Promise<void> | undefined;

  constructor(private readonly repository: AuditRepository) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  /** Stops the timer, then links what is still pending, so a clean shutdown leaves nothing behind. */
  async onModuleDestroy(): Promise<void> {
    await this.stop();
    try {
      await this.flush();
    } catch (err) {
      // Nothing is lost: the entries stay pending and the next process to run links them.
      this.logger.warn(`audit entries left pending at shutdown: ${(err as Error).message}`);
    }
  }

  start(intervalMs = AUDIT_CHAIN_INTERVAL_MS): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.flush().catch((err: unknown) => {
        // Retried on the next tick; the entries are safe in audit_pending meanwhile.
        this.logger.warn(`audit chainer: ${(err as Error).message}`);
      });
    }, intervalMs);
    // The timer alone must not keep a process (a CLI command, a test) alive.
    this.timer.unref();
  }

  /** Stops the timer and waits for the run in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.tail;
  }

  /** Links every entry committed before the call into the chain. */
  flush(): Promise<void> {
    if (this.queued) return this.queued;
    const run = this.tail.then(async () => {
      this.queued = undefined;
      await this.drain();
    });
    this.queued = run;
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async drain(): Promise<void> {
    while ((await this.repository.linkPending(AUDIT_CHAIN_BATCH)) === AUDIT_CHAIN_BATCH) {
      // a full batch: there may be more
    }
  }
}

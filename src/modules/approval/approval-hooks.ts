import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * What other domains do when an approval completes (DESIGN.md: "events written in the same
 * transaction"). The records domain allocates the Vorgang and its Aktenzeichen, the postings
 * domain creates the posting that carries them — in the transaction that records the last
 * approval, so an approved invoice never exists without them. A hook that throws rolls the
 * approval back: the decision is refused rather than half done.
 *
 * `afterCommit` runs once the transaction has committed (enqueue the filing job, say). It
 * must only speed things up: a sweep has to find the same work from the database when the
 * process dies between commit and `afterCommit`.
 */
export interface ApprovedContext {
  readonly tenantId: string;
  readonly invoiceId: string;
  readonly approvedAt: Date;
  readonly policyId: string;
  readonly policyVersion: number;
  /** Set by the records hook (order 100) for the hooks after it. */
  record?: { readonly vorgangId: string; readonly aktenzeichen: string };
}

export interface ApprovedHook {
  /** For logs and errors. */
  readonly name: string;
  /** Lower runs first: records 100, postings 200. */
  readonly order: number;
  inTransaction(m: EntityManager, ctx: ApprovedContext): Promise<void>;
  afterCommit?(ctx: ApprovedContext): Promise<void>;
}

@Injectable()
export class ApprovalHooks {
  private readonly log = new Logger('ApprovalHooks');
  private hooks: ApprovedHook[] = [];

  /** Registers a hook (a module does this in `onModuleInit`); one per name. */
  register(hook: ApprovedHook): void {
    this.hooks = [...this.hooks.filter((h) => h.name !== hook.name), hook].sort((a, b) => a.order - b.order);
  }

  registered(): readonly string[] {
    return this.hooks.map((h) => h.name);
  }

  async runInTransaction(m: EntityManager, ctx: ApprovedContext): Promise<void> {
    for (const hook of this.hooks) await hook.inTransaction(m, ctx);
  }

  /** Never throws: the approval is committed; a failure here waits for the hook's sweep. */
  async runAfterCommit(ctx: ApprovedContext): Promise<void> {
    for (const hook of this.hooks) {
      if (!hook.afterCommit) continue;
      try {
        await hook.afterCommit(ctx);
      } catch (err) {
        this.log.warn(`after-commit hook ${hook.name} for invoice ${ctx.invoiceId} failed: ${String(err)}`);
      }
    }
  }
}

import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApprovalHooks, type ApprovedContext } from '../../approval/approval-hooks.js';
import { JobName, JobQueue } from '../../jobs/index.js';
import { RecordsRepository, type VorgangRecord } from '../records.repository.js';
import {
  akteKey,
  akteTitle,
  counterScope,
  renderPattern,
  vorgangBetreff,
  yearInBerlin,
} from './aktenzeichen.js';

/**
 * Allocates the invoice's place in the case record in the transaction that approves it
 * (hook 'records', order 100): the Akte the tenant's rule picks (created with the next
 * Aktenzeichen of its year when it does not exist yet) and one Vorgang for the invoice with
 * the next Aktenzeichen of that Akte. An approved invoice therefore always has its
 * Aktenzeichen, and the postings hook after this one can carry it. After the commit the
 * filing job is enqueued; the sweep finds every Vorgang not yet filed.
 */
@Injectable()
export class RecordsAllocationHook implements OnModuleInit {
  private readonly log = new Logger('Records');

  constructor(
    private readonly hooks: ApprovalHooks,
    private readonly repo: RecordsRepository,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    this.hooks.register({
      name: 'records',
      order: 100,
      inTransaction: async (m, ctx) => {
        await this.allocate(m, ctx);
      },
      afterCommit: (ctx) => this.enqueue(ctx),
    });
  }

  /** Idempotent: an invoice that has its Vorgang keeps it. */
  async allocate(m: EntityManager, ctx: ApprovedContext): Promise<VorgangRecord> {
    const existing = await this.repo.vorgangOfInvoiceIn(m, ctx.invoiceId);
    if (existing) {
      ctx.record = { vorgangId: existing.id, aktenzeichen: existing.aktenzeichen };
      return existing;
    }
    const settings = await this.repo.settingsIn(m, ctx.tenantId);
    const facts = await this.repo.allocationFacts(m, ctx.invoiceId);
    if (!facts) throw new Error(`invoice ${ctx.invoiceId} not found for its case record`);
    const year = yearInBerlin(ctx.approvedAt);
    const akteFacts = { year, ...facts };
    const key = akteKey(settings.akteRule, settings.aktenplanKey, akteFacts);

    let akte = await this.repo.akteByKey(m, key);
    if (!akte) {
      // The year's counter lock serialises the creation of Akten: re-checked under it, so
      // two approvals that both found no Akte create one, and the second joins it.
      const scope = counterScope.akten(settings.aktePattern, settings.aktenplanKey, year);
      let seq = await this.repo.lockCounter(m, ctx.tenantId, scope);
      akte = await this.repo.akteByKey(m, key);
      if (!akte) {
        let aktenzeichen = renderPattern(settings.aktePattern, { plan: settings.aktenplanKey, year, seq });
        // After a change of the pattern a number may render as an Aktenzeichen already
        // given: that number is taken, the next one is used (bounded: never a loop).
        for (let i = 0; i < 1000 && (await this.repo.akteByAktenzeichen(m, aktenzeichen)); i++) {
          await this.repo.advanceCounter(m, ctx.tenantId, scope);
          seq++;
          aktenzeichen = renderPattern(settings.aktePattern, { plan: settings.aktenplanKey, year, seq });
        }
        akte = await this.repo.insertAkte(m, ctx.tenantId, {
          akteKey: key,
          aktenzeichen,
          title: akteTitle(settings.akteRule, akteFacts),
          fiscalYear: year,
          aktenplanKey: settings.aktenplanKey,
        });
        await this.repo.advanceCounter(m, ctx.tenantId, scope);
      }
    }
    const scope = counterScope.vorgaenge(akte.id);
    const seq = await this.repo.lockCounter(m, ctx.tenantId, scope);
    const vorgang = await this.repo.insertVorgang(m, ctx.tenantId, {
      akteId: akte.id,
      invoiceId: ctx.invoiceId,
      aktenzeichen: renderPattern(settings.vorgangPattern, {
        plan: settings.aktenplanKey,
        year,
        seq,
        akte: akte.aktenzeichen,
      }),
      betreff: vorgangBetreff(facts.number, facts.sellerName, facts.issueDate),
    });
    await this.repo.advanceCounter(m, ctx.tenantId, scope);
    ctx.record = { vorgangId: vorgang.id, aktenzeichen: vorgang.aktenzeichen };
    return vorgang;
  }

  private async enqueue(ctx: ApprovedContext): Promise<void> {
    if (!ctx.record) return;
    await this.jobs
      .enqueue(JobName.RecordsFile, { tenantId: ctx.tenantId, vorgangId: ctx.record.vorgangId })
      .catch((err: unknown) =>
        this.log.warn(
          `enqueueing the filing of ${ctx.record?.vorgangId} failed (the sweep files it): ${String(err)}`,
        ),
      );
  }
}

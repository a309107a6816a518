import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withSystemContext, withTenant } from '../../../database/tenant-transaction.js';
import { type AuditVerificationBreak, AuditVerificationEntity } from './audit-verification.entity.js';

/** Persistence of audit verifications; tenant-scoped methods take the tenant id first. */
@Injectable()
export class AuditVerificationRepository {
  constructor(private readonly dataSource: DataSource) {}

  create(tenantId: string, requestedBy: string): Promise<AuditVerificationEntity> {
    return withTenant(this.dataSource, tenantId, (m) => {
      const repo = m.getRepository(AuditVerificationEntity);
      return repo.save(repo.create({ tenantId, requestedBy }));
    });
  }

  async findById(tenantId: string, id: string): Promise<AuditVerificationEntity | null> {
    return withTenant(this.dataSource, tenantId, (m) =>
      m.getRepository(AuditVerificationEntity).findOneBy({ tenantId, id }),
    );
  }

  /**
   * Stores the result if the verification is still pending; false when it was already
   * completed (a duplicate run), so the first result stands.
   */
  async complete(
    tenantId: string,
    id: string,
    result: { ok: boolean; checked: number; firstBroken: AuditVerificationBreak | null },
  ): Promise<boolean> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const r = await m
        .createQueryBuilder()
        .update(AuditVerificationEntity)
        .set({
          status: 'completed',
          completedAt: () => 'now()',
          ok: result.ok,
          checked: result.checked,
          firstBroken: result.firstBroken,
        })
        .where('tenant_id = :tenantId AND id = :id AND status = :pending', {
          tenantId,
          id,
          pending: 'pending',
        })
        .execute();
      return (r.affected ?? 0) > 0;
    });
  }

  /**
   * Pending verifications of every tenant, oldest first — for the recovery sweep, which
   * is installation-wide by nature and therefore runs in the system context.
   */
  findAllPending(limit = 1000): Promise<Array<{ tenantId: string; id: string }>> {
    return withSystemContext(this.dataSource, async (m) => {
      const rows = await m.getRepository(AuditVerificationEntity).find({
        select: { id: true, tenantId: true },
        where: { status: 'pending' },
        order: { requestedAt: 'ASC' },
        take: limit,
      });
      return rows.map((r) => ({ tenantId: r.tenantId, id: r.id }));
    });
  }
}

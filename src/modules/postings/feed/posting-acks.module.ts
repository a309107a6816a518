import { Global, Injectable, Module } from '@nestjs/common';
import { DomainError } from '../../../common/errors/domain-error.js';
import { AuditService } from '../../audit/audit.service.js';
import { POSTING_ACKS, type PostingAcks } from '../export/posting-acks.js';
import { PostingsErrors as E } from '../postings.errors.js';
import { PostingsRepository } from '../postings.repository.js';

/** The booking id recorded when a file export (DATEV, CSV) acknowledges postings. */
export const FILE_EXPORT_BOOKING_ID = 'file-export';

/**
 * Acknowledgements for the file exports (`POSTING_ACKS`): a posting handed over in a file
 * counts as acknowledged, with the booking id `file-export`. One already acknowledged (by the
 * feed, with the finance system's booking id, or by an earlier export) keeps its
 * acknowledgement. An id that is no posting of the tenant refuses the whole list.
 */
@Injectable()
export class FileExportPostingAcks implements PostingAcks {
  constructor(
    private readonly repo: PostingsRepository,
    private readonly audit: AuditService,
  ) {}

  async acknowledge(tenantId: string, postingIds: readonly string[], actor: string): Promise<void> {
    const ids = [...new Set(postingIds.map((id) => id.toLowerCase()))];
    if (ids.length === 0) return;
    await this.repo.tx(tenantId, async (m) => {
      const found = await this.repo.existing(m, tenantId, ids);
      const unknown = ids.filter((id) => !found.has(id));
      if (unknown.length > 0) throw new DomainError(E.POSTINGS_ACK_UNKNOWN_POSTING, { postingIds: unknown });
      const inserted = await this.repo.insertAcks(
        m,
        tenantId,
        ids.map((postingId) => ({ postingId, bookingId: FILE_EXPORT_BOOKING_ID })),
        actor,
      );
      if (inserted > 0) {
        await this.audit.record({
          tenantId,
          actor,
          action: 'posting.acknowledged',
          subject: `tenant:${tenantId}`,
          data: { postings: inserted, items: ids.length, by: FILE_EXPORT_BOOKING_ID },
        });
      }
    });
  }
}

/** Provides `POSTING_ACKS` to the export module (global: it is optional there). */
@Global()
@Module({
  providers: [PostingsRepository, { provide: POSTING_ACKS, useClass: FileExportPostingAcks }],
  exports: [POSTING_ACKS],
})
export class PostingAcksModule {}

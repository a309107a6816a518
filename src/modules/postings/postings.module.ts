import { Module } from '@nestjs/common';
import { ApprovalModule } from '../approval/approval.module.js';
import { InvoicesModule } from '../invoices/invoices.module.js';
import { PostingAcksModule } from './feed/posting-acks.module.js';
import { PostingsAdminController, PostingsController } from './postings.controller.js';
import { PostingsRepository } from './postings.repository.js';
import { PostingsService } from './postings.service.js';

/**
 * Postings for finance systems: the posting created when an approval completes (the
 * `postings` approval hook), the pull feed with acknowledgements, the creditor master, and
 * the admin's reversal. Provides `POSTING_ACKS` (file exports acknowledging postings).
 */
@Module({
  imports: [ApprovalModule, InvoicesModule, PostingAcksModule],
  controllers: [PostingsController, PostingsAdminController],
  providers: [PostingsRepository, PostingsService],
  exports: [PostingsService, PostingsRepository],
})
export class PostingsModule {}

import { Module } from '@nestjs/common';
import { TransactionRunner } from '../../../database/tenant-transaction.js';
import { AccountsController } from './accounts.controller.js';
import { AccountsRepository } from './accounts.repository.js';
import { AccountsService } from './accounts.service.js';

/**
 * The tenant's chart of accounts (Buchungsstellen, Kostenstellen, Investitionsnummern):
 * CSV import, search, and the lookups of the Kontierung check. The check itself is the pure
 * `kontierung-check.ts`; `AccountsService.checkKontierung` runs it against the chart.
 */
@Module({
  controllers: [AccountsController],
  providers: [AccountsRepository, AccountsService, TransactionRunner],
  exports: [AccountsService],
})
export class AccountsModule {}

import { Module } from '@nestjs/common';
import { TransactionRunner } from '../../database/tenant-transaction.js';
import { TenantRepository } from './tenant.repository.js';
import { TenantService } from './tenant.service.js';

/** Tenants and the receiver ids (Leitweg-ID, VAT id, …) intake routes by. */
@Module({
  providers: [TenantRepository, TenantService, TransactionRunner],
  exports: [TenantService],
})
export class TenantsModule {}

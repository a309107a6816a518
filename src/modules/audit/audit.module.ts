import { Global, Module } from '@nestjs/common';
import { AuditChainer } from './audit.chainer.js';
import { AuditController } from './audit.controller.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';

/**
 * The audit log, available everywhere: every state change and security event is recorded.
 * Its chainer runs in every process role (API and worker alike) and links entries into the
 * hash chain within a second of their commit.
 */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditRepository, AuditChainer, AuditService],
  exports: [AuditService],
})
export class AuditModule {}

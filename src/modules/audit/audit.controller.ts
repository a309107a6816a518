import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '../auth/auth.contract.js';
import type { AuditEntry } from './audit.repository.js';
import { AuditService } from './audit.service.js';

export class AuditEntryDto {
  @ApiProperty() seq: string;
  @ApiProperty() at: string;
  @ApiProperty() actor: string;
  @ApiProperty() action: string;
  @ApiProperty({ nullable: true, type: String }) subject: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: Record<string, unknown>;
  @ApiProperty() hash: string;

  static of(e: AuditEntry): AuditEntryDto {
    return Object.assign(new AuditEntryDto(), {
      seq: e.seq,
      at: e.at.toISOString(),
      actor: e.actor,
      action: e.action,
      subject: e.subject,
      data: e.data,
      hash: e.hash,
    });
  }
}

/** The newest audit entries of the caller's own tenant. */
@ApiTags('audit')
@Controller('api/v1/audit')
@Roles('admin', 'auditor')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiOkResponse({ type: AuditEntryDto, isArray: true })
  async list(@CurrentPrincipal() p: Principal, @Query('limit') limit?: string): Promise<AuditEntryDto[]> {
    const n = limit && /^\d{1,4}$/.test(limit) ? Number(limit) : 100;
    return (await this.audit.listForTenant(p.tenantId, n)).map((e) => AuditEntryDto.of(e));
  }
}

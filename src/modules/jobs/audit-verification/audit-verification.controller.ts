import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '../../auth/auth.contract.js';
import { AuditVerificationDto } from '../dto/audit-verification.dto.js';
import { AuditVerificationService } from './audit-verification.service.js';

@ApiTags('admin')
@ApiSecurity('session')
@Controller('api/v1/admin/audit/verifications')
export class AuditVerificationController {
  constructor(private readonly verifications: AuditVerificationService) {}

  @Post()
  @Roles('admin', 'auditor')
  @HttpCode(202)
  @ApiOperation({ summary: 'Request a verification of the audit hash chain (runs as a job)' })
  @ApiAcceptedResponse({ type: AuditVerificationDto })
  async request(@CurrentPrincipal() principal: Principal): Promise<AuditVerificationDto> {
    return AuditVerificationDto.from(await this.verifications.request(principal));
  }

  @Get(':id')
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: 'A requested verification and, once done, its result' })
  @ApiOkResponse({ type: AuditVerificationDto })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<AuditVerificationDto> {
    return AuditVerificationDto.from(await this.verifications.get(principal.tenantId, id));
  }
}

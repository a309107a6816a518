import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '../../../common/errors/domain-error.js';
import { AuditService } from '../../audit/audit.service.js';
import { actorOf } from '../../auth/actor.js';
import { ApiKeyService } from '../../auth/api-key.service.js';
import { CurrentPrincipal, type Principal, Roles } from '../../auth/auth.contract.js';
import { IntakeErrors } from '../intake.errors.js';
import { PeppolCallbackRepository } from './peppol-callback.repository.js';

/** Where each access point of the tenant gets its Message Level Responses POSTed. */
@ApiTags('admin')
@Controller('api/v1/admin/peppol/callbacks')
@Roles('admin')
export class PeppolCallbacksController {
  constructor(
    private readonly callbacks: PeppolCallbackRepository,
    private readonly apiKeys: ApiKeyService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The MLR callback URL of each access-point key of the tenant' })
  list(@CurrentPrincipal() p: Principal): Promise<Array<{ apiKeyId: string; url: string }>> {
    return this.callbacks.list(p.tenantId);
  }

  @Put(':apiKeyId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set the URL the Message Level Responses for this access point are POSTed to' })
  async set(
    @CurrentPrincipal() p: Principal,
    @Param('apiKeyId', new ParseUUIDPipe()) apiKeyId: string,
    @Body() body: unknown,
  ): Promise<void> {
    const url = (body as { url?: unknown } | null)?.url;
    if (typeof url !== 'string' || url.length > 2000 || !/^https?:\/\/[^\s]+$/.test(url)) {
      throw new DomainError(IntakeErrors.CALLBACK_URL_INVALID);
    }
    const keys = await this.apiKeys.list(p.tenantId);
    if (!keys.some((k) => k.id === apiKeyId && k.role === 'access-point')) {
      throw new DomainError(IntakeErrors.CALLBACK_KEY_NOT_FOUND);
    }
    await this.callbacks.set(p.tenantId, apiKeyId, url);
    await this.audit.record({
      tenantId: p.tenantId,
      actor: actorOf(p),
      action: 'peppol.callback.set',
      subject: `api-key:${apiKeyId}`,
      data: { url },
    });
  }
}

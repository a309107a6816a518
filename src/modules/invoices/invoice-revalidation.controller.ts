import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal, Roles } from '../auth/auth.contract.js';
import { InvoiceRevalidation, type RevalidationCandidate } from './invoice-revalidation.js';

/**
 * Re-validation of invoices refused for an internal reason (missing schemas, a validator
 * fault), for the tenant's admins. Another tenant's invoice is "not found".
 */
@ApiTags('admin')
@Controller('api/v1/admin/invoices')
@Roles('admin')
export class InvoiceRevalidationController {
  constructor(private readonly revalidation: InvoiceRevalidation) {}

  @Get('revalidation')
  @ApiOperation({
    summary: 'Invoices of the tenant refused for an internal reason, which may be validated again',
  })
  async candidates(@CurrentPrincipal() p: Principal): Promise<{ items: RevalidationCandidate[] }> {
    return { items: await this.revalidation.candidates(p.tenantId) };
  }

  @Post(':id/revalidate')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Run validation again for an invoice rejected for an internal reason; the earlier attempt does not count as its duplicate',
  })
  async revalidate(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<{ id: string; status: 'received'; cause: string }> {
    return this.revalidation.revalidate({ tenantId: p.tenantId, invoiceId: id, actor: actorOf(p) });
  }
}

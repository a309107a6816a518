import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { actorOf } from '../../auth/actor.js';
import { CurrentPrincipal, type Principal, Roles } from '../../auth/auth.contract.js';
import type { PeppolCallback } from './peppol-callback.repository.js';
import { PeppolCallbackService } from './peppol-callback.service.js';

/** Where each access point of the tenant gets its Message Level Responses POSTed. */
@ApiTags('admin')
@Controller('api/v1/admin/peppol/callbacks')
@Roles('admin')
export class PeppolCallbacksController {
  constructor(private readonly callbacks: PeppolCallbackService) {}

  @Get()
  @ApiOperation({
    summary: 'The MLR callback of each access-point key of the tenant, with its last delivery',
  })
  list(@CurrentPrincipal() p: Principal): Promise<PeppolCallback[]> {
    return this.callbacks.list(p.tenantId);
  }

  @Get(':apiKeyId')
  @ApiOperation({ summary: 'The MLR callback of one access-point key' })
  get(
    @CurrentPrincipal() p: Principal,
    @Param('apiKeyId', new ParseUUIDPipe()) apiKeyId: string,
  ): Promise<PeppolCallback> {
    return this.callbacks.get(p.tenantId, apiKeyId);
  }

  @Put(':apiKeyId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set the URL the Message Level Responses for this access point are POSTed to' })
  async set(
    @CurrentPrincipal() p: Principal,
    @Param('apiKeyId', new ParseUUIDPipe()) apiKeyId: string,
    @Body() body: unknown,
  ): Promise<void> {
    await this.callbacks.set(p.tenantId, apiKeyId, (body as { url?: unknown } | null)?.url, actorOf(p));
  }

  @Post(':apiKeyId/disable')
  @ApiOperation({ summary: 'Stop POSTing responses to this callback (kept, and can be enabled again)' })
  disable(
    @CurrentPrincipal() p: Principal,
    @Param('apiKeyId', new ParseUUIDPipe()) apiKeyId: string,
  ): Promise<PeppolCallback> {
    return this.callbacks.setEnabled(p.tenantId, apiKeyId, false, actorOf(p));
  }

  @Post(':apiKeyId/enable')
  @ApiOperation({ summary: 'POST responses to this callback again' })
  enable(
    @CurrentPrincipal() p: Principal,
    @Param('apiKeyId', new ParseUUIDPipe()) apiKeyId: string,
  ): Promise<PeppolCallback> {
    return this.callbacks.setEnabled(p.tenantId, apiKeyId, true, actorOf(p));
  }

  @Delete(':apiKeyId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove the callback; the access point then fetches its responses' })
  async remove(
    @CurrentPrincipal() p: Principal,
    @Param('apiKeyId', new ParseUUIDPipe()) apiKeyId: string,
  ): Promise<void> {
    await this.callbacks.remove(p.tenantId, apiKeyId, actorOf(p));
  }
}

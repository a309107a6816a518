import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { actorOf } from '../../auth/actor.js';
import { CurrentPrincipal, type Principal, Roles } from '../../auth/auth.contract.js';
import type { PostingDelivery, PostingWebhook } from './webhook.repository.js';
import { WebhookService, type WebhookSetResult } from './webhook.service.js';

/** The webhooks postings are POSTed to (one per finance API client) and their deliveries. */
@ApiTags('admin')
@Controller('api/v1/admin/postings')
@Roles('admin')
export class WebhooksController {
  constructor(private readonly webhooks: WebhookService) {}

  @Get('webhooks')
  @ApiOperation({ summary: 'The posting webhook of each finance API client (secrets are never shown again)' })
  list(@CurrentPrincipal() p: Principal): Promise<PostingWebhook[]> {
    return this.webhooks.list(p.tenantId);
  }

  @Put('webhooks')
  @HttpCode(200)
  // A new or rotated secret is in the answer, shown once: no cache may keep it.
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Set the webhook of a finance API client: {apiKeyId, url, enabled?, rotateSecret?}; a new webhook answers its secret once',
  })
  set(@CurrentPrincipal() p: Principal, @Body() body: unknown): Promise<WebhookSetResult> {
    return this.webhooks.set(p.tenantId, body, actorOf(p));
  }

  @Get('deliveries')
  @ApiOperation({
    summary: 'Webhook deliveries of postings, newest first (?state=pending|delivered|failed, ?limit)',
  })
  deliveries(
    @CurrentPrincipal() p: Principal,
    @Query('state') state?: string,
    @Query('limit') limit?: string,
  ): Promise<PostingDelivery[]> {
    return this.webhooks.listDeliveries(p.tenantId, state, limit);
  }

  @Post('deliveries/:id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Attempt a failed or pending delivery again now, with the same webhook id' })
  retry(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<PostingDelivery> {
    return this.webhooks.retry(p.tenantId, id, actorOf(p));
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DomainError } from '../../common/errors/domain-error.js';
import { CurrentPrincipal, type Principal, Roles } from '../auth/auth.contract.js';
import { PostingsErrors as E } from './postings.errors.js';
import { FEED_DEFAULT_LIMIT, FEED_MAX_LIMIT, PostingsService } from './postings.service.js';

/**
 * The finance system's side (API keys of role `finance`, bound to their tenant): the pull
 * feed, acknowledgements with booking ids, and the creditor master it pushes.
 */
@ApiTags('postings')
@Controller('api/v1/postings')
export class PostingsController {
  constructor(private readonly postings: PostingsService) {}

  @Get()
  @Roles('finance')
  @ApiOperation({
    summary:
      'The pull feed: postings after a cursor in a stable order, and the cursor to resume from ("next"). ' +
      'Resuming from any cursor received earlier yields every later posting exactly once, in order.',
  })
  @ApiQuery({
    name: 'after',
    required: false,
    description: 'A "next" value of an earlier answer; absent: from the start',
  })
  @ApiQuery({
    name: 'limit',
    required: false,
    description: `1..${FEED_MAX_LIMIT}, default ${FEED_DEFAULT_LIMIT}`,
  })
  @ApiQuery({ name: 'state', required: false, enum: ['unacknowledged'] })
  feed(@CurrentPrincipal() p: Principal, @Query() q: Record<string, unknown>) {
    return this.postings.feed(p.tenantId, { after: q.after, limit: q.limit, state: q.state });
  }

  @Post('ack')
  @HttpCode(200)
  @Roles('finance')
  @ApiOperation({
    summary:
      'Acknowledge postings with the booking ids of the finance system (all or nothing; repeating one changes nothing)',
  })
  @ApiBody({
    schema: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        required: ['postingId', 'bookingId'],
        properties: {
          postingId: { type: 'string', format: 'uuid' },
          bookingId: { type: 'string', maxLength: 100 },
        },
      },
    },
  })
  ack(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    return this.postings.acknowledge(p, body);
  }

  @Put('creditors')
  @HttpCode(200)
  @Roles('finance')
  @ApiOperation({
    summary:
      'Push the creditor master (merge, or replace: entries not listed are removed). Postings created afterwards ' +
      'carry the creditor number of the entry matching by VAT id, IBAN or normalised name.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['creditors'],
      properties: {
        mode: { enum: ['merge', 'replace'], default: 'merge' },
        creditors: {
          type: 'array',
          items: {
            type: 'object',
            required: ['creditorNumber', 'name'],
            properties: {
              creditorNumber: { type: 'string', maxLength: 36 },
              name: { type: 'string', maxLength: 200 },
              vatId: { type: 'string' },
              iban: { type: 'string' },
            },
          },
        },
      },
    },
  })
  creditors(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    return this.postings.putCreditors(p, body);
  }
}

/** The admin's side: overdue acknowledgements, unmatched creditors, a posting, the reversal. */
@ApiTags('postings')
@Controller('api/v1/admin/postings')
export class PostingsAdminController {
  constructor(private readonly postings: PostingsService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({
    summary:
      'state=unacknowledged: postings the finance system has not acknowledged within POSTINGS_UNACKED_ALERT_HOURS; ' +
      'otherwise the latest postings',
  })
  @ApiQuery({ name: 'state', required: false, enum: ['unacknowledged'] })
  async list(@CurrentPrincipal() p: Principal, @Query('state') state: unknown) {
    if (state === undefined) return { postings: await this.postings.recent(p.tenantId) };
    if (state !== 'unacknowledged') throw new DomainError(E.POSTINGS_STATE_INVALID);
    return this.postings.overdue(p.tenantId);
  }

  @Get('unmatched-creditors')
  @Roles('admin')
  @ApiOperation({ summary: 'Sellers of postings that got no creditor number from the creditor master' })
  async unmatched(@CurrentPrincipal() p: Principal) {
    return { creditors: await this.postings.unmatchedCreditors(p.tenantId) };
  }

  @Get(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'One posting document' })
  get(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.postings.get(p.tenantId, id);
  }

  @Post(':id/reverse')
  @HttpCode(201)
  @Roles('admin')
  @ApiOperation({
    summary: 'Reverse a posting (Generalumkehr): a new posting of kind "reversal" with negated amounts',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['reason'],
      properties: { reason: { type: 'string', maxLength: 1000 } },
    },
  })
  reverse(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: unknown) {
    const reason = body && typeof body === 'object' ? (body as { reason?: unknown }).reason : undefined;
    return this.postings.reverse(p, id, reason);
  }
}

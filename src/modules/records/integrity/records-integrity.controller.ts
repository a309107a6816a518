import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DomainError } from '../../../common/errors/domain-error.js';
import { actorOf } from '../../auth/actor.js';
import { CurrentPrincipal, type Principal, Roles } from '../../auth/auth.contract.js';
import { RecordsIntegrityErrors } from './records-integrity.errors.js';
import type { HoldRow } from './records-integrity.repository.js';
import { RetentionService } from './retention.service.js';

const holdOf = (h: HoldRow) => ({
  id: h.id,
  vorgangId: h.vorgangId,
  aktenzeichen: h.aktenzeichen,
  reason: h.reason,
  heldBy: h.heldBy,
  heldAt: h.heldAt,
  releasedAt: h.releasedAt,
  releasedBy: h.releasedBy,
  releaseReason: h.releaseReason,
});

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** Legal holds and disposal runs of the caller's tenant's case record (admins). */
@ApiTags('admin')
@Controller('api/v1/admin/records')
export class RecordsIntegrityController {
  constructor(private readonly retention: RetentionService) {}

  @Get('holds')
  @Roles('admin')
  @ApiOperation({ summary: 'List legal holds (active ones; `all=true` also released ones)' })
  @ApiQuery({ name: 'all', required: false, enum: ['true', 'false'] })
  async holds(@CurrentPrincipal() p: Principal, @Query('all') all: unknown) {
    return { items: (await this.retention.holds(p.tenantId, all !== 'true')).map(holdOf) };
  }

  @Post('holds')
  @Roles('admin')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Place a legal hold on a Vorgang: its documents are kept past their retention',
    description:
      'Body `{ "vorgangId": uuid }` or `{ "aktenzeichen": "…" }`, and `"reason"` (1–1000 characters). ' +
      '409 `RECORDS_HOLD_EXISTS` when the Vorgang is already on hold; 404 `RECORDS_VORGANG_NOT_FOUND`.',
  })
  @ApiOkResponse({ description: 'The hold' })
  async placeHold(@CurrentPrincipal() p: Principal, @Body() raw: unknown) {
    const b = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const hold = await this.retention.placeHold(
      p.tenantId,
      { vorgangId: str(b.vorgangId), aktenzeichen: str(b.aktenzeichen), reason: str(b.reason) ?? '' },
      actorOf(p),
    );
    return holdOf(hold);
  }

  @Delete('holds/:id')
  @Roles('admin')
  @ApiOperation({ summary: 'Release a legal hold (kept in the history as released)' })
  @ApiQuery({ name: 'reason', required: false })
  async releaseHold(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Query('reason') reason: unknown,
  ) {
    return holdOf(await this.retention.releaseHold(p.tenantId, id, actorOf(p), str(reason)));
  }

  @Get('disposal')
  @Roles('admin')
  @ApiOperation({
    summary: 'Dry run of the disposal: the documents whose retention ended and whose Vorgang is not on hold',
  })
  async disposalPlan(@CurrentPrincipal() p: Principal) {
    return this.retention.plan(p.tenantId);
  }

  @Post('disposal')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Disposal run: deletes what the dry run lists (body `{ "execute": true }`), audited',
    description:
      '`{ "execute": false }` answers as the dry run. The run deletes exactly the listed documents in one ' +
      'transaction and records the run and an audit entry naming each deleted document.',
  })
  async dispose(@CurrentPrincipal() p: Principal, @Body() raw: unknown) {
    const execute = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).execute : undefined;
    if (typeof execute !== 'boolean') throw new DomainError(RecordsIntegrityErrors.RECORDS_DISPOSAL_INVALID);
    return execute ? this.retention.execute(p.tenantId, actorOf(p)) : this.retention.plan(p.tenantId);
  }
}

import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DomainError } from '../../common/errors/domain-error.js';
import { CurrentPrincipal, type Principal, Roles } from '../auth/auth.contract.js';
import { ApprovalErrors as E } from './approval.errors.js';
import type { InboxFilter } from './approval.repository.js';
import { ApprovalService } from './approval.service.js';
import { normaliseKontierung } from './kontierung.js';
import { DECISION_ACTIONS, type DecisionAction } from './separation.js';

const STAFF = ['admin', 'approver', 'treasury', 'auditor'] as const;

function body(b: unknown): Record<string, unknown> {
  if (typeof b !== 'object' || b === null || Array.isArray(b))
    throw new DomainError(E.APPROVAL_ACTION_INVALID, { field: 'body' });
  return b as Record<string, unknown>;
}

function text(b: Record<string, unknown>, field: string, max = 4000): string | undefined {
  const v = b[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.length > max) throw new DomainError(E.APPROVAL_ACTION_INVALID, { field });
  return v;
}

const DECIMAL = /^\d{1,15}(\.\d{1,2})?$/;

/** The inbox filters as query parameters (the web page uses the same names). */
export function inboxFilterOf(q: Record<string, unknown>, limit = 50): InboxFilter {
  const s = (k: string) => (typeof q[k] === 'string' && q[k].trim() ? q[k].trim() : undefined);
  const amount = (k: string) => {
    // `1.234,56` (German) or `1234.56`.
    const raw = s(k)?.replace(/\s/g, '');
    const v = raw?.includes(',') ? raw.replaceAll('.', '').replace(',', '.') : raw;
    return v && DECIMAL.test(v) ? v : undefined;
  };
  const sort = s('sort');
  const days = s('dueWithinDays');
  const page = Math.max(1, Math.min(10_000, Number.parseInt(s('page') ?? '1', 10) || 1));
  return {
    stepKey: s('step')?.slice(0, 32),
    supplier: s('supplier')?.slice(0, 200),
    q: s('q')?.slice(0, 200),
    minAmount: amount('minAmount'),
    maxAmount: amount('maxAmount'),
    dueWithinDays: days && /^\d{1,3}$/.test(days) ? Number(days) : undefined,
    sort: sort === 'due' || sort === 'amount' || sort === 'received' || sort === 'skonto' ? sort : 'skonto',
    direction: s('direction') === 'desc' ? 'desc' : 'asc',
    offset: (page - 1) * limit,
    limit,
  };
}

/**
 * Approval for staff sessions and `approver` API keys: the inbox, an invoice's approval,
 * decisions (one or many), the Kontierung; for admins the policies (with the dry run),
 * groups, value limits and substitutes. Every decision goes through `ApprovalService.decide`.
 */
@ApiTags('approval')
@Controller('api/v1/approval')
export class ApprovalController {
  constructor(private readonly approval: ApprovalService) {}

  @Get('tasks')
  @Roles(...STAFF)
  @ApiOperation({ summary: 'My inbox: open tasks of mine, my groups and the people I stand in for' })
  @ApiQuery({ name: 'step', required: false })
  @ApiQuery({ name: 'supplier', required: false })
  @ApiQuery({ name: 'q', required: false, description: 'Invoice number or supplier' })
  @ApiQuery({ name: 'minAmount', required: false })
  @ApiQuery({ name: 'maxAmount', required: false })
  @ApiQuery({ name: 'dueWithinDays', required: false })
  @ApiQuery({ name: 'sort', required: false, enum: ['skonto', 'due', 'amount', 'received'] })
  @ApiQuery({ name: 'direction', required: false, enum: ['asc', 'desc'] })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'limit', required: false })
  inbox(@CurrentPrincipal() p: Principal, @Query() q: Record<string, unknown>) {
    const limit = Math.max(
      1,
      Math.min(200, Number.parseInt(typeof q.limit === 'string' ? q.limit : '50', 10) || 50),
    );
    return this.approval.inbox(p, inboxFilterOf(q, limit));
  }

  @Get('invoices/:id')
  @Roles(...STAFF)
  @ApiOperation({
    summary: "An invoice's approval: steps, assignees, decisions, Kontierung, and what I may do now",
  })
  state(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.approval.state(p, id);
  }

  @Post('invoices/:id/decisions')
  @HttpCode(200)
  @Roles(...STAFF)
  @ApiOperation({
    summary:
      'Decide on the current step: approve, reject (return to the supplier), hold, release, reassign, comment',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['action'],
      properties: {
        action: { enum: DECISION_ACTIONS.filter((a) => a !== 'kontierung') },
        stepKey: { type: 'string' },
        reason: { type: 'string', description: 'Required for reject, hold, reassign, comment' },
        reassignTo: {
          type: 'object',
          properties: { userId: { type: 'string' }, groupId: { type: 'string' } },
        },
      },
    },
  })
  decide(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() raw: unknown) {
    const b = body(raw);
    const action = b.action as DecisionAction;
    if (!DECISION_ACTIONS.includes(action) || action === 'kontierung')
      throw new DomainError(E.APPROVAL_ACTION_INVALID, { field: 'action' });
    const to = b.reassignTo;
    const reassignTo =
      typeof to === 'object' && to !== null
        ? {
            userId: text(to as Record<string, unknown>, 'userId', 36),
            groupId: text(to as Record<string, unknown>, 'groupId', 36),
          }
        : undefined;
    return this.approval.decide(p, {
      invoiceId: id,
      action,
      stepKey: text(b, 'stepKey', 32),
      reason: text(b, 'reason'),
      reassignTo,
    });
  }

  @Put('invoices/:id/kontierung')
  @Roles(...STAFF)
  @ApiOperation({
    summary: 'Replace the Kontierung (account assignment) of the invoice; lines must sum to the amount due',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['lines'],
      properties: {
        lines: {
          type: 'array',
          items: {
            type: 'object',
            required: ['buchungsstelle', 'amount'],
            properties: {
              buchungsstelle: { type: 'string' },
              kostenstelle: { type: 'string' },
              investitionsnummer: { type: 'string' },
              amount: { type: 'string', example: '1190.00' },
            },
          },
        },
      },
    },
  })
  kontierung(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() raw: unknown) {
    const lines = body(raw).lines;
    if (!Array.isArray(lines) || lines.some((l) => typeof l !== 'object' || l === null))
      throw new DomainError(E.APPROVAL_KONTIERUNG_INVALID, { field: 'lines' });
    return this.approval.decide(p, {
      invoiceId: id,
      action: 'kontierung',
      kontierung: normaliseKontierung(lines),
    });
  }

  @Post('decisions/bulk')
  @HttpCode(200)
  @Roles(...STAFF)
  @ApiOperation({
    summary: 'Approve one step for many invoices (where the policy allows it); each is judged on its own',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['invoiceIds', 'stepKey'],
      properties: {
        invoiceIds: { type: 'array', items: { type: 'string' } },
        stepKey: { type: 'string' },
        reason: { type: 'string' },
      },
    },
  })
  bulk(@CurrentPrincipal() p: Principal, @Body() raw: unknown) {
    const b = body(raw);
    const ids = b.invoiceIds;
    if (
      !Array.isArray(ids) ||
      ids.length === 0 ||
      ids.length > 500 ||
      ids.some((x) => typeof x !== 'string' || !UUID.test(x))
    )
      throw new DomainError(E.APPROVAL_ACTION_INVALID, { field: 'invoiceIds' });
    const stepKey = text(b, 'stepKey', 32);
    if (!stepKey) throw new DomainError(E.APPROVAL_ACTION_INVALID, { field: 'stepKey' });
    return this.approval.decideMany(p, ids as string[], stepKey, text(b, 'reason'));
  }

  // Policies -----------------------------------------------------------------------------

  @Get('presets')
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: 'The shipped policy presets' })
  presets() {
    return this.approval.presets();
  }

  @Get('policies')
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: "The tenant's policy versions (drafts, the active one, retired ones)" })
  policies(@CurrentPrincipal() p: Principal) {
    return this.approval.policies(p.tenantId);
  }

  @Get('policies/:id')
  @Roles('admin', 'auditor')
  policy(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.approval.policy(p.tenantId, id);
  }

  @Post('policies')
  @Roles('admin')
  @ApiOperation({ summary: 'Create a draft from a preset and/or a definition' })
  @ApiBody({
    schema: {
      type: 'object',
      properties: { name: { type: 'string' }, preset: { type: 'string' }, definition: { type: 'object' } },
    },
  })
  createPolicy(@CurrentPrincipal() p: Principal, @Body() raw: unknown) {
    const b = body(raw);
    return this.approval.createDraft(p, {
      name: text(b, 'name', 120),
      preset: text(b, 'preset', 60),
      definition: b.definition,
    });
  }

  @Put('policies/:id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change a draft' })
  updatePolicy(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() raw: unknown) {
    const b = body(raw);
    return this.approval.updateDraft(p, id, { name: text(b, 'name', 120), definition: b.definition });
  }

  @Post('policies/:id/activate')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Activate a draft for invoices that start approval from now on; running approvals keep theirs',
  })
  activate(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.approval.activate(p, id);
  }

  @Post('policies/:id/dry-run')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: "What the policy would have done with the tenant's invoices of the last N days" })
  @ApiQuery({ name: 'days', required: false })
  async dryRun(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Query('days') days?: string) {
    const policy = await this.approval.policy(p.tenantId, id);
    return this.approval.dryRun(p.tenantId, policy.definition, Number(days ?? 30));
  }

  // Groups, limits, substitutes, people ------------------------------------------------------

  @Get('people')
  @Roles(...STAFF)
  @ApiOperation({ summary: 'Staff of the tenant (for reassigning, substitutes, groups)' })
  async people(@CurrentPrincipal() p: Principal) {
    return (await this.approval.people(p.tenantId)).map((u) => ({
      id: u.id,
      displayName: u.displayName,
      roles: u.roles,
      disabled: u.disabled,
    }));
  }

  @Get('groups')
  @Roles(...STAFF)
  groups(@CurrentPrincipal() p: Principal) {
    return this.approval.groups(p.tenantId);
  }

  @Post('groups')
  @Roles('admin')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string' }, members: { type: 'array', items: { type: 'string' } } },
    },
  })
  createGroup(@CurrentPrincipal() p: Principal, @Body() raw: unknown) {
    const b = body(raw);
    return this.approval.createGroup(p, text(b, 'name', 80) ?? '', members(b));
  }

  @Put('groups/:id/members')
  @HttpCode(204)
  @Roles('admin')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['members'],
      properties: { members: { type: 'array', items: { type: 'string' } } },
    },
  })
  async setMembers(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() raw: unknown,
  ) {
    await this.approval.setGroupMembers(p, id, members(body(raw)));
  }

  @Delete('groups/:id')
  @HttpCode(204)
  @Roles('admin')
  async deleteGroup(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string) {
    await this.approval.deleteGroup(p, id);
  }

  @Get('limits')
  @Roles('admin', 'auditor', 'treasury')
  @ApiOperation({ summary: 'Value limits (Anordnungsbefugnis) of the staff: the list the Kasse keeps' })
  limits(@CurrentPrincipal() p: Principal) {
    return this.approval.limits(p.tenantId);
  }

  @Put('limits/:userId/:scope')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({
    summary: 'Grant an authority (feststellung, anordnung, freigabe) with a limit; maxAmount null = no limit',
  })
  @ApiBody({
    schema: {
      type: 'object',
      properties: { maxAmount: { type: 'string', nullable: true, example: '5000.00' } },
    },
  })
  async setLimit(
    @CurrentPrincipal() p: Principal,
    @Param('userId', ParseUUIDPipe) userId: string,
    @Param('scope') scope: string,
    @Body() raw: unknown,
  ) {
    const v = body(raw).maxAmount;
    if (v !== null && typeof v !== 'string')
      throw new DomainError(E.APPROVAL_ACTION_INVALID, { field: 'maxAmount' });
    await this.approval.setLimit(p, userId, scope, v);
  }

  @Delete('limits/:userId/:scope')
  @HttpCode(204)
  @Roles('admin')
  async removeLimit(
    @CurrentPrincipal() p: Principal,
    @Param('userId', ParseUUIDPipe) userId: string,
    @Param('scope') scope: string,
  ) {
    await this.approval.setLimit(p, userId, scope, undefined);
  }

  @Get('substitutes')
  @Roles(...STAFF)
  substitutes(@CurrentPrincipal() p: Principal, @Query('all') all?: string) {
    return this.approval.substitutions(p.tenantId, all !== 'true');
  }

  @Post('substitutes')
  @Roles(...STAFF)
  @ApiOperation({ summary: 'Name a substitute for a period (for oneself; admins for anyone)' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['substituteId', 'startsOn', 'endsOn'],
      properties: {
        userId: { type: 'string' },
        substituteId: { type: 'string' },
        startsOn: { type: 'string', format: 'date' },
        endsOn: { type: 'string', format: 'date' },
      },
    },
  })
  addSubstitute(@CurrentPrincipal() p: Principal, @Body() raw: unknown) {
    const b = body(raw);
    return this.approval.addSubstitution(p, {
      userId: text(b, 'userId', 36),
      substituteId: text(b, 'substituteId', 36) ?? '',
      startsOn: text(b, 'startsOn', 10) ?? '',
      endsOn: text(b, 'endsOn', 10) ?? '',
    });
  }

  @Delete('substitutes/:id')
  @HttpCode(204)
  @Roles(...STAFF)
  async revokeSubstitute(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string) {
    await this.approval.revokeSubstitution(p, id);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function members(b: Record<string, unknown>): string[] {
  const v = b.members ?? [];
  if (!Array.isArray(v) || v.length > 1000 || v.some((x) => typeof x !== 'string'))
    throw new DomainError(E.APPROVAL_ACTION_INVALID, { field: 'members' });
  return v as string[];
}

import {
  Body,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError } from '../../common/errors/domain-error.js';
import { ApprovalService } from '../approval/approval.service.js';
import { CurrentPrincipal, FormBody, type Principal, Roles, WebPages } from '../auth/auth.contract.js';
import { DISPLAY_TIME_ZONE, isoDate } from '../validation/report/format.js';
import { CsrfGuard } from './csrf.guard.js';
import { approvalAdminMessagesFor, type SubstituteNotice } from './i18n/approval-admin.messages.js';
import { PageRenderer, type PageContext } from './page.renderer.js';
import type { FormProblem } from './views/form.view.js';
import { substitutesView, type SubstituteValues, type SubstitutionRow } from './views/substitutes.view.js';
import { WebExceptionFilter } from './web-exception.filter.js';
import { redirect } from './web-request.js';

const NOTICES: readonly SubstituteNotice[] = ['added', 'revoked'];
const text = (v: unknown, max: number): string => (typeof v === 'string' ? v.trim().slice(0, max) : '');
const today = (): string => new Date().toLocaleDateString('sv-SE', { timeZone: DISPLAY_TIME_ZONE });

/**
 * Every staff member's substitutes page: who stands in for me, whom I stand in for, naming a
 * substitute for a period and ending one. Admins see and manage everyone's. The rules (own
 * substitutions only, no cycles, no past periods) are `ApprovalService`'s, as for the API.
 */
@Controller('substitutes')
@WebPages()
@UseFilters(WebExceptionFilter)
@ApiExcludeController()
@Roles('admin', 'approver', 'treasury', 'auditor')
export class SubstitutesWebController {
  constructor(
    private readonly approval: ApprovalService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async list(@CurrentPrincipal() p: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const ctx = this.pages.context(req, res);
    const done = NOTICES.find((n) => n === req.query.done);
    await this.send(req, res, ctx, p, 200, {
      values: { userId: p.id, substituteId: '', startsOn: today(), endsOn: '' },
      problems: [],
      notice: done && approvalAdminMessagesFor(ctx.m.lang).substitutes.notices[done],
    });
  }

  @Post()
  @FormBody()
  @UseGuards(CsrfGuard)
  async add(
    @CurrentPrincipal() p: Principal,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const ctx = this.pages.context(req, res);
    const s = approvalAdminMessagesFor(ctx.m.lang).substitutes;
    const values: SubstituteValues = {
      userId: text(body.userId, 36) || p.id,
      substituteId: text(body.substituteId, 36),
      startsOn: text(body.startsOn, 10),
      endsOn: text(body.endsOn, 10),
    };
    const problems: FormProblem[] = [];
    const startsOn = isoDate(values.startsOn);
    const endsOn = isoDate(values.endsOn);
    if (!values.substituteId) problems.push({ field: 'substituteId', text: s.substituteMissing });
    else if (values.substituteId === values.userId)
      problems.push({ field: 'substituteId', text: s.sameperson });
    if (!startsOn) problems.push({ field: 'startsOn', text: s.fromMissing });
    if (!endsOn) problems.push({ field: 'endsOn', text: s.toMissing });
    else if (startsOn && endsOn < startsOn) problems.push({ field: 'endsOn', text: s.toBeforeFrom });
    else if (endsOn < today()) problems.push({ field: 'endsOn', text: s.toInPast });
    if (problems.length === 0) {
      try {
        await this.approval.addSubstitution(p, {
          userId: values.userId,
          substituteId: values.substituteId,
          startsOn: startsOn!,
          endsOn: endsOn!,
        });
        return redirect(res, '/substitutes?done=added');
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'APPROVAL_SUBSTITUTE_INVALID') throw err;
        const name = async (id: string) =>
          (await this.approval.people(p.tenantId)).find((x) => x.id === id)?.displayName ?? id;
        problems.push({
          text:
            err.details?.cycle === true
              ? s.cycle(await name(values.userId), await name(values.substituteId))
              : err.messages[ctx.m.lang],
        });
      }
    }
    await this.send(req, res, ctx, p, 422, { values, problems });
  }

  @Post(':id/revoke')
  @UseGuards(CsrfGuard)
  async revoke(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.approval.revokeSubstitution(p, id);
    redirect(res, '/substitutes?done=revoked');
  }

  private async send(
    req: Request,
    res: Response,
    ctx: PageContext,
    p: Principal,
    status: number,
    page: { values: SubstituteValues; problems: FormProblem[]; notice?: string },
  ): Promise<void> {
    const a = approvalAdminMessagesFor(ctx.m.lang);
    const [all, people] = await Promise.all([
      this.approval.substitutions(p.tenantId, true),
      this.approval.people(p.tenantId),
    ]);
    const day = today();
    const rows: SubstitutionRow[] = all
      .filter((x) => x.revokedAt === null && x.endsOn >= day)
      .map((x) => ({ ...x, current: x.startsOn <= day }))
      .sort((x, y) => x.startsOn.localeCompare(y.startsOn));
    const admin = p.roles.includes('admin');
    const title = page.problems.length ? `${ctx.m.error.title}: ${a.substitutes.title}` : a.substitutes.title;
    this.pages.send(req, res, ctx, status, {
      title,
      body: substitutesView(ctx.m, a, ctx.csrfToken, {
        me: { id: p.id, name: p.displayName },
        mine: rows.filter((x) => x.userId === p.id),
        standIn: rows.filter((x) => x.substituteId === p.id),
        all: admin ? rows : null,
        people: people.filter((x) => !x.disabled).map((x) => ({ id: x.id, name: x.displayName })),
        values: page.values,
        problems: page.problems,
        notice: page.notice,
      }),
      user: await this.pages.userOf(p),
    });
  }
}

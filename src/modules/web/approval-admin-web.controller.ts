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
import { DomainError, type Lang } from '../../common/errors/domain-error.js';
import { ApprovalErrors } from '../approval/approval.errors.js';
import type { PolicyRecord, StaffUser } from '../approval/approval.repository.js';
import { ApprovalService, type DryRunReport } from '../approval/approval.service.js';
import type { PolicyDefinition, PolicyProblem } from '../approval/policy/policy.js';
import { CurrentPrincipal, FormBody, type Principal, Roles, WebPages } from '../auth/auth.contract.js';
import { formatAmount } from '../validation/report/format.js';
import { CsrfGuard } from './csrf.guard.js';
import {
  approvalAdminMessagesFor,
  type ApprovalAdminMessages,
  type GroupNotice,
  type LimitScope,
  type PolicyNotice,
} from './i18n/approval-admin.messages.js';
import { PageRenderer, type PageContext } from './page.renderer.js';
import {
  applyOp,
  definitionOf,
  editorOpOf,
  fieldOf,
  formFromBody,
  formOf,
  parseAmount,
  type PolicyForm,
} from './policy-form.js';
import type { FormProblem } from './views/form.view.js';
import { deleteGroupView, groupsView, type GroupRow } from './views/groups.view.js';
import {
  LIMIT_SCOPES,
  limitEditView,
  limitsCsv,
  limitsView,
  type LimitChoice,
  type LimitPerson,
} from './views/limits.view.js';
import {
  definitionJson,
  policiesView,
  policyView,
  type PolicyListRow,
  type PolicyPage,
} from './views/policies.view.js';
import { WebExceptionFilter } from './web-exception.filter.js';
import { redirect } from './web-request.js';

const text = (v: unknown, max = 200): string => (typeof v === 'string' ? v.trim().slice(0, max) : '');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const POLICY_NOTICES: readonly PolicyNotice[] = ['created', 'saved', 'activated'];
const GROUP_NOTICES: readonly GroupNotice[] = ['created', 'deleted', 'memberAdded', 'memberRemoved'];

function noticeOf<T extends string>(value: unknown, known: readonly T[]): T | undefined {
  return known.find((n) => n === value);
}

/** Who an actor string (`user:<id>`, `system`, `api-key:<id>`) is, for people to read. */
function actorName(actor: string | null, people: readonly StaffUser[]): string {
  if (!actor) return '–';
  if (actor === 'system') return 'System';
  const id = /^user:(.+)$/.exec(actor)?.[1];
  return (id && people.find((p) => p.id === id)?.displayName) || actor;
}

/** The days of a dry run from a form field or query parameter; 30 unless 1–366. */
function daysOf(v: unknown): number {
  const n = typeof v === 'string' && /^\d{1,3}$/.test(v.trim()) ? Number(v.trim()) : 30;
  return n >= 1 && n <= 366 ? n : 30;
}

/** Problems of `checkPolicy` (English, with paths) as the form shows them: by field, in the page's language. */
function formProblems(a: ApprovalAdminMessages, problems: readonly PolicyProblem[]): FormProblem[] {
  return problems.map((p) => ({ field: fieldOf(p.path), text: a.problem(p.path, p.message) }));
}

function policyProblemsOf(err: unknown): PolicyProblem[] | undefined {
  if (!(err instanceof DomainError) || err.code !== 'APPROVAL_POLICY_INVALID') return undefined;
  const problems = err.details?.problems;
  return Array.isArray(problems) ? (problems as PolicyProblem[]) : [];
}

/** Amounts of a stored definition as the reader writes them (`10.000,01`). */
function localised(form: PolicyForm, lang: Lang): PolicyForm {
  const amount = (v: string) => (v ? formatAmount(v, null, lang) : '');
  return {
    ...form,
    steps: form.steps.map((s) => ({ ...s, minAmount: amount(s.minAmount), maxAmount: amount(s.maxAmount) })),
  };
}

/**
 * The admin pages of approval: the policies (list, form editor of a draft, dry run,
 * activation), the groups and the value limits with the Kasse's list of Anordnungsbefugte.
 * Everything goes through `ApprovalService`, the same path (checks, audit) as the API.
 * Admins change; auditors read policies and groups; treasury and auditors read the limits.
 */
@Controller('admin')
@WebPages()
@UseFilters(WebExceptionFilter)
@ApiExcludeController()
@Roles('admin')
export class ApprovalAdminWebController {
  constructor(
    private readonly approval: ApprovalService,
    private readonly pages: PageRenderer,
  ) {}

  // Policies ------------------------------------------------------------------------------

  @Get('policies')
  @Roles('admin', 'auditor')
  async policies(@CurrentPrincipal() p: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const ctx = this.pages.context(req, res);
    const notice = noticeOf(req.query.done, POLICY_NOTICES);
    await this.sendPolicies(
      req,
      res,
      ctx,
      p,
      200,
      notice && approvalAdminMessagesFor(ctx.m.lang).policies.notices[notice],
    );
  }

  @Post('policies')
  @FormBody()
  @UseGuards(CsrfGuard)
  async createPolicy(
    @CurrentPrincipal() p: Principal,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const start = /^(active|preset):(.+)$/.exec(text(body.start, 80));
    const name = text(body.name, 120) || undefined;
    if (!start) {
      const ctx = this.pages.context(req, res);
      const a = approvalAdminMessagesFor(ctx.m.lang);
      // No field: the summary links to the first choice, whichever that is.
      return this.sendPolicies(req, res, ctx, p, 400, undefined, [{ text: a.policies.chooseStart }]);
    }
    let created: PolicyRecord;
    if (start[1] === 'active') {
      const active = await this.approval.policy(p.tenantId, start[2]);
      created = await this.approval.createDraft(p, {
        name: name ?? active.name,
        preset: active.preset ?? undefined,
        definition: active.definition,
      });
    } else {
      created = await this.approval.createDraft(p, { name, preset: start[2] });
    }
    redirect(res, `/admin/policies/${created.id}?done=created`);
  }

  @Get('policies/:id')
  @Roles('admin', 'auditor')
  async policy(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const ctx = this.pages.context(req, res);
    const a = approvalAdminMessagesFor(ctx.m.lang);
    const policy = await this.approval.policy(p.tenantId, id);
    const canEdit = p.roles.includes('admin');
    const runDays = req.query.days !== undefined && canEdit && policy.state === 'draft';
    const days = daysOf(req.query.days);
    const dryRun = runDays ? await this.approval.dryRun(p.tenantId, policy.definition, days) : undefined;
    const notice = noticeOf(req.query.done, POLICY_NOTICES);
    await this.sendPolicy(req, res, ctx, p, 200, policy, {
      form: localised(formOf(policy.name, policy.definition), ctx.m.lang),
      problems: [],
      unsaved: false,
      dryRunDays: days,
      dryRun,
      notice: notice && a.policies.notices[notice],
    });
  }

  @Post('policies/:id')
  @FormBody()
  @UseGuards(CsrfGuard)
  async savePolicy(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const ctx = this.pages.context(req, res);
    const a = approvalAdminMessagesFor(ctx.m.lang);
    const policy = await this.approval.policy(p.tenantId, id);
    const op = editorOpOf(body.op);
    const form = formFromBody(body);
    const days = daysOf(body.dryRunDays);
    // Adding, removing and moving steps only re-render the form: a new step is empty until filled in.
    if (op.kind !== 'save' && op.kind !== 'dry-run')
      return this.sendPolicy(req, res, ctx, p, 200, policy, {
        form: applyOp(form, op),
        problems: [],
        unsaved: true,
        dryRunDays: days,
      });
    const { definition, problems } = definitionOf(form, policy.definition);
    let found = problems;
    if (found.length === 0) {
      try {
        await this.approval.updateDraft(p, id, { name: form.name, definition });
      } catch (err) {
        const invalid = policyProblemsOf(err);
        if (!invalid) throw err;
        found = invalid;
      }
    }
    if (found.length > 0)
      return this.sendPolicy(req, res, ctx, p, 422, policy, {
        form,
        problems: formProblems(a, found),
        unsaved: true,
        dryRunDays: days,
      });
    redirect(
      res,
      op.kind === 'dry-run'
        ? `/admin/policies/${id}?done=saved&days=${days}#dry-run`
        : `/admin/policies/${id}?done=saved`,
    );
  }

  @Post('policies/:id/json')
  @FormBody()
  @UseGuards(CsrfGuard)
  async savePolicyJson(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const ctx = this.pages.context(req, res);
    const a = approvalAdminMessagesFor(ctx.m.lang);
    const policy = await this.approval.policy(p.tenantId, id);
    const raw = typeof body.definition === 'string' ? body.definition.slice(0, 200_000) : '';
    let problem: string | undefined;
    try {
      const definition: unknown = JSON.parse(raw);
      await this.approval.updateDraft(p, id, { definition });
      return redirect(res, `/admin/policies/${id}?done=saved`);
    } catch (err) {
      const invalid = policyProblemsOf(err);
      if (err instanceof SyntaxError) problem = a.editor.jsonInvalid;
      else if (invalid) problem = invalid.map((x) => `${x.path}: ${a.problem(x.path, x.message)}`).join(' ');
      else throw err;
    }
    await this.sendPolicy(req, res, ctx, p, 422, policy, {
      form: localised(formOf(policy.name, policy.definition), ctx.m.lang),
      problems: [],
      unsaved: false,
      dryRunDays: 30,
      json: raw,
      jsonProblem: problem,
    });
  }

  @Post('policies/:id/activate')
  @UseGuards(CsrfGuard)
  async activatePolicy(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.approval.activate(p, id);
    redirect(res, '/admin/policies?done=activated');
  }

  private async sendPolicies(
    req: Request,
    res: Response,
    ctx: PageContext,
    p: Principal,
    status: number,
    notice?: string,
    problems?: FormProblem[],
  ): Promise<void> {
    const a = approvalAdminMessagesFor(ctx.m.lang);
    const [policies, people] = await Promise.all([
      this.approval.policies(p.tenantId),
      this.approval.people(p.tenantId),
    ]);
    const presets = this.approval.presets();
    const rows: PolicyListRow[] = policies.map((x) => ({
      id: x.id,
      version: x.version,
      state: x.state,
      name: x.name,
      presetName: presets.find((pr) => pr.id === x.preset)?.name[ctx.m.lang] ?? null,
      createdAt: x.createdAt,
      createdBy: actorName(x.createdBy, people),
      activatedAt: x.activatedAt,
      activatedBy: x.activatedBy ? actorName(x.activatedBy, people) : null,
    }));
    const active = policies.find((x) => x.state === 'active');
    this.pages.send(req, res, ctx, status, {
      title: a.policies.title,
      body: policiesView(ctx.m, a, ctx.csrfToken, {
        rows,
        presets: presets.map((pr) => ({
          id: pr.id,
          name: pr.name[ctx.m.lang],
          description: pr.description[ctx.m.lang],
        })),
        active: active ? { id: active.id, version: active.version } : null,
        canEdit: p.roles.includes('admin'),
        notice,
        problems,
      }),
      user: await this.pages.userOf(p),
    });
  }

  private async sendPolicy(
    req: Request,
    res: Response,
    ctx: PageContext,
    p: Principal,
    status: number,
    policy: PolicyRecord,
    page: {
      form: PolicyForm;
      problems: FormProblem[];
      unsaved: boolean;
      dryRunDays: number;
      dryRun?: DryRunReport;
      notice?: string;
      json?: string;
      jsonProblem?: string;
    },
  ): Promise<void> {
    const a = approvalAdminMessagesFor(ctx.m.lang);
    const [people, groups] = await Promise.all([
      this.approval.people(p.tenantId),
      this.approval.groups(p.tenantId),
    ]);
    const extras = new Map(
      policy.definition.steps.map((s) => [
        s.key,
        { resolve: !!s.resolve, suppliers: s.when?.suppliers ?? [] },
      ]),
    );
    const body: PolicyPage = {
      policy: { id: policy.id, version: policy.version, state: policy.state, name: policy.name },
      form: page.form,
      extras,
      people: people.filter((x) => !x.disabled).map((x) => ({ email: x.email, name: x.displayName })),
      groups: groups.map((g) => g.name),
      canEdit: p.roles.includes('admin'),
      problems: page.problems,
      unsaved: page.unsaved,
      dryRunDays: page.dryRunDays,
      dryRun: page.dryRun,
      json: page.json ?? definitionJson(policy.definition),
      jsonProblem: page.jsonProblem,
      notice: page.notice,
    };
    const title = a.editor.title(policy.version, a.states[policy.state]);
    this.pages.send(req, res, ctx, status, {
      title: page.problems.length ? `${ctx.m.error.title}: ${title}` : title,
      body: policyView(ctx.m, a, ctx.csrfToken, body),
      user: await this.pages.userOf(p),
    });
  }

  // Groups --------------------------------------------------------------------------------

  @Get('groups')
  @Roles('admin', 'auditor')
  async groups(@CurrentPrincipal() p: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const ctx = this.pages.context(req, res);
    const notice = noticeOf(req.query.done, GROUP_NOTICES);
    await this.sendGroups(req, res, ctx, p, 200, {
      notice: notice && approvalAdminMessagesFor(ctx.m.lang).groups.notices[notice],
    });
  }

  @Post('groups')
  @FormBody()
  @UseGuards(CsrfGuard)
  async createGroup(
    @CurrentPrincipal() p: Principal,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    try {
      await this.approval.createGroup(p, name);
      return redirect(res, '/admin/groups?done=created');
    } catch (err) {
      if (
        !(err instanceof DomainError) ||
        !['APPROVAL_POLICY_INVALID', 'APPROVAL_GROUP_EXISTS'].includes(err.code)
      )
        throw err;
      const ctx = this.pages.context(req, res);
      const a = approvalAdminMessagesFor(ctx.m.lang);
      const problem = err.code === 'APPROVAL_GROUP_EXISTS' ? err.messages[ctx.m.lang] : a.groups.nameMissing;
      await this.sendGroups(req, res, ctx, p, err.status, {
        problems: [{ field: 'group-name', text: problem }],
        name,
      });
    }
  }

  @Post('groups/:id/members/add')
  @FormBody()
  @UseGuards(CsrfGuard)
  async addMember(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const group = await this.group(p, id);
    await this.approval.setGroupMembers(p, id, [...group.members, text(body.userId, 36)]);
    redirect(res, '/admin/groups?done=memberAdded');
  }

  @Post('groups/:id/members/remove')
  @FormBody()
  @UseGuards(CsrfGuard)
  async removeMember(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const group = await this.group(p, id);
    const userId = text(body.userId, 36);
    await this.approval.setGroupMembers(
      p,
      id,
      group.members.filter((m) => m !== userId),
    );
    redirect(res, '/admin/groups?done=memberRemoved');
  }

  @Get('groups/:id/delete')
  async deleteGroupForm(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const ctx = this.pages.context(req, res);
    const a = approvalAdminMessagesFor(ctx.m.lang);
    const rows = await this.groupRows(p, a, ctx.m.lang);
    const group = rows.find((g) => g.id === id);
    if (!group) throw new DomainError(ApprovalErrors.APPROVAL_GROUP_NOT_FOUND);
    this.pages.send(req, res, ctx, 200, {
      title: a.groups.deleteTitle,
      body: deleteGroupView(a, ctx.csrfToken, group),
      user: await this.pages.userOf(p),
    });
  }

  @Post('groups/:id/delete')
  @UseGuards(CsrfGuard)
  async deleteGroup(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.approval.deleteGroup(p, id);
    redirect(res, '/admin/groups?done=deleted');
  }

  private async group(p: Principal, id: string): Promise<{ id: string; members: string[] }> {
    const group = (await this.approval.groups(p.tenantId)).find((g) => g.id === id);
    if (!group) throw new DomainError(ApprovalErrors.APPROVAL_GROUP_NOT_FOUND);
    return group;
  }

  private async groupRows(p: Principal, a: ApprovalAdminMessages, lang: Lang): Promise<GroupRow[]> {
    const [groups, people, policies] = await Promise.all([
      this.approval.groups(p.tenantId),
      this.approval.people(p.tenantId),
      this.approval.policies(p.tenantId),
    ]);
    const enabled = people.filter((x) => !x.disabled);
    const inUse = policies.filter((x) => x.state !== 'retired');
    return groups.map((g) => ({
      id: g.id,
      name: g.name,
      members: g.members
        .map((id) => people.find((x) => x.id === id))
        .filter((x): x is StaffUser => !!x)
        .map((x) => ({ id: x.id, name: x.displayName })),
      candidates: enabled
        .filter((x) => !g.members.includes(x.id))
        .map((x) => ({ id: x.id, name: x.displayName })),
      usedIn: inUse.flatMap((pol) => usesOfGroup(pol, g.name, a, lang)),
    }));
  }

  private async sendGroups(
    req: Request,
    res: Response,
    ctx: PageContext,
    p: Principal,
    status: number,
    extra: { notice?: string; problems?: FormProblem[]; name?: string },
  ): Promise<void> {
    const a = approvalAdminMessagesFor(ctx.m.lang);
    this.pages.send(req, res, ctx, status, {
      title: extra.problems?.length ? `${ctx.m.error.title}: ${a.groups.title}` : a.groups.title,
      body: groupsView(a, ctx.csrfToken, {
        groups: await this.groupRows(p, a, ctx.m.lang),
        canEdit: p.roles.includes('admin'),
        ...extra,
      }),
      user: await this.pages.userOf(p),
    });
  }

  // Limits --------------------------------------------------------------------------------

  @Get('limits')
  @Roles('admin', 'auditor', 'treasury')
  async limits(@CurrentPrincipal() p: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const ctx = this.pages.context(req, res);
    const a = approvalAdminMessagesFor(ctx.m.lang);
    this.pages.send(req, res, ctx, 200, {
      title: a.limits.title,
      body: limitsView(ctx.m, a, {
        people: await this.limitPeople(p.tenantId),
        canEdit: p.roles.includes('admin'),
        notice: req.query.done === 'saved' ? a.limits.notices.saved : undefined,
      }),
      user: await this.pages.userOf(p),
    });
  }

  /** The list for the Kasse (SächsKomKBVO § 7(2)): names, authority, value limit, date. */
  @Get('limits.csv')
  @Roles('admin', 'auditor', 'treasury')
  async limitsCsv(@CurrentPrincipal() p: Principal, @Res() res: Response): Promise<void> {
    const people = await this.limitPeople(p.tenantId);
    const day = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
    res
      .status(200)
      .set('Cache-Control', 'no-store')
      .set('Content-Type', 'text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="befugnisse-${day}.csv"`)
      .send(limitsCsv(approvalAdminMessagesFor('de'), people));
  }

  @Get('limits/:userId')
  async limitForm(
    @CurrentPrincipal() p: Principal,
    @Param('userId', new ParseUUIDPipe()) userId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const ctx = this.pages.context(req, res);
    const person = await this.limitPerson(p.tenantId, userId);
    const values = Object.fromEntries(
      LIMIT_SCOPES.map((s): [LimitScope, LimitChoice] => {
        const x = person.limits[s];
        if (!x) return [s, { choice: 'none', amount: '' }];
        if (x.maxAmount === null)
          return [s, { choice: s === 'anordnung' ? 'unlimited' : 'none', amount: '' }];
        return [s, { choice: 'limit', amount: formatAmount(x.maxAmount, null, ctx.m.lang) }];
      }),
    ) as Record<LimitScope, LimitChoice>;
    await this.sendLimitForm(req, res, ctx, p, 200, person, values, []);
  }

  @Post('limits/:userId')
  @FormBody()
  @UseGuards(CsrfGuard)
  async saveLimits(
    @CurrentPrincipal() p: Principal,
    @Param('userId', new ParseUUIDPipe()) userId: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const person = await this.limitPerson(p.tenantId, userId);
    const values = {} as Record<LimitScope, LimitChoice>;
    const wanted = {} as Record<LimitScope, string | null | undefined>;
    const problems: FormProblem[] = [];
    const ctx = this.pages.context(req, res);
    const a = approvalAdminMessagesFor(ctx.m.lang);
    for (const scope of LIMIT_SCOPES) {
      const raw = text(body[`${scope}-choice`], 20);
      const choice: LimitChoice['choice'] =
        raw === 'limit' ? 'limit' : raw === 'unlimited' && scope === 'anordnung' ? 'unlimited' : 'none';
      const amount = text(body[`${scope}-amount`], 40);
      values[scope] = { choice, amount };
      if (choice === 'limit') {
        const parsed = parseAmount(amount);
        if (parsed === undefined)
          problems.push({ field: `${scope}-amount`, text: a.limits.amountInvalid(a.scopes[scope]) });
        wanted[scope] = parsed;
      } else if (choice === 'unlimited') wanted[scope] = null;
      else wanted[scope] = undefined;
    }
    if (problems.length > 0) return this.sendLimitForm(req, res, ctx, p, 422, person, values, problems);
    for (const scope of LIMIT_SCOPES) {
      const before = person.limits[scope];
      const now = wanted[scope];
      const same =
        (before === undefined && now === undefined) ||
        (before !== undefined && now !== undefined && before.maxAmount === now);
      if (!same) await this.approval.setLimit(p, userId, scope, now);
    }
    redirect(res, '/admin/limits?done=saved');
  }

  private async sendLimitForm(
    req: Request,
    res: Response,
    ctx: PageContext,
    p: Principal,
    status: number,
    person: LimitPerson,
    values: Record<LimitScope, LimitChoice>,
    problems: FormProblem[],
  ): Promise<void> {
    const a = approvalAdminMessagesFor(ctx.m.lang);
    const title = a.limits.editTitle(person.name);
    this.pages.send(req, res, ctx, status, {
      title: problems.length ? `${ctx.m.error.title}: ${title}` : title,
      body: limitEditView(a, ctx.csrfToken, person, values, problems),
      user: await this.pages.userOf(p),
    });
  }

  private async limitPeople(tenantId: string): Promise<LimitPerson[]> {
    const [people, limits] = await Promise.all([
      this.approval.people(tenantId),
      this.approval.limits(tenantId),
    ]);
    return people
      .filter((x) => !x.disabled)
      .map((x) => ({
        id: x.id,
        name: x.displayName,
        email: x.email,
        roles: x.roles,
        limits: Object.fromEntries(
          limits
            .filter((l) => l.userId === x.id)
            .map((l) => [l.scope, { maxAmount: l.maxAmount, updatedAt: l.updatedAt }]),
        ),
      }));
  }

  private async limitPerson(tenantId: string, userId: string): Promise<LimitPerson> {
    const person = UUID.test(userId)
      ? (await this.limitPeople(tenantId)).find((x) => x.id === userId)
      : undefined;
    if (!person) throw new DomainError(ApprovalErrors.APPROVAL_USER_NOT_FOUND);
    return person;
  }
}

/** Where a policy version names a group: its steps, their assignee lookups, the escalation. */
function usesOfGroup(policy: PolicyRecord, name: string, a: ApprovalAdminMessages, lang: Lang): string[] {
  const def: PolicyDefinition = policy.definition;
  const at = (step: string) => a.groups.usedAt(policy.version, a.states[policy.state], step);
  const out: string[] = [];
  for (const s of def.steps) {
    const named =
      s.assignees.groups?.includes(name) ||
      Object.values(s.resolve?.map ?? {}).some((x) => x.groups?.includes(name));
    if (named) out.push(at(s.label[lang]));
  }
  if (def.deadlines.escalateTo?.groups?.includes(name)) out.push(at(a.editor.escalateTo));
  return out;
}

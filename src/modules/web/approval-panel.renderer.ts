import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error.js';
import { ApprovalService, type ApprovalState } from '../approval/approval.service.js';
import type { Principal } from '../auth/auth.contract.js';
import type { SafeHtml } from './html.js';
import type { DecisionNotice } from './i18n/approval.messages.js';
import type { PageContext } from './page.renderer.js';
import { type ApprovalPanelOptions, approvalPanelView } from './views/approval-panel.view.js';

const NOTICES: readonly DecisionNotice[] = [
  'approve',
  'reject',
  'hold',
  'release',
  'reassign',
  'comment',
  'kontierung',
];

/** The notice a page shows after a decision's redirect (`?done=approve` …). */
export function decisionNoticeOf(query: Record<string, unknown>): DecisionNotice | undefined {
  const done = query.done;
  return NOTICES.find((n) => n === done);
}

/**
 * The decision panel of an invoice for any page that shows the invoice: reads the approval
 * as the signed-in user sees it (what they may do, and why not) and the people and groups
 * a step can be passed to, and renders `approvalPanelView`. An invoice that has no approval
 * (not yet, or never reached it) has no panel.
 */
@Injectable()
export class ApprovalPanelRenderer {
  constructor(private readonly approval: ApprovalService) {}

  async state(p: Principal, invoiceId: string): Promise<ApprovalState | undefined> {
    try {
      return await this.approval.state(p, invoiceId);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'APPROVAL_NOT_FOUND') return undefined;
      throw err;
    }
  }

  async panel(
    p: Principal,
    invoiceId: string,
    ctx: PageContext,
    opts: ApprovalPanelOptions = {},
    state?: ApprovalState,
  ): Promise<SafeHtml | undefined> {
    const s = state ?? (await this.state(p, invoiceId));
    if (!s) return undefined;
    const [people, groups] = await Promise.all([
      this.approval.people(p.tenantId),
      this.approval.groups(p.tenantId),
    ]);
    return approvalPanelView(ctx.m, s, ctx.csrfToken, {
      people: people
        .filter((u) => !u.disabled && u.id !== p.id)
        .map((u) => ({ id: u.id, name: u.displayName })),
      groups: groups.map((g) => ({ id: g.id, name: g.name })),
      ...opts,
    });
  }
}

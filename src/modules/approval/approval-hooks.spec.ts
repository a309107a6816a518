import type { EntityManager } from 'typeorm';
import { ApprovalHooks, type ApprovedContext, type ApprovedHook } from './approval-hooks.js';

const m = {} as EntityManager;
const ctx = (): ApprovedContext => ({
  tenantId: 't',
  invoiceId: 'i',
  approvedAt: new Date(0),
  policyId: 'p',
  policyVersion: 1,
});

describe('ApprovalHooks', () => {
  it('runs hooks by order and lets a later hook read what an earlier one set', async () => {
    const hooks = new ApprovalHooks();
    const seen: string[] = [];
    const postings: ApprovedHook = {
      name: 'postings',
      order: 200,
      inTransaction: async (_m, c) => {
        seen.push(`postings:${c.record?.aktenzeichen ?? 'none'}`);
      },
    };
    const records: ApprovedHook = {
      name: 'records',
      order: 100,
      inTransaction: async (_m, c) => {
        c.record = { vorgangId: 'v', aktenzeichen: 'AZ-1' };
        seen.push('records');
      },
    };
    hooks.register(postings);
    hooks.register(records);
    await hooks.runInTransaction(m, ctx());
    expect(seen).toEqual(['records', 'postings:AZ-1']);
  });

  it('lets a failing in-transaction hook fail the approval', async () => {
    const hooks = new ApprovalHooks();
    hooks.register({ name: 'x', order: 1, inTransaction: async () => Promise.reject(new Error('no')) });
    await expect(hooks.runInTransaction(m, ctx())).rejects.toThrow('no');
  });

  it('swallows after-commit failures and still runs the later hooks', async () => {
    const hooks = new ApprovalHooks();
    const ran: string[] = [];
    hooks.register({
      name: 'a',
      order: 1,
      inTransaction: async () => undefined,
      afterCommit: async () => Promise.reject(new Error('queue down')),
    });
    hooks.register({
      name: 'b',
      order: 2,
      inTransaction: async () => undefined,
      afterCommit: async () => {
        ran.push('b');
      },
    });
    await expect(hooks.runAfterCommit(ctx())).resolves.toBeUndefined();
    expect(ran).toEqual(['b']);
  });

  it('replaces a hook registered twice under one name', async () => {
    const hooks = new ApprovalHooks();
    const noop = async () => undefined;
    hooks.register({ name: 'records', order: 100, inTransaction: noop });
    hooks.register({ name: 'records', order: 100, inTransaction: noop });
    expect(hooks.registered()).toEqual(['records']);
  });
});

/**
 * Test fixtures for approval, built through the real services of a running test app: a
 * municipality with staff, an active policy, and invoices submitted through intake that
 * have reached approval. Used by the approval integration, web and bench suites.
 */
import { randomBytes } from 'node:crypto';
import type { Principal } from '../../../src/modules/auth/auth.contract.js';
import { ApprovalService } from '../../../src/modules/approval/approval.service.js';
import type { PolicyDefinition } from '../../../src/modules/approval/policy/policy.js';
import { IntakeService } from '../../../src/modules/intake/intake.service.js';
import { buildUblInvoice } from '../../../src/modules/validation/testing/invoice-factory.js';
import type { TestApp } from '../../support/app.js';
import { IdentityContext, randomLeitwegId, type TenantFixture } from '../auth/identity-context.js';

export interface Person {
  id: string;
  email: string;
  password: string;
  token: string;
  displayName: string;
  principal: Principal;
}

export interface ApprovalFixture extends TenantFixture {
  leitwegId: string;
  adminPrincipal: Principal;
  /** Named staff: created on demand with `person()`. */
  person(name: string, roles: Array<'admin' | 'approver' | 'treasury' | 'auditor'>): Promise<Person>;
  /** Makes a draft of `definition` (or a preset) and activates it; returns the policy id. */
  usePolicy(p: { preset?: string; definition?: PolicyDefinition }): Promise<string>;
  /** Grants `user` an authority with a limit (null: no upper limit; undefined: takes it away). */
  limit(
    user: Person,
    scope: 'feststellung' | 'anordnung' | 'freigabe',
    maxAmount: string | null | undefined,
  ): Promise<void>;
  /**
   * Submits an invoice with lines of the given net prices (cents, 19 % VAT) and waits until
   * its approval has started; returns the invoice id.
   */
  invoice(
    netCents: number[],
    opts?: { number?: string; paymentTerms?: string; issueDate?: string },
  ): Promise<string>;
}

/** The principal of a staff member as the guard would put it on a request. */
export function principalOf(
  tenantId: string,
  u: { id: string; roles: string[]; displayName: string },
): Principal {
  return {
    kind: 'user',
    id: u.id,
    tenantId,
    roles: u.roles as Principal['roles'],
    displayName: u.displayName,
  };
}

/** Net cents for a gross amount at 19 % (rounded to the nearest cent the factory reproduces). */
export function netForGross(grossCents: number): number {
  return Math.round(grossCents / 1.19);
}

export async function approvalFixture(
  t: TestApp,
  kind: 'municipality' | 'company' = 'municipality',
): Promise<ApprovalFixture> {
  const identity = new IdentityContext(t.app);
  const leitwegId = randomLeitwegId();
  const tenant = await identity.tenants.create(
    { name: `Gemeinde ${randomBytes(3).toString('hex')}`, kind, leitwegIds: [leitwegId] },
    'test',
  );
  const admin = await identity.newUser(tenant.id, ['admin']);
  const apiKey = await identity.newApiKey(tenant.id, 'supplier');
  const adminPrincipal = principalOf(tenant.id, { id: admin.id, roles: ['admin'], displayName: 'Admin' });
  const approval = t.app.get(ApprovalService);
  let seq = 0;
  return {
    tenant,
    admin,
    apiKey,
    leitwegId,
    adminPrincipal,
    async person(name, roles) {
      const email = `${name.toLowerCase().replace(/[^a-z]/g, '')}-${randomBytes(4).toString('hex')}@stadt.example`;
      const password = `pw-${randomBytes(12).toString('hex')}`;
      const { user } = await identity.users.create(
        tenant.id,
        { email, roles, password, displayName: name },
        'test',
      );
      const { token } = await identity.auth.login(email, password);
      return {
        id: user.id,
        email,
        password,
        token,
        displayName: name,
        principal: principalOf(tenant.id, { id: user.id, roles, displayName: name }),
      };
    },
    async usePolicy(p) {
      const draft = await approval.createDraft(adminPrincipal, {
        preset: p.preset,
        definition: p.definition,
        name: p.preset ? undefined : 'Test',
      });
      await approval.activate(adminPrincipal, draft.id);
      return draft.id;
    },
    async limit(user, scope, maxAmount) {
      await approval.setLimit(adminPrincipal, user.id, scope, maxAmount);
    },
    async invoice(netCents, opts = {}) {
      seq++;
      const xml = Buffer.from(
        buildUblInvoice({
          number: opts.number ?? `RE-${randomBytes(4).toString('hex')}-${seq}`,
          linePrices: netCents,
          buyerReference: leitwegId,
          paymentTerms: opts.paymentTerms,
          issueDate: opts.issueDate,
        }),
      );
      const submitted = await t.app.get(IntakeService).submit(tenant.id, {
        channel: 'upload',
        raw: xml,
        rawContentType: 'application/xml',
        documents: [{ content: xml, fileName: 'rechnung.xml', contentType: 'application/xml' }],
        sender: `api-key:${apiKey.id}`,
      });
      const id = submitted.invoices[0].id;
      for (let i = 0; i < 600; i++) {
        try {
          await approval.state(adminPrincipal, id);
          return id;
        } catch (err) {
          if ((err as { code?: string }).code !== 'APPROVAL_NOT_FOUND') throw err;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`invoice ${id} did not reach approval`);
    },
  };
}

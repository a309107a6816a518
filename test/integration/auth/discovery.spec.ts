/**
 * Nobody learns from the answers which accounts or receivers exist (security review,
 * finding 15): failed logins lock an unknown address exactly like an existing one, an
 * e-mail address used in another tenant does not stop an admin from creating a user, and
 * an access point is answered alike for an unknown receiver and another tenant's.
 */
import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp } from '../../support/app.js';
import { call, IdentityContext, randomLeitwegId, type TenantFixture } from './identity-context.js';

const SLOW = 120_000;

describe('account and receiver discovery', () => {
  let t: TestApp;
  let ctx: IdentityContext;
  let a: TenantFixture;
  let b: TenantFixture;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES: '5', LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
    ctx = new IdentityContext(t.app);
    a = await ctx.newTenant();
    b = await ctx.newTenant();
  }, SLOW);
  afterAll(async () => {
    await t?.close();
  }, SLOW);

  const login = (email: string, password: string, tenant?: string) =>
    call(t.url, 'POST', '/api/v1/auth/login', { body: { email, password, ...(tenant ? { tenant } : {}) } });
  const answers = async (email: string, passwords: string[]) => {
    const out: { status: number; code: string | undefined }[] = [];
    for (const p of passwords) {
      const res = await login(email, p);
      out.push({ status: res.status, code: res.body?.error?.code });
    }
    return out;
  };

  it(
    'wrong passwords answer alike for an existing and an unknown address, lock included',
    async () => {
      const user = await ctx.newUser(a.tenant.id, ['approver']);
      const wrong = Array.from({ length: 6 }, (_, i) => `wrong-password-${i}`);
      const existing = await answers(user.email, wrong);
      const unknown = await answers(`nobody-${randomBytes(4).toString('hex')}@example.org`, wrong);
      expect(existing).toEqual(unknown);
      expect(existing.slice(-2)).toEqual([
        { status: 423, code: 'AUTH_LOCKED' },
        { status: 423, code: 'AUTH_LOCKED' },
      ]);
      // While locked, the right password is answered like a wrong one.
      const right = await login(user.email, user.password);
      expect({ status: right.status, code: right.body.error.code }).toEqual(existing[5]);
      // The lock belongs to the address: another address is not affected.
      expect((await login(a.admin.email, a.admin.password)).status).toBe(200);
    },
    SLOW,
  );

  it(
    "an address used in another tenant does not reveal itself: the admin's user is created",
    async () => {
      const created = await call(t.url, 'POST', '/api/v1/admin/users', {
        bearer: b.admin.token,
        body: { email: a.admin.email, roles: ['approver'], password: 'Zweites-Konto-in-B-77' },
      });
      expect(created.status).toBe(201);
      expect(created.body.user.email).toBe(a.admin.email);
      // In the same tenant the address is taken (that tells the admin nothing new).
      const dup = await call(t.url, 'POST', '/api/v1/admin/users', {
        bearer: b.admin.token,
        body: { email: a.admin.email.toUpperCase(), roles: ['approver'] },
      });
      expect(dup.status).toBe(409);
      expect(dup.body.error.code).toBe('USER_EMAIL_TAKEN');

      // Each password signs in to its own tenant.
      const inA = await login(a.admin.email, a.admin.password);
      expect(inA.status).toBe(200);
      expect(inA.body.principal).toMatchObject({ tenantId: a.tenant.id, roles: ['admin'] });
      const inB = await login(a.admin.email, 'Zweites-Konto-in-B-77');
      expect(inB.status).toBe(200);
      expect(inB.body.principal).toMatchObject({ tenantId: b.tenant.id, roles: ['approver'] });
      // Each tenant's admin sees the address once: its own user.
      for (const admin of [a.admin, b.admin]) {
        const list = await call(t.url, 'GET', '/api/v1/admin/users', { bearer: admin.token });
        expect(list.body.filter((u: { email: string }) => u.email === a.admin.email)).toHaveLength(1);
      }
    },
    SLOW,
  );

  it(
    'the same address with the same password in two tenants asks which tenant',
    async () => {
      const email = `zwei-${randomBytes(4).toString('hex')}@example.org`;
      const password = `Gemeinsam-${randomBytes(6).toString('hex')}`;
      await ctx.users.create(a.tenant.id, { email, roles: ['approver'], password }, 'test');
      await ctx.users.create(b.tenant.id, { email, roles: ['auditor'], password }, 'test');
      const which = await login(email, password);
      expect(which.status).toBe(409);
      expect(which.body.error.code).toBe('AUTH_TENANT_REQUIRED');
      expect(which.body.error.details.tenants.map((x: { slug: string }) => x.slug).sort()).toEqual(
        [a.tenant.slug, b.tenant.slug].sort(),
      );
      // The web form offers the choice.
      const form = await fetch(`${t.url}/login`);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
      const cookies = form.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const post = (fields: Record<string, string>) =>
        fetch(`${t.url}/login`, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded', origin: t.url },
          body: new URLSearchParams({ _csrf: csrf, email, password, ...fields }).toString(),
        });
      const page = await post({});
      expect(page.status).toBe(409);
      const html = await page.text();
      expect(html).toContain(`name="tenant" value="${a.tenant.slug}"`);
      expect(html).toContain(`name="tenant" value="${b.tenant.slug}"`);
      const signedIn = await post({ tenant: a.tenant.slug });
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.get('location')).toBe('/inbox');

      const chosen = await login(email, password, b.tenant.slug);
      expect(chosen.status).toBe(200);
      expect(chosen.body.principal.tenantId).toBe(b.tenant.id);
      // Naming a tenant where the address has no account is a wrong login, nothing more.
      const other = await ctx.newTenant();
      const none = await login(email, password, other.tenant.slug);
      expect({ status: none.status, code: none.body.error.code }).toEqual({
        status: 401,
        code: 'AUTH_INVALID_CREDENTIALS',
      });
    },
    SLOW,
  );

  it(
    "an access point is answered alike for an unknown receiver and another tenant's",
    async () => {
      const ap = await ctx.newApiKey(a.tenant.id, 'access-point');
      const deliver = (receiver: string) =>
        fetch(`${t.url}/peppol/inbound`, {
          method: 'POST',
          headers: { 'content-type': 'application/xml', authorization: `Bearer ${ap.key}` },
          body: sbdh(receiver),
        });
      const bReceiver = b.tenant.receiverIds[0];
      const foreign = await deliver(`${bReceiver.scheme}:${bReceiver.value}`);
      const unknown = await deliver(`0204:${randomLeitwegId()}`);
      const f = { status: foreign.status, body: (await foreign.json()) as { error: { code: string } } };
      const u = { status: unknown.status, body: (await unknown.json()) as { error: { code: string } } };
      expect(f.status).toBe(u.status);
      expect(f.body.error.code).toBe(u.body.error.code);
    },
    SLOW,
  );
});

function sbdh(receiver: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<StandardBusinessDocument xmlns="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader">
  <StandardBusinessDocumentHeader>
    <HeaderVersion>1.0</HeaderVersion>
    <Sender><Identifier Authority="iso6523-actorid-upis">0088:4000001000005</Identifier></Sender>
    <Receiver><Identifier Authority="iso6523-actorid-upis">${receiver}</Identifier></Receiver>
    <DocumentIdentification><Standard>urn:oasis:names:specification:ubl:schema:xsd:Invoice-2</Standard>
      <TypeVersion>2.1</TypeVersion><InstanceIdentifier>disc-${randomBytes(4).toString('hex')}</InstanceIdentifier><Type>Invoice</Type>
      <CreationDateAndTime>2026-11-21T10:00:00Z</CreationDateAndTime></DocumentIdentification>
  </StandardBusinessDocumentHeader>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>1</ID></Invoice>
</StandardBusinessDocument>`;
}

/**
 * Chosen passwords are checked beyond their length (security review, finding 16): common
 * and leaked ones, repetitions and sequences, the account's own e-mail address and the
 * tenant's name are refused with stable codes, through the API, the admin API and the web
 * form alike.
 */
import { randomBytes } from 'node:crypto';
import { SESSION_COOKIE } from '../../../src/modules/auth/auth.contract.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { call, IdentityContext, type TenantFixture } from './identity-context.js';

const SLOW = 120_000;

describe('password rules', () => {
  let t: TestApp;
  let ctx: IdentityContext;
  let a: TenantFixture;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000', LOGIN_MAX_FAILURES: '50' });
    ctx = new IdentityContext(t.app);
    a = await ctx.newTenant(`Gemeinde Bergheim ${randomBytes(2).toString('hex')}`);
  }, SLOW);
  afterAll(async () => {
    await t?.close();
  }, SLOW);

  it(
    'a password change refuses common, trivial and personal passwords, in German and English',
    async () => {
      const user = await ctx.newUser(a.tenant.id, ['approver']);
      const change = (newPassword: string, lang = 'de') =>
        call(t.url, 'POST', `/api/v1/auth/password?lang=${lang}`, {
          bearer: user.token,
          body: { currentPassword: user.password, newPassword },
        });
      const cases: [string, string][] = [
        ['111111111111', 'AUTH_PASSWORD_TRIVIAL'],
        ['123456789012', 'AUTH_PASSWORD_TRIVIAL'],
        [user.email, 'AUTH_PASSWORD_PERSONAL'],
        [user.email.toUpperCase(), 'AUTH_PASSWORD_PERSONAL'],
        [`${user.email.split('@')[0]}2024!`, 'AUTH_PASSWORD_PERSONAL'],
        [`${a.tenant.name}!`, 'AUTH_PASSWORD_PERSONAL'],
        ['password1234', 'AUTH_PASSWORD_COMMON'],
        ['Passwort2024!', 'AUTH_PASSWORD_COMMON'],
        ['short', 'AUTH_PASSWORD_TOO_WEAK'],
      ];
      for (const [password, code] of cases) {
        const res = await change(password);
        expect({ password, status: res.status, code: res.body?.error?.code }).toEqual({
          password,
          status: 400,
          code,
        });
      }
      expect((await change('111111111111')).body.error.message).toMatch(
        /Wiederholungen oder einfachen Folgen/,
      );
      expect((await change('password1234', 'en')).body.error.message).toMatch(/most common passwords/);
      // Nothing was changed: the old password still signs in; a good one is taken.
      expect(
        (
          await call(t.url, 'POST', '/api/v1/auth/login', {
            body: { email: user.email, password: user.password },
          })
        ).status,
      ).toBe(200);
      expect((await change('Kaffee-Tasse-Regen-42')).status).toBe(204);
    },
    SLOW,
  );

  it(
    'an admin cannot give a new user a common or personal password',
    async () => {
      const email = `neu-${randomBytes(4).toString('hex')}@example.org`;
      for (const [password, code] of [
        ['password1234', 'AUTH_PASSWORD_COMMON'],
        [email, 'AUTH_PASSWORD_PERSONAL'],
        ['abcdefghijkl', 'AUTH_PASSWORD_TRIVIAL'],
      ]) {
        const res = await call(t.url, 'POST', '/api/v1/admin/users', {
          bearer: a.admin.token,
          body: { email, roles: ['approver'], password },
        });
        expect({ password, status: res.status, code: res.body?.error?.code }).toEqual({
          password,
          status: 400,
          code,
        });
      }
      const rows = await t.db.dataSource.query(`SELECT 1 FROM users WHERE email = $1`, [email]);
      expect(rows).toEqual([]);
    },
    SLOW,
  );

  it(
    'the web form names the problem at the new-password field',
    async () => {
      const user = await ctx.newUser(a.tenant.id, ['treasury']);
      const session = `${SESSION_COOKIE}=${user.token}`;
      const form = await fetch(`${t.url}/password`, { headers: { cookie: session } });
      const html = await form.text();
      const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
      const cookies = form.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const res = await fetch(`${t.url}/password`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          cookie: `${cookies}; ${session}`,
          'content-type': 'application/x-www-form-urlencoded',
          origin: t.url,
        },
        body: new URLSearchParams({
          _csrf: csrf,
          currentPassword: user.password,
          newPassword: user.email,
          repeatPassword: user.email,
        }).toString(),
      });
      expect(res.status).toBe(400);
      const page = await res.text();
      expect(page).toContain('nicht im Wesentlichen aus Ihrer E-Mail-Adresse');
      expect(page).toContain('id="newPassword-error"');
    },
    SLOW,
  );
});

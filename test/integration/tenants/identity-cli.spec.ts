import * as apiKeyCommand from '../../../src/modules/auth/cli/api-key.command.js';
import * as userCommand from '../../../src/modules/auth/cli/user.command.js';
import * as tenantCommand from '../../../src/modules/tenants/cli/tenant.command.js';
import { AuthService } from '../../../src/modules/auth/auth.service.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { call } from '../auth/identity-context.js';
import { runCli } from '../auth/run-cli.js';

/** Time limit for hooks and tests that boot the app or hash passwords (a limit, never an assertion). */
const SLOW = 120_000;

describe('operator CLI: tenant, user, api-key', () => {
  let t: TestApp;
  let env: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    env = { DATABASE_URL: t.db.url };
  }, SLOW);
  afterAll(async () => {
    await t?.close();
  }, SLOW);

  it(
    'creates a tenant with a checked Leitweg-ID and lists it (--json)',
    async () => {
      const created = await runCli(
        tenantCommand,
        [
          'create',
          '--name',
          'Stadt Süderstedt',
          '--leitweg-id',
          '04011000-1234512345-06',
          '--receiver-id',
          '9930:DE123456789',
          '--json',
        ],
        env,
      );
      expect(created.code).toBe(0);
      expect(created.json()).toMatchObject({
        name: 'Stadt Süderstedt',
        slug: 'stadt-suederstedt',
        kind: 'municipality',
        receiverIds: [
          { scheme: '0204', value: '04011000-1234512345-06' },
          { scheme: '9930', value: 'DE123456789' },
        ],
      });
      const list = await runCli(tenantCommand, ['list', '--json'], env);
      expect(list.code).toBe(0);
      expect(list.json().map((x: { slug: string }) => x.slug)).toContain('stadt-suederstedt');
      const human = await runCli(tenantCommand, ['list'], env);
      expect(human.stdout).toMatch(
        /stadt-suederstedt\s+Stadt Süderstedt\s+municipality\s+0204:04011000-1234512345-06/,
      );
    },
    SLOW,
  );

  it(
    'refuses a Leitweg-ID with wrong check digits, naming the expected ones',
    async () => {
      const res = await runCli(
        tenantCommand,
        ['create', '--name', 'Falsch', '--leitweg-id', '04011000-12345-34', '--json'],
        env,
      );
      expect(res.code).toBe(1);
      expect(res.json()).toEqual({
        error: expect.objectContaining({
          code: 'TENANT_LEITWEG_ID_INVALID',
          details: { leitwegId: '04011000-12345-34', problem: 'check-digits', expectedCheckDigits: '03' },
        }),
      });
    },
    SLOW,
  );

  it(
    'refuses a receiver id that another tenant already has',
    async () => {
      const res = await runCli(
        tenantCommand,
        ['create', '--name', 'Doppelt', '--leitweg-id', '04011000-1234512345-06'],
        env,
      );
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('TENANT_RECEIVER_ID_TAKEN');
    },
    SLOW,
  );

  it(
    'answers usage errors with exit code 2 before touching the database',
    async () => {
      const res = await runCli(tenantCommand, ['create', '--json'], {
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      });
      expect(res.code).toBe(2);
      expect(res.stderr).toContain('--name is required');
      expect((await runCli(userCommand, ['frobnicate'], env)).code).toBe(2);
      expect((await runCli(apiKeyCommand, ['create', '--bogus', 'x'], env)).code).toBe(2);
    },
    SLOW,
  );

  it(
    'creates a user with a generated password printed once, who can log in',
    async () => {
      const res = await runCli(
        userCommand,
        [
          'create',
          '--tenant',
          'stadt-suederstedt',
          '--email',
          'Kaemmerei@Suederstedt.example',
          '--role',
          'treasury,approver',
          '--json',
        ],
        env,
      );
      expect(res.code).toBe(0);
      const user = res.json();
      expect(user).toMatchObject({
        email: 'kaemmerei@suederstedt.example',
        roles: ['treasury', 'approver'],
        mustChangePassword: true,
      });
      expect(user.generatedPassword).toMatch(/^.{20}$/);
      const login = await t.app.get(AuthService).login(user.email, user.generatedPassword);
      expect(login.principal.roles).toEqual(['treasury', 'approver']);

      const list = await runCli(userCommand, ['list', '--tenant', 'stadt-suederstedt', '--json'], env);
      expect(list.json()).toEqual([expect.objectContaining({ id: user.id })]);
      expect(JSON.stringify(list.json())).not.toContain(user.generatedPassword);

      const human = await runCli(
        userCommand,
        ['create', '--tenant', 'stadt-suederstedt', '--email', 'chef@suederstedt.example', '--role', 'admin'],
        env,
      );
      expect(human.stdout).toMatch(/first-login password \(shown only now\): \S{20}/);
    },
    SLOW,
  );

  it(
    'refuses an unknown tenant and an unknown role',
    async () => {
      const tenant = await runCli(
        userCommand,
        ['create', '--tenant', 'nowhere', '--email', 'a@b.example', '--role', 'admin'],
        env,
      );
      expect(tenant.code).toBe(1);
      expect(tenant.stderr).toContain('TENANT_NOT_FOUND');
      const role = await runCli(
        userCommand,
        [
          'create',
          '--tenant',
          'stadt-suederstedt',
          '--email',
          'a@b.example',
          '--role',
          'superuser',
          '--json',
        ],
        env,
      );
      expect(role.code).toBe(1);
      expect(role.json().error.code).toBe('AUTH_INVALID_INPUT');
    },
    SLOW,
  );

  it(
    'creates an API key printed once that works, lists it without the secret, and revokes it',
    async () => {
      const created = await runCli(
        apiKeyCommand,
        [
          'create',
          '--tenant',
          'stadt-suederstedt',
          '--role',
          'access-point',
          '--name',
          'Peppol AP',
          '--json',
        ],
        env,
      );
      expect(created.code).toBe(0);
      const { id, key } = created.json();
      expect(key).toMatch(/^eik_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
      const me = await call(t.url, 'GET', '/api/v1/me', { bearer: key });
      expect(me.body.principal).toMatchObject({
        kind: 'api-client',
        roles: ['access-point'],
        displayName: 'Peppol AP',
      });

      const list = await runCli(apiKeyCommand, ['list', '--json'], env);
      expect(list.json()).toEqual([expect.objectContaining({ id, revokedAt: null })]);
      expect(list.stdout).not.toContain(key.slice(17));

      const revoked = await runCli(apiKeyCommand, ['revoke', id, '--json'], env);
      expect(revoked.code).toBe(0);
      expect(revoked.json().revokedAt).toEqual(expect.any(String));
      expect((await call(t.url, 'GET', '/api/v1/me', { bearer: key })).status).toBe(401);

      const unknown = await runCli(apiKeyCommand, ['revoke', '00000000-0000-4000-8000-000000000000'], env);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('API_KEY_NOT_FOUND');
    },
    SLOW,
  );
});

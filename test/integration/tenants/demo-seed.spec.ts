import { DemoSeedService, DEMO_TENANT } from '../../../src/modules/auth/demo-seed.service.js';
import { AuthService } from '../../../src/modules/auth/auth.service.js';
import { TenantService } from '../../../src/modules/tenants/tenant.service.js';
import { startTestApp, type TestApp } from '../../support/app.js';

/** Time limit for hooks and tests that boot the app or hash passwords (a limit, never an assertion). */
const SLOW = 120_000;

describe('demo seed', () => {
  let t: TestApp;
  let printed = '';

  beforeAll(async () => {
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (chunk: string | Uint8Array) => ((printed += String(chunk)), true);
    try {
      t = await startTestApp({ DEMO_SEED: 'true' });
    } finally {
      process.stdout.write = write;
    }
  }, SLOW);
  afterAll(async () => {
    await t?.close();
  }, SLOW);

  it(
    'creates Musterstadt with its Leitweg-ID on the first start and prints the admin password once',
    async () => {
      const tenant = await t.app.get(TenantService).resolve(DEMO_TENANT.slug);
      expect(tenant).toMatchObject({
        name: 'Musterstadt',
        kind: 'municipality',
        receiverIds: [{ scheme: '0204', value: DEMO_TENANT.leitwegId }],
      });
      const match = /Password: (\S+)/.exec(printed);
      expect(printed).toContain(DEMO_TENANT.adminEmail);
      const login = await t.app.get(AuthService).login(DEMO_TENANT.adminEmail, match![1]);
      expect(login).toMatchObject({
        mustChangePassword: true,
        principal: { tenantId: tenant.id, roles: ['admin'] },
      });
    },
    SLOW,
  );

  it(
    'does nothing on later starts',
    async () => {
      const lines: string[] = [];
      await expect(t.app.get(DemoSeedService).seed((s) => lines.push(s))).resolves.toBeUndefined();
      expect(lines).toEqual([]);
      expect(await t.app.get(TenantService).count()).toBe(1);
    },
    SLOW,
  );

  it(
    'routes the official test Leitweg-ID to the demo tenant',
    async () => {
      const tenant = await t.app.get(TenantService).findByReceiverId('0204', DEMO_TENANT.leitwegId);
      expect(tenant?.slug).toBe('musterstadt');
      expect(await t.app.get(TenantService).findByReceiverId('0204', '99000000-18188-18')).toBeUndefined();
    },
    SLOW,
  );
});

/**
 * `einvoice tenant update`: the operator renames a tenant and moves its Leitweg-IDs, and
 * intake routing follows at once; a bad, foreign or missing id changes nothing at all.
 */
import * as tenantCommand from '../../../src/modules/tenants/cli/tenant.command.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { IdentityContext, randomLeitwegId, type TenantFixture } from '../auth/identity-context.js';
import { runCli } from '../auth/run-cli.js';

/** Time limit for hooks and tests that boot the app (a limit, never an assertion). */
const SLOW = 120_000;

let t: TestApp;
let ctx: IdentityContext;
let a: TenantFixture;
let b: TenantFixture;

beforeAll(async () => {
  t = await startTestApp();
  ctx = new IdentityContext(t.app);
  a = await ctx.newTenant();
  b = await ctx.newTenant();
}, SLOW);

afterAll(async () => {
  await t?.close();
}, SLOW);

const cli = (args: string[]) => runCli(tenantCommand, args, { DATABASE_URL: t.db.url });
const leitwegOf = (tenant: { receiverIds: readonly { scheme: string; value: string }[] }) =>
  tenant.receiverIds.filter((r) => r.scheme === '0204').map((r) => r.value);

describe('operator CLI: tenant update', () => {
  it(
    'renames a tenant and moves a Leitweg-ID; routing follows; audited',
    async () => {
      const [old] = leitwegOf(a.tenant);
      const fresh = randomLeitwegId();
      const res = await cli([
        'update',
        '--tenant',
        a.tenant.slug,
        '--name',
        'Stadt Neuhausen',
        '--add-leitweg-id',
        fresh.toLowerCase(),
        '--remove-leitweg-id',
        old,
        '--json',
      ]);
      expect(res.code).toBe(0);
      expect(res.json()).toMatchObject({ id: a.tenant.id, name: 'Stadt Neuhausen', slug: a.tenant.slug });
      expect(leitwegOf(res.json())).toEqual([fresh]);
      expect((await ctx.tenants.findByReceiverId('0204', fresh))?.id).toBe(a.tenant.id);
      expect(await ctx.tenants.findByReceiverId('0204', old)).toBeUndefined();

      // An id the tenant already has is no conflict.
      const again = await cli(['update', '--tenant', a.tenant.id, '--add-leitweg-id', fresh]);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain(`0204:${fresh}`);

      const [row] = await t.db.dataSource.query<{ n: number }[]>(
        `SELECT (SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND action = 'tenant.updated')
              + (SELECT count(*) FROM audit_pending WHERE tenant_id = $1 AND action = 'tenant.updated') AS n`,
        [a.tenant.id],
      );
      expect(Number(row.n)).toBe(2);
    },
    SLOW,
  );

  it(
    "refuses wrong check digits, another tenant's id and an id the tenant does not have, changing nothing",
    async () => {
      const before = await ctx.tenants.get(a.tenant.id);
      const cases: [string[], string][] = [
        [['--add-leitweg-id', '04011000-12345-34'], 'TENANT_LEITWEG_ID_INVALID'],
        [['--add-leitweg-id', leitwegOf(b.tenant)[0]], 'TENANT_RECEIVER_ID_TAKEN'],
        [['--remove-leitweg-id', randomLeitwegId()], 'TENANT_RECEIVER_ID_NOT_FOUND'],
        [['--name', ' '], 'TENANT_INVALID'],
      ];
      for (const [extra, code] of cases) {
        const res = await cli([
          'update',
          '--tenant',
          a.tenant.slug,
          '--name',
          'Umbenannt',
          ...extra,
          '--json',
        ]);
        expect({ extra, code: res.code, error: res.json().error.code }).toEqual({
          extra,
          code: 1,
          error: code,
        });
      }
      expect(await ctx.tenants.get(a.tenant.id)).toEqual(before);
      expect((await ctx.tenants.get(b.tenant.id)).receiverIds).toEqual(b.tenant.receiverIds);
    },
    SLOW,
  );

  it(
    'answers an unknown tenant and an update without changes',
    async () => {
      const unknown = await cli(['update', '--tenant', 'gibt-es-nicht', '--name', 'X', '--json']);
      expect(unknown.code).toBe(1);
      expect(unknown.json().error.code).toBe('TENANT_NOT_FOUND');
      const nothing = await cli(['update', '--tenant', a.tenant.slug]);
      expect(nothing.code).toBe(2);
      expect(nothing.stderr).toContain('nothing to change');
    },
    SLOW,
  );
});

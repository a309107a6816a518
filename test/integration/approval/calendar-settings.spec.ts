/**
 * A tenant's holiday calendar (Land and region) as its admin sets it through the API and
 * the operator through `einvoice tenant update`, against the real database: refused values
 * name the valid ones and change nothing, a change is audited, no tenant sees another's,
 * and the deadlines of the tenant's invoices follow at once.
 */
import * as tenantCommand from '../../../src/modules/tenants/cli/tenant.command.js';
import { DeadlineService } from '../../../src/modules/approval/calendar/deadline.service.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { call, IdentityContext, type TenantFixture } from '../auth/identity-context.js';
import { runCli } from '../auth/run-cli.js';

/** Time limit for hooks and tests that boot the app (a limit, never an assertion). */
const SLOW = 120_000;

const LANDS = [
  'BW',
  'BY',
  'BE',
  'BB',
  'HB',
  'HH',
  'HE',
  'MV',
  'NI',
  'NW',
  'RP',
  'SL',
  'SN',
  'ST',
  'SH',
  'TH',
];

let t: TestApp;
let ctx: IdentityContext;
let a: TenantFixture;
let b: TenantFixture;
let approver: { token: string };

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
  ctx = new IdentityContext(t.app);
  a = await ctx.newTenant();
  b = await ctx.newTenant();
  approver = await ctx.newUser(a.tenant.id, ['approver']);
}, SLOW);

afterAll(async () => {
  await t?.close();
}, SLOW);

const api = (method: string, path: string, token: string, body?: unknown) =>
  call(t.url, method, `/api/v1/admin/calendar${path}`, { bearer: token, body });
const cli = (args: string[]) => runCli(tenantCommand, args, { DATABASE_URL: t.db.url });

async function auditCount(tenantId: string): Promise<number> {
  const [row] = await t.db.dataSource.query<{ n: number }[]>(
    `SELECT (SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND action = 'tenant.calendar_updated')
          + (SELECT count(*) FROM audit_pending WHERE tenant_id = $1 AND action = 'tenant.calendar_updated') AS n`,
    [tenantId],
  );
  return Number(row.n);
}

describe('admin API: holiday calendar', () => {
  it(
    'starts with nationwide holidays only, sets Thuringia/Eichsfeld, and audits the change once',
    async () => {
      const start = await api('GET', '', a.admin.token);
      expect(start).toMatchObject({
        status: 200,
        body: { land: null, region: null, landName: null, regionName: null },
      });

      const set = await api('PUT', '', a.admin.token, { land: 'th', region: 'eic' });
      expect(set.status).toBe(200);
      expect(set.body).toEqual({
        land: 'TH',
        region: 'EIC',
        landName: { de: 'Thüringen', en: 'Thuringia' },
        regionName: { de: 'Landkreis Eichsfeld', en: 'Eichsfeld district' },
      });
      expect((await api('GET', '', a.admin.token)).body).toEqual(set.body);
      // The same again is no change.
      expect((await api('PUT', '', a.admin.token, { land: 'TH', region: 'EIC' })).status).toBe(200);
      expect(await auditCount(a.tenant.id)).toBe(1);

      // The other tenant is untouched.
      expect((await api('GET', '', b.admin.token)).body).toMatchObject({ land: null, region: null });
    },
    SLOW,
  );

  it(
    'refuses an unknown Land or region with 422, lists the valid values, and changes nothing',
    async () => {
      const before = (await api('GET', '', a.admin.token)).body;
      const land = await api('PUT', '', a.admin.token, { land: 'XY' });
      expect(land.status).toBe(422);
      expect(land.body.error).toMatchObject({ code: 'CALENDAR_LAND_UNKNOWN', details: { land: 'XY' } });
      expect([...land.body.error.details.valid].sort()).toEqual([...LANDS].sort());

      const region = await api('PUT', '', a.admin.token, { land: 'TH', region: 'BZ' });
      expect(region.status).toBe(422);
      expect(region.body.error).toMatchObject({
        code: 'CALENDAR_REGION_UNKNOWN',
        details: { land: 'TH', region: 'BZ' },
      });
      expect([...region.body.error.details.valid].sort()).toEqual(['EIC', 'UH', 'WAK']);

      const orphan = await api('PUT', '', a.admin.token, { land: null, region: 'EIC' });
      expect(orphan.status).toBe(422);
      expect(orphan.body.error).toMatchObject({ code: 'CALENDAR_REGION_UNKNOWN', details: { valid: [] } });

      // A body without `land` must not clear the setting by a typo.
      const typo = await api('PUT', '', a.admin.token, { Land: 'BY' });
      expect(typo.status).toBe(400);
      expect(typo.body.error).toMatchObject({ code: 'CALENDAR_INVALID_INPUT', details: { field: 'land' } });
      expect((await api('PUT', '', a.admin.token, { land: 7 })).status).toBe(400);

      expect((await api('GET', '', a.admin.token)).body).toEqual(before);
      expect(await auditCount(a.tenant.id)).toBe(1);
    },
    SLOW,
  );

  it(
    'is for admins only',
    async () => {
      expect((await api('GET', '', approver.token)).status).toBe(403);
      expect((await api('PUT', '', approver.token, { land: 'BE' })).status).toBe(403);
      expect((await call(t.url, 'GET', '/api/v1/admin/calendar')).status).toBe(401);
    },
    SLOW,
  );

  it(
    "lists the places to choose from and the tenant's public holidays of a year",
    async () => {
      const places = await api('GET', '/places', a.admin.token);
      expect(places.status).toBe(200);
      expect(places.body.map((p: { code: string }) => p.code)).toEqual(LANDS);
      const sachsen = places.body.find((p: { code: string }) => p.code === 'SN');
      expect(sachsen.regions).toEqual([
        { code: 'BZ', name: expect.objectContaining({ de: expect.any(String) }) },
      ]);
      const bayern = places.body.find((p: { code: string }) => p.code === 'BY');
      expect(bayern.regions.map((r: { code: string }) => r.code)).toEqual(
        expect.arrayContaining(['A', 'EVANG']),
      );

      const holidays = await api('GET', '/holidays?year=2027', a.admin.token);
      expect(holidays.status).toBe(200);
      expect(holidays.body).toContainEqual({
        date: '2027-05-27',
        name: { de: 'Fronleichnam', en: 'Corpus Christi' },
      });
      const berlin = await api('GET', '/holidays?year=2027', b.admin.token);
      expect(berlin.body.map((h: { date: string }) => h.date)).not.toContain('2027-05-27');
      expect((await api('GET', '/holidays?year=27', a.admin.token)).status).toBe(400);
      expect((await api('GET', '/holidays', a.admin.token)).status).toBe(400);
    },
    SLOW,
  );

  it('is documented in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${t.url}/api/docs-json`)).json()) as { paths: Record<string, object> };
    expect(Object.keys(doc.paths['/api/v1/admin/calendar'] ?? {}).sort()).toEqual(['get', 'put']);
    expect(doc.paths['/api/v1/admin/calendar/places']).toBeDefined();
  });
});

describe('deadlines on the tenant calendar', () => {
  it(
    "moves a Skonto deadline on Corpus Christi in the Eichsfeld tenant's calendar, not in Berlin's",
    async () => {
      const deadlines = t.app.get(DeadlineService);
      expect((await api('PUT', '', b.admin.token, { land: 'BE' })).status).toBe(200);
      // As intake stores them: invoice date 13 May 2027 + 14 days = Thursday 27 May 2027.
      const offers = [
        {
          until: '2027-05-27',
          days: 14,
          percent: '2.00',
          baseAmount: '1190.00',
          discountAmount: '23.80',
          amountToPay: '1166.20',
        },
        // + 16 days: Saturday 29 May 2027.
        {
          until: '2027-05-29',
          days: 16,
          percent: '1.00',
          baseAmount: '1190.00',
          discountAmount: '11.90',
          amountToPay: '1178.10',
        },
      ];
      expect(await deadlines.skontoDeadlines(a.tenant.id, offers)).toEqual([
        {
          ...offers[0],
          deadline: '2027-05-28',
          moved: {
            date: '2027-05-27',
            reason: 'holiday',
            name: { de: 'Fronleichnam', en: 'Corpus Christi' },
          },
        },
        {
          ...offers[1],
          deadline: '2027-05-31',
          moved: { date: '2027-05-29', reason: 'weekend', weekday: 'saturday' },
        },
      ]);
      const berlin = await deadlines.skontoDeadlines(b.tenant.id, offers);
      expect(berlin[0]).toEqual({ ...offers[0], deadline: '2027-05-27' });
      expect(berlin[1].deadline).toBe('2027-05-31');

      // Good Friday 2027 (26 March): Tuesday after Easter, for both.
      expect(await deadlines.dueDeadline(a.tenant.id, '2027-03-26')).toMatchObject({
        until: '2027-03-26',
        deadline: '2027-03-30',
        moved: { reason: 'holiday', name: { de: 'Karfreitag' } },
      });
      expect((await deadlines.dueDeadline(b.tenant.id, '2027-03-26')).deadline).toBe('2027-03-30');
      await expect(deadlines.dueDeadline(a.tenant.id, '26.03.2027')).rejects.toMatchObject({
        code: 'CALENDAR_DATE_INVALID',
      });
    },
    SLOW,
  );
});

describe('operator CLI: tenant update --land/--region', () => {
  it(
    'sets, narrows and clears the place; --land alone drops the region, --region alone keeps the Land',
    async () => {
      const set = await cli([
        'update',
        '--tenant',
        b.tenant.slug,
        '--land',
        'SN',
        '--region',
        'BZ',
        '--json',
      ]);
      expect(set.code).toBe(0);
      expect(set.json()).toMatchObject({ id: b.tenant.id, calendar: { land: 'SN', region: 'BZ' } });
      expect((await t.app.get(DeadlineService).dueDeadline(b.tenant.id, '2027-05-27')).deadline).toBe(
        '2027-05-28',
      );

      const land = await cli(['update', '--tenant', b.tenant.slug, '--land', 'SN', '--json']);
      expect(land.json().calendar).toEqual({ land: 'SN', region: null });
      expect((await t.app.get(DeadlineService).dueDeadline(b.tenant.id, '2027-05-27')).deadline).toBe(
        '2027-05-27',
      );

      const text = await cli(['update', '--tenant', b.tenant.id, '--land', 'TH', '--region', 'WAK']);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain('holidays: TH (Thüringen) WAK (Wartburgkreis');
      const region = await cli(['update', '--tenant', b.tenant.slug, '--region', 'EIC', '--json']);
      expect(region.json().calendar).toEqual({ land: 'TH', region: 'EIC' });
      const noRegion = await cli(['update', '--tenant', b.tenant.slug, '--region', 'none', '--json']);
      expect(noRegion.json().calendar).toEqual({ land: 'TH', region: null });
      const cleared = await cli(['update', '--tenant', b.tenant.slug, '--land', 'none', '--json']);
      expect(cleared.json().calendar).toEqual({ land: null, region: null });

      // BE (API, above), SN/BZ, SN, TH/WAK, TH/EIC, TH, none.
      expect(await auditCount(b.tenant.id)).toBe(7);
    },
    SLOW,
  );

  it(
    'refuses an unknown Land or region and then changes nothing, not even the name given with it',
    async () => {
      const before = await ctx.tenants.get(b.tenant.id);
      const land = await cli([
        'update',
        '--tenant',
        b.tenant.slug,
        '--name',
        'Umbenannt',
        '--land',
        'XX',
        '--json',
      ]);
      expect(land.code).toBe(1);
      expect(land.json().error).toMatchObject({ code: 'CALENDAR_LAND_UNKNOWN', details: { land: 'XX' } });
      const region = await cli(['update', '--tenant', b.tenant.slug, '--land', 'BY', '--region', 'EIC']);
      expect(region.code).toBe(1);
      expect(region.stderr).toContain('CALENDAR_REGION_UNKNOWN');
      expect(region.stderr).toMatch(/"valid":\[[^\]]*"A"/);
      expect(await ctx.tenants.get(b.tenant.id)).toEqual(before);
      expect((await api('GET', '', b.admin.token)).body).toMatchObject({ land: null, region: null });
    },
    SLOW,
  );

  it(
    'is backed by the database: a region needs a Land, a Land must be one',
    async () => {
      await expect(
        t.db.dataSource.query(
          `UPDATE tenants SET holiday_land = NULL, holiday_region = 'EIC' WHERE id = $1`,
          [b.tenant.id],
        ),
      ).rejects.toThrow(/ck_tenants_holiday_region/);
      await expect(
        t.db.dataSource.query(`UPDATE tenants SET holiday_land = 'XX' WHERE id = $1`, [b.tenant.id]),
      ).rejects.toThrow(/ck_tenants_holiday_land/);
    },
    SLOW,
  );
});

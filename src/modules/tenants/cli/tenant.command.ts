/** `einvoice tenant create|list|update` — operator commands for tenants. */
import { TransactionRunner } from '../../../database/tenant-transaction.js';
import { CalendarSettingsRepository } from '../../approval/calendar/calendar-settings.repository.js';
import {
  type CalendarSettings,
  CalendarSettingsService,
} from '../../approval/calendar/calendar-settings.service.js';
import { runCommand, operatorActor, parse, table, UsageError } from '../../auth/cli/cli-support.js';
import { TENANT_KINDS, type TenantKind } from '../entities/tenant.entity.js';
import type { ReceiverId, Tenant } from '../tenant.repository.js';

const USAGE = `usage: einvoice tenant <command> [--json]

  create --name NAME [--slug SLUG] [--kind municipality|company]
         [--leitweg-id ID]... [--receiver-id SCHEME:VALUE]...
                      create a tenant (Leitweg-IDs are checked, check digits included)
  list                list all tenants
  update --tenant SLUG|ID [--name NAME] [--add-leitweg-id ID]... [--remove-leitweg-id ID]...
         [--land CODE|none] [--region CODE|none]
                      rename a tenant, add or remove Leitweg-IDs (the slug stays);
                      set the Land (ISO 3166-2: BW BY BE BB HB HH HE MV NI NW RP SL SN ST
                      SH TH) and region (e.g. TH EIC, SN BZ, BY A) whose public holidays
                      move its deadlines. --land alone removes the region, --region alone
                      keeps the Land; none: nationwide holidays only / no region
`;

const tenantJson = (t: Tenant) => ({
  id: t.id,
  name: t.name,
  slug: t.slug,
  kind: t.kind,
  receiverIds: t.receiverIds,
  createdAt: t.createdAt.toISOString(),
});

export async function run(argv: string[]): Promise<number> {
  return runCommand('tenant', USAGE, argv, () => {
    const { values, positionals } = parse(argv, {
      name: { type: 'string' },
      slug: { type: 'string' },
      kind: { type: 'string' },
      'leitweg-id': { type: 'string', multiple: true },
      'receiver-id': { type: 'string', multiple: true },
      tenant: { type: 'string' },
      'add-leitweg-id': { type: 'string', multiple: true },
      'remove-leitweg-id': { type: 'string', multiple: true },
      land: { type: 'string' },
      region: { type: 'string' },
    });
    const [sub, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    switch (sub) {
      case 'create': {
        if (!values.name) throw new UsageError('--name is required');
        if (values.kind !== undefined && !(TENANT_KINDS as readonly string[]).includes(values.kind)) {
          throw new UsageError(`--kind must be one of ${TENANT_KINDS.join(', ')}`);
        }
        const receiverIds: ReceiverId[] = (values['receiver-id'] ?? []).map((r) => {
          const m = /^(\d{4}):(.+)$/.exec(r);
          if (!m)
            throw new UsageError(`--receiver-id must be SCHEME:VALUE with a 4-digit scheme (got '${r}')`);
          return { scheme: m[1], value: m[2] };
        });
        const name = values.name;
        return async ({ tenants }, out) => {
          const tenant = await tenants.create(
            {
              name,
              slug: values.slug,
              kind: values.kind as TenantKind | undefined,
              leitwegIds: values['leitweg-id'] ?? [],
              receiverIds,
            },
            operatorActor(),
          );
          const ids = tenant.receiverIds.map((r) => `${r.scheme}:${r.value}`).join(', ') || 'none';
          out.result(
            `created tenant ${tenant.slug} (${tenant.id}), receiver ids: ${ids}`,
            tenantJson(tenant),
          );
          return 0;
        };
      }
      case 'list':
        return async ({ tenants }, out) => {
          const all = await tenants.listAll();
          out.result(
            table(
              ['SLUG', 'NAME', 'KIND', 'RECEIVER IDS', 'ID'],
              all.map((t) => [
                t.slug,
                t.name,
                t.kind,
                t.receiverIds.map((r) => `${r.scheme}:${r.value}`).join(' '),
                t.id,
              ]),
            ),
            all.map(tenantJson),
          );
          return 0;
        };
      case 'update': {
        const tenantRef = values.tenant;
        if (!tenantRef) throw new UsageError('--tenant is required');
        const add = values['add-leitweg-id'] ?? [];
        const remove = values['remove-leitweg-id'] ?? [];
        const renames = values.name !== undefined || add.length > 0 || remove.length > 0;
        const placed = values.land !== undefined || values.region !== undefined;
        if (!renames && !placed) {
          throw new UsageError(
            'nothing to change: give --name, --add-leitweg-id, --remove-leitweg-id, --land and/or --region',
          );
        }
        const none = (v: string) => (v.trim().toLowerCase() === 'none' ? null : v);
        return async ({ tenants, audit }, out, ds) => {
          const before = await tenants.resolve(tenantRef);
          const tx = new TransactionRunner(ds);
          const calendars = new CalendarSettingsService(new CalendarSettingsRepository(ds), audit, tx);
          // One transaction: a refused Land leaves the name and the Leitweg-IDs unchanged too.
          const { tenant, calendar } = await tx.inTenant(before.id, async () => {
            const tenant = renames
              ? await tenants.update(
                  before.id,
                  { name: values.name, addLeitwegIds: add, removeLeitwegIds: remove },
                  operatorActor(),
                )
              : before;
            let calendar = await calendars.get(before.id);
            if (placed) {
              const land = values.land !== undefined ? none(values.land) : calendar.land;
              const region =
                values.region !== undefined
                  ? none(values.region)
                  : values.land !== undefined
                    ? null
                    : calendar.region;
              calendar = await calendars.update(before.id, { land, region }, operatorActor());
            }
            return { tenant, calendar };
          });
          const ids = tenant.receiverIds.map((r) => `${r.scheme}:${r.value}`).join(', ') || 'none';
          out.result(
            `updated tenant ${tenant.slug} (${tenant.id}): name '${tenant.name}', receiver ids: ${ids}, ` +
              `holidays: ${describeCalendar(calendar)}`,
            { ...tenantJson(tenant), calendar: { land: calendar.land, region: calendar.region } },
          );
          return 0;
        };
      }
      default:
        throw new UsageError(sub ? `unknown command '${sub}'` : 'missing command');
    }
  });
}

function describeCalendar(c: CalendarSettings): string {
  if (!c.land) return 'nationwide only';
  const region = c.region ? ` ${c.region} (${c.regionName?.de ?? c.region})` : '';
  return `${c.land} (${c.landName?.de ?? c.land})${region}`;
}

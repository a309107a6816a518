import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../common/errors/domain-error.js';
import { TransactionRunner } from '../../../database/tenant-transaction.js';
import { AuditService } from '../../audit/audit.service.js';
import { TenantErrors } from '../../tenants/tenants.errors.js';
import { CalendarErrors } from './calendar.errors.js';
import { CalendarSettingsRepository } from './calendar-settings.repository.js';
import {
  checkHolidayPlace,
  type GermanLand,
  type HolidayPlace,
  holidayPlaces,
  isGermanLand,
  type LandInfo,
  type Names,
} from './holiday-places.js';

/** A tenant's holiday calendar: where it is, as far as public holidays go. */
export interface CalendarSettings {
  readonly land: GermanLand | null;
  readonly region: string | null;
  readonly landName: Names | null;
  readonly regionName: Names | null;
}

export interface CalendarSettingsInput {
  /** ISO 3166-2 code of the Land (`TH`), case-insensitive; null or blank: nationwide holidays only. */
  readonly land?: string | null;
  /** Region of the Land with holidays of its own (`EIC`); null or blank: none. */
  readonly region?: string | null;
}

/** Reads and changes the Land and region whose public holidays move the tenant's deadlines. */
@Injectable()
export class CalendarSettingsService {
  constructor(
    private readonly settings: CalendarSettingsRepository,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
  ) {}

  /** The tenant's place as the calendar library takes it. */
  async place(tenantId: string): Promise<HolidayPlace> {
    const stored = await this.settings.find(tenantId);
    if (!stored) throw new DomainError(TenantErrors.TENANT_NOT_FOUND);
    return toPlace(stored.land, stored.region);
  }

  async get(tenantId: string): Promise<CalendarSettings> {
    return describePlace(await this.place(tenantId));
  }

  /**
   * Replaces the tenant's place (both values: a region left out is removed). An unknown
   * Land or a region the Land does not have is refused with the valid values; a change is
   * audited, setting the same place again is not.
   */
  async update(tenantId: string, input: CalendarSettingsInput, actor: string): Promise<CalendarSettings> {
    const check = checkHolidayPlace(input.land, input.region);
    if (!check.ok) {
      if (check.problem === 'land') {
        throw new DomainError(CalendarErrors.CALENDAR_LAND_UNKNOWN, { land: check.land, valid: check.valid });
      }
      throw new DomainError(CalendarErrors.CALENDAR_REGION_UNKNOWN, {
        land: check.land,
        region: check.region,
        valid: check.valid,
      });
    }
    const place = check.place;
    const next = { land: place.land ?? null, region: place.region ?? null };
    return this.tx.inTenant(tenantId, async () => {
      const before = await this.settings.replace(tenantId, next);
      if (!before) throw new DomainError(TenantErrors.TENANT_NOT_FOUND);
      if (before.land !== next.land || before.region !== next.region) {
        await this.audit.record({
          tenantId,
          actor,
          action: 'tenant.calendar_updated',
          subject: `tenant:${tenantId}`,
          data: { from: before, to: next },
        });
      }
      return describePlace(place);
    });
  }

  /** Every Land with its regions, for a choice. */
  places(): readonly LandInfo[] {
    return holidayPlaces();
  }
}

/**
 * A stored place; a value the holiday data no longer knows (after an update of it) falls
 * back to what is still sure: the Land without the region, or nationwide holidays.
 */
function toPlace(land: string | null, region: string | null): HolidayPlace {
  if (!isGermanLand(land)) return {};
  const check = checkHolidayPlace(land, region);
  return check.ok ? check.place : { land };
}

function describePlace(place: HolidayPlace): CalendarSettings {
  const land = place.land ? holidayPlaces().find((p) => p.code === place.land) : undefined;
  const region = place.region ? land?.regions.find((r) => r.code === place.region) : undefined;
  return {
    land: land?.code ?? null,
    region: region?.code ?? null,
    landName: land?.name ?? null,
    regionName: region?.name ?? null,
  };
}

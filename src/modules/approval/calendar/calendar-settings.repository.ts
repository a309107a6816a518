import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withTenant } from '../../../database/tenant-transaction.js';

/** A tenant's holiday place as stored (`tenants.holiday_land`, `tenants.holiday_region`). */
export interface StoredHolidayPlace {
  readonly land: string | null;
  readonly region: string | null;
}

/** The two holiday columns of the caller's own tenant row; the rest of the row is the tenants module's. */
@Injectable()
export class CalendarSettingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(tenantId: string): Promise<StoredHolidayPlace | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const [row] = await m.query<{ holiday_land: string | null; holiday_region: string | null }[]>(
        `SELECT holiday_land, holiday_region FROM tenants WHERE id = $1`,
        [tenantId],
      );
      return row ? { land: row.holiday_land, region: row.holiday_region } : undefined;
    });
  }

  /**
   * Sets the place and answers what it was before (undefined: no such tenant). The row is
   * locked first, so two admins changing it at once are audited in the order they wrote.
   */
  async replace(tenantId: string, place: StoredHolidayPlace): Promise<StoredHolidayPlace | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const [before] = await m.query<{ holiday_land: string | null; holiday_region: string | null }[]>(
        `SELECT holiday_land, holiday_region FROM tenants WHERE id = $1 FOR UPDATE`,
        [tenantId],
      );
      if (!before) return undefined;
      await m.query(
        `UPDATE tenants SET holiday_land = $2, holiday_region = $3, updated_at = now() WHERE id = $1`,
        [tenantId, place.land, place.region],
      );
      return { land: before.holiday_land, region: before.holiday_region };
    });
  }
}

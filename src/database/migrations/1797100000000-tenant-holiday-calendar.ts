import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where a tenant is, for the public holidays its deadlines depend on (§ 193 BGB): its Land
 * (ISO 3166-2 subdivision code without `DE-`) and, where a holiday applies to part of a
 * Land only, a region code of the holiday data (e.g. `EIC` Eichsfeld in Thuringia). Both
 * empty: nationwide holidays only. The application checks the region against the regions
 * of the Land; the database keeps the shape and that a region has its Land.
 */
export class TenantHolidayCalendar1797100000000 implements MigrationInterface {
  name = 'TenantHolidayCalendar1797100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tenants
        ADD COLUMN holiday_land text,
        ADD COLUMN holiday_region text,
        ADD CONSTRAINT ck_tenants_holiday_land CHECK (holiday_land IN (
          'BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH')),
        ADD CONSTRAINT ck_tenants_holiday_region CHECK (
          holiday_region IS NULL OR (holiday_land IS NOT NULL AND holiday_region ~ '^[A-Z]{1,8}$'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tenants
        DROP CONSTRAINT ck_tenants_holiday_region,
        DROP CONSTRAINT ck_tenants_holiday_land,
        DROP COLUMN holiday_region,
        DROP COLUMN holiday_land`);
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withTenant } from '../../../database/tenant-transaction.js';

type Row = Record<string, unknown>;

/** What the EXTF header of a tenant's batches needs (per tenant, set by its admin). */
export interface DatevSettings {
  readonly beraterNr: number;
  readonly mandantNr: number;
  /** Month (1–12) the fiscal year (Wirtschaftsjahr) begins. */
  readonly wjBeginMonth: number;
  /** Sachkontenlänge, 4–8. */
  readonly sachkontenLaenge: number;
  /** Gegenkonto for creditors without a creditor number. */
  readonly defaultKreditor: string | null;
  readonly skr: '03' | '04';
}

const toSettings = (r: Row): DatevSettings => ({
  beraterNr: r.berater_nr as number,
  mandantNr: r.mandant_nr as number,
  wjBeginMonth: r.wj_begin_month as number,
  sachkontenLaenge: r.sachkonten_laenge as number,
  defaultKreditor: r.default_kreditor as string | null,
  skr: r.skr as '03' | '04',
});

@Injectable()
export class DatevSettingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async get(tenantId: string): Promise<DatevSettings | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(`SELECT * FROM posting_datev_settings WHERE tenant_id = $1`, [
        tenantId,
      ]);
      return rows[0] ? toSettings(rows[0]) : undefined;
    });
  }

  async set(tenantId: string, s: DatevSettings): Promise<DatevSettings> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `INSERT INTO posting_datev_settings
           (tenant_id, berater_nr, mandant_nr, wj_begin_month, sachkonten_laenge, default_kreditor, skr)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (tenant_id) DO UPDATE SET berater_nr = EXCLUDED.berater_nr, mandant_nr = EXCLUDED.mandant_nr,
           wj_begin_month = EXCLUDED.wj_begin_month, sachkonten_laenge = EXCLUDED.sachkonten_laenge,
           default_kreditor = EXCLUDED.default_kreditor, skr = EXCLUDED.skr, updated_at = now()
         RETURNING *`,
        [tenantId, s.beraterNr, s.mandantNr, s.wjBeginMonth, s.sachkontenLaenge, s.defaultKreditor, s.skr],
      );
      return toSettings(rows[0]);
    });
  }
}

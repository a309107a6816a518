import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withSystemContext, withTenant } from '../../../database/tenant-transaction.js';

type Row = Record<string, unknown>;

/** The callback URL of each access point (API key) of a tenant. */
@Injectable()
export class PeppolCallbackRepository {
  constructor(private readonly dataSource: DataSource) {}

  async set(tenantId: string, apiKeyId: string, url: string): Promise<void> {
    await withTenant(this.dataSource, tenantId, (m) =>
      m.query(
        `INSERT INTO peppol_callbacks (api_key_id, tenant_id, url) VALUES ($1, $2, $3)
         ON CONFLICT (api_key_id) DO UPDATE SET url = EXCLUDED.url, updated_at = now()`,
        [apiKeyId, tenantId, url],
      ),
    );
  }

  async get(tenantId: string, apiKeyId: string): Promise<string | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT url FROM peppol_callbacks WHERE tenant_id = $1 AND api_key_id = $2`,
        [tenantId, apiKeyId],
      );
      return rows[0]?.url as string | undefined;
    });
  }

  async list(tenantId: string): Promise<Array<{ apiKeyId: string; url: string }>> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT api_key_id, url FROM peppol_callbacks WHERE tenant_id = $1 ORDER BY api_key_id`,
        [tenantId],
      );
      return rows.map((r) => ({ apiKeyId: r.api_key_id as string, url: r.url as string }));
    });
  }

  /** For the recovery sweep: decided Peppol deliveries whose response was not yet POSTed to a configured callback. */
  async listUndeliveredAcrossTenants(
    limit: number,
  ): Promise<Array<{ tenantId: string; messageId: string; invoiceId: string }>> {
    return withSystemContext(this.dataSource, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT i.tenant_id, i.message_id, i.id::text AS invoice_id
           FROM invoices i
           JOIN inbound_messages msg ON msg.id = i.message_id
           JOIN peppol_callbacks cb ON 'api-key:' || cb.api_key_id::text = msg.meta->>'accessPoint'
          WHERE msg.channel = 'peppol' AND i.answered_at IS NULL
            AND i.status IN ('rejected', 'duplicate', 'awaiting_approval')
          LIMIT $1`,
        [limit],
      );
      return rows.map((r) => ({
        tenantId: r.tenant_id as string,
        messageId: r.message_id as string,
        invoiceId: r.invoice_id as string,
      }));
    });
  }
}

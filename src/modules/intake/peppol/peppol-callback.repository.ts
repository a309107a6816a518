import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withSystemContext, withTenant } from '../../../database/tenant-transaction.js';

type Row = Record<string, unknown>;

export interface PeppolCallback {
  readonly apiKeyId: string;
  readonly url: string;
  readonly enabled: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly lastDeliveredAt: Date | null;
  /** A stable code (`CALLBACK_DELIVERY_FAILED`, `OUTBOUND_ADDRESS_FORBIDDEN`), never the target's answer. */
  readonly lastError: string | null;
}

const toCallback = (r: Row): PeppolCallback => ({
  apiKeyId: r.api_key_id as string,
  url: r.url as string,
  enabled: r.enabled as boolean,
  createdAt: r.created_at as Date,
  updatedAt: r.updated_at as Date,
  lastDeliveredAt: r.last_delivered_at as Date | null,
  lastError: r.last_error as string | null,
});

/** The callback URL of each access point (API key) of a tenant. */
@Injectable()
export class PeppolCallbackRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Sets (or replaces) the URL; a new URL starts without the old one's error. */
  async set(tenantId: string, apiKeyId: string, url: string): Promise<PeppolCallback> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `INSERT INTO peppol_callbacks (api_key_id, tenant_id, url) VALUES ($1, $2, $3)
         ON CONFLICT (api_key_id) DO UPDATE SET url = EXCLUDED.url, updated_at = now(), last_error = NULL
         RETURNING *`,
        [apiKeyId, tenantId, url],
      );
      return toCallback(rows[0]);
    });
  }

  async find(tenantId: string, apiKeyId: string): Promise<PeppolCallback | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT * FROM peppol_callbacks WHERE tenant_id = $1 AND api_key_id = $2`,
        [tenantId, apiKeyId],
      );
      return rows[0] ? toCallback(rows[0]) : undefined;
    });
  }

  /** The URL responses are POSTed to; `undefined` when none is set or it is disabled. */
  async get(tenantId: string, apiKeyId: string): Promise<string | undefined> {
    const cb = await this.find(tenantId, apiKeyId);
    return cb?.enabled ? cb.url : undefined;
  }

  async list(tenantId: string): Promise<PeppolCallback[]> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT * FROM peppol_callbacks WHERE tenant_id = $1 ORDER BY api_key_id`,
        [tenantId],
      );
      return rows.map(toCallback);
    });
  }

  async setEnabled(
    tenantId: string,
    apiKeyId: string,
    enabled: boolean,
  ): Promise<PeppolCallback | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      // UPDATE and DELETE answer [rows, count] through TypeORM.
      const [rows] = await m.query<[Row[], number]>(
        `UPDATE peppol_callbacks SET enabled = $3, updated_at = now() WHERE tenant_id = $1 AND api_key_id = $2 RETURNING *`,
        [tenantId, apiKeyId, enabled],
      );
      return rows[0] ? toCallback(rows[0]) : undefined;
    });
  }

  /** Removes the callback; nothing refers to it (deliveries name the API key, which stays). */
  async remove(tenantId: string, apiKeyId: string): Promise<PeppolCallback | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      // UPDATE and DELETE answer [rows, count] through TypeORM.
      const [rows] = await m.query<[Row[], number]>(
        `DELETE FROM peppol_callbacks WHERE tenant_id = $1 AND api_key_id = $2 RETURNING *`,
        [tenantId, apiKeyId],
      );
      return rows[0] ? toCallback(rows[0]) : undefined;
    });
  }

  /** After an attempt: when it was delivered, or the code of what went wrong. */
  async recordAttempt(tenantId: string, apiKeyId: string, error: string | null): Promise<void> {
    await withTenant(this.dataSource, tenantId, (m) =>
      m.query(
        error === null
          ? `UPDATE peppol_callbacks SET last_delivered_at = now(), last_error = NULL WHERE tenant_id = $1 AND api_key_id = $2`
          : `UPDATE peppol_callbacks SET last_error = $3 WHERE tenant_id = $1 AND api_key_id = $2`,
        error === null ? [tenantId, apiKeyId] : [tenantId, apiKeyId, error],
      ),
    );
  }

  /** For the recovery sweep: decided Peppol deliveries whose response was not yet POSTed to an enabled callback. */
  async listUndeliveredAcrossTenants(
    limit: number,
  ): Promise<Array<{ tenantId: string; messageId: string; invoiceId: string }>> {
    return withSystemContext(this.dataSource, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT i.tenant_id, i.message_id, i.id::text AS invoice_id
           FROM invoices i
           JOIN inbound_messages msg ON msg.id = i.message_id
           JOIN peppol_callbacks cb ON 'api-key:' || cb.api_key_id::text = msg.meta->>'accessPoint'
          WHERE msg.channel = 'peppol' AND i.answered_at IS NULL AND cb.enabled
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

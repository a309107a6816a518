import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withSystemContext, withTenant } from '../../../database/tenant-transaction.js';

type Row = Record<string, unknown>;

export interface PostingWebhook {
  readonly apiKeyId: string;
  readonly url: string;
  readonly enabled: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed';

export interface PostingDelivery {
  readonly id: string;
  readonly postingId: string;
  readonly apiKeyId: string;
  readonly webhookId: string;
  readonly state: DeliveryState;
  readonly attempts: number;
  readonly nextAttemptAt: Date;
  readonly lastAttemptAt: Date | null;
  readonly deliveredAt: Date | null;
  readonly lastStatus: number | null;
  /** A stable code (`WEBHOOK_DELIVERY_FAILED`, `WEBHOOK_TIMEOUT`, …), never the receiver's answer. */
  readonly lastError: string | null;
  readonly createdAt: Date;
}

/** A claimed attempt: the delivery, its webhook's URL and secret, and the posting document. */
export interface ClaimedAttempt {
  readonly delivery: PostingDelivery;
  readonly url: string;
  readonly secret: string;
  readonly document: unknown;
  readonly windowStartedAt: Date;
}

const toWebhook = (r: Row): PostingWebhook => ({
  apiKeyId: r.api_key_id as string,
  url: r.url as string,
  enabled: r.enabled as boolean,
  createdAt: r.created_at as Date,
  updatedAt: r.updated_at as Date,
});

const toDelivery = (r: Row): PostingDelivery => ({
  id: r.id as string,
  postingId: r.posting_id as string,
  apiKeyId: r.api_key_id as string,
  webhookId: r.webhook_id as string,
  state: r.state as DeliveryState,
  attempts: r.attempts as number,
  nextAttemptAt: r.next_attempt_at as Date,
  lastAttemptAt: r.last_attempt_at as Date | null,
  deliveredAt: r.delivered_at as Date | null,
  lastStatus: r.last_status as number | null,
  lastError: r.last_error as string | null,
  createdAt: r.created_at as Date,
});

/** Webhook configurations of finance API clients and the deliveries of postings to them. */
@Injectable()
export class WebhookRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates or replaces; `secret` only when a new one is to be stored. */
  async upsert(
    tenantId: string,
    apiKeyId: string,
    input: { url: string; enabled: boolean; secret?: string },
  ): Promise<{ webhook: PostingWebhook; created: boolean }> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `INSERT INTO posting_webhooks (api_key_id, tenant_id, url, secret, enabled) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (api_key_id) DO UPDATE SET url = EXCLUDED.url, enabled = EXCLUDED.enabled,
           secret = CASE WHEN $6 THEN EXCLUDED.secret ELSE posting_webhooks.secret END, updated_at = now()
         RETURNING *, (xmax = 0) AS inserted`,
        [apiKeyId, tenantId, input.url, input.secret ?? 'whsec_', input.enabled, input.secret !== undefined],
      );
      return { webhook: toWebhook(rows[0]), created: rows[0].inserted as boolean };
    });
  }

  async find(tenantId: string, apiKeyId: string): Promise<PostingWebhook | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT * FROM posting_webhooks WHERE tenant_id = $1 AND api_key_id = $2`,
        [tenantId, apiKeyId],
      );
      return rows[0] ? toWebhook(rows[0]) : undefined;
    });
  }

  async list(tenantId: string): Promise<PostingWebhook[]> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT * FROM posting_webhooks WHERE tenant_id = $1 ORDER BY created_at, api_key_id`,
        [tenantId],
      );
      return rows.map(toWebhook);
    });
  }

  /**
   * Creates the missing deliveries of a posting: one per enabled webhook of its tenant made
   * before the posting (a webhook set up later does not replay history). Returns the ids of
   * the posting's deliveries still pending.
   */
  async fanOut(tenantId: string, postingId: string): Promise<string[]> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      await m.query(
        `INSERT INTO posting_deliveries (tenant_id, posting_id, api_key_id, webhook_id)
         SELECT p.tenant_id, p.id, w.api_key_id, 'msg_' || replace(gen_random_uuid()::text, '-', '')
           FROM postings p JOIN posting_webhooks w ON w.tenant_id = p.tenant_id
          WHERE p.tenant_id = $1 AND p.id = $2 AND w.enabled AND w.created_at <= p.created_at
         ON CONFLICT (posting_id, api_key_id) DO NOTHING`,
        [tenantId, postingId],
      );
      const rows: Row[] = await m.query(
        `SELECT id FROM posting_deliveries WHERE tenant_id = $1 AND posting_id = $2 AND state = 'pending'`,
        [tenantId, postingId],
      );
      return rows.map((r) => r.id as string);
    });
  }

  /**
   * Claims the attempt of a due delivery. `FOR UPDATE SKIP LOCKED` keeps two workers from
   * claiming the same attempt at once, and moving `next_attempt_at` past the attempt's
   * timeout (the lease) keeps a second worker from claiming it after the commit; a worker
   * that dies mid-attempt leaves the row due again once the lease runs out.
   */
  async claim(
    tenantId: string,
    deliveryId: string,
    leaseSeconds: number,
  ): Promise<ClaimedAttempt | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const [rows] = await m.query<[Row[], number]>(
        `UPDATE posting_deliveries d
            SET attempts = d.attempts + 1, last_attempt_at = now(),
                next_attempt_at = now() + make_interval(secs => $3)
          WHERE d.id = (SELECT id FROM posting_deliveries
                         WHERE id = $1 AND tenant_id = $2 AND state = 'pending' AND next_attempt_at <= now()
                         FOR UPDATE SKIP LOCKED)
          RETURNING d.*`,
        [deliveryId, tenantId, leaseSeconds],
      );
      const r = rows[0];
      if (!r) return undefined;
      const [joined] = await m.query<Row[]>(
        `SELECT w.url, w.secret, w.enabled, p.document
           FROM posting_webhooks w JOIN postings p ON p.id = $2
          WHERE w.api_key_id = $1 AND w.tenant_id = $3`,
        [r.api_key_id, r.posting_id, tenantId],
      );
      if (!joined?.enabled) {
        // Disabled since: the claim is given back untouched but for the time, and waits.
        await m.query(`UPDATE posting_deliveries SET attempts = attempts - 1 WHERE id = $1`, [deliveryId]);
        return undefined;
      }
      return {
        delivery: toDelivery(r),
        url: joined.url as string,
        secret: joined.secret as string,
        document: joined.document,
        windowStartedAt: r.window_started_at as Date,
      };
    });
  }

  async markDelivered(tenantId: string, deliveryId: string, status: number): Promise<void> {
    await withTenant(this.dataSource, tenantId, (m) =>
      m.query(
        `UPDATE posting_deliveries SET state = 'delivered', delivered_at = now(), last_status = $3, last_error = NULL
          WHERE id = $1 AND tenant_id = $2`,
        [deliveryId, tenantId, status],
      ),
    );
  }

  /** A failed attempt: the next one after `retryInSeconds`, or `failed` when `giveUp`. */
  async markAttemptFailed(
    tenantId: string,
    deliveryId: string,
    outcome: { status: number | null; error: string; retryInSeconds: number; giveUp: boolean },
  ): Promise<void> {
    await withTenant(this.dataSource, tenantId, (m) =>
      m.query(
        `UPDATE posting_deliveries
            SET last_status = $3, last_error = $4,
                state = CASE WHEN $5 THEN 'failed' ELSE 'pending' END,
                next_attempt_at = now() + make_interval(secs => $6)
          WHERE id = $1 AND tenant_id = $2 AND state = 'pending'`,
        [deliveryId, tenantId, outcome.status, outcome.error, outcome.giveUp, outcome.retryInSeconds],
      ),
    );
  }

  async listDeliveries(
    tenantId: string,
    filter: { state?: DeliveryState; limit: number },
  ): Promise<PostingDelivery[]> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT * FROM posting_deliveries WHERE tenant_id = $1 AND ($2::text IS NULL OR state = $2)
          ORDER BY created_at DESC, id LIMIT $3`,
        [tenantId, filter.state ?? null, filter.limit],
      );
      return rows.map(toDelivery);
    });
  }

  async findDelivery(tenantId: string, deliveryId: string): Promise<PostingDelivery | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const rows: Row[] = await m.query(`SELECT * FROM posting_deliveries WHERE tenant_id = $1 AND id = $2`, [
        tenantId,
        deliveryId,
      ]);
      return rows[0] ? toDelivery(rows[0]) : undefined;
    });
  }

  /** An admin's retry: due now, with a fresh give-up window; the webhook id stays. */
  async retry(tenantId: string, deliveryId: string): Promise<PostingDelivery | undefined> {
    return withTenant(this.dataSource, tenantId, async (m) => {
      const [rows] = await m.query<[Row[], number]>(
        `UPDATE posting_deliveries SET state = 'pending', next_attempt_at = now(), window_started_at = now()
          WHERE tenant_id = $1 AND id = $2 AND state <> 'delivered' RETURNING *`,
        [tenantId, deliveryId],
      );
      return rows[0] ? toDelivery(rows[0]) : undefined;
    });
  }

  /**
   * The work the database says is owed, across tenants: postings without a delivery to an
   * enabled webhook made before them, and pending deliveries that are due. `recentOnly`
   * (the frequent relay) looks at the postings of the last day only; the recovery sweep
   * looks at all of them.
   */
  async findOwed(
    limit: number,
    opts: { recentOnly?: boolean } = {},
  ): Promise<{
    fanOut: Array<{ tenantId: string; postingId: string }>;
    due: Array<{ tenantId: string; deliveryId: string }>;
  }> {
    return withSystemContext(this.dataSource, async (m) => {
      const fan: Row[] = await m.query(
        `SELECT DISTINCT p.tenant_id, p.id
           FROM postings p JOIN posting_webhooks w ON w.tenant_id = p.tenant_id AND w.enabled AND w.created_at <= p.created_at
          WHERE NOT EXISTS (SELECT 1 FROM posting_deliveries d WHERE d.posting_id = p.id AND d.api_key_id = w.api_key_id)
            AND ($2::boolean IS NOT TRUE OR p.created_at > now() - interval '1 day')
          LIMIT $1`,
        [limit, opts.recentOnly === true],
      );
      const due: Row[] = await m.query(
        `SELECT d.tenant_id, d.id FROM posting_deliveries d JOIN posting_webhooks w ON w.api_key_id = d.api_key_id
          WHERE d.state = 'pending' AND d.next_attempt_at <= now() AND w.enabled
          ORDER BY d.next_attempt_at LIMIT $1`,
        [limit],
      );
      return {
        fanOut: fan.map((r) => ({ tenantId: r.tenant_id as string, postingId: r.id as string })),
        due: due.map((r) => ({ tenantId: r.tenant_id as string, deliveryId: r.id as string })),
      };
    });
  }
}

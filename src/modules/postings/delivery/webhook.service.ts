import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../../../common/errors/domain-error.js';
import {
  isOutboundForbidden,
  OUTBOUND_ADDRESS_FORBIDDEN,
  OutboundGuard,
} from '../../../common/net/outbound-guard.js';
import { postOutbound } from '../../../common/net/outbound-http.js';
import { AppConfig } from '../../../config/app-config.js';
import { TransactionRunner } from '../../../database/tenant-transaction.js';
import { AuditService } from '../../audit/audit.service.js';
import { ApiKeyService } from '../../auth/api-key.service.js';
import { parseCallbackUrl } from '../../intake/peppol/peppol-callback.service.js';
import { PostingsOutErrors } from '../postings-out.errors.js';
import { parseRetrySchedule, retryDelaySeconds } from './retry-schedule.js';
import { newWebhookSecret, webhookHeaders } from './webhook-signature.js';
import {
  type DeliveryState,
  type PostingDelivery,
  type PostingWebhook,
  WebhookRepository,
} from './webhook.repository.js';

export interface WebhookSetResult {
  readonly webhook: PostingWebhook;
  /** Only when a secret was made (a new webhook, or `rotateSecret`): shown this once. */
  readonly secret?: string;
}

/** What one attempt came to. */
export type AttemptOutcome = 'delivered' | 'retry' | 'failed' | 'not-due';

const DELIVERY_STATES: readonly DeliveryState[] = ['pending', 'delivered', 'failed'];

/**
 * Webhooks for finance systems (Standard Webhooks 1.0): per finance API client one URL and
 * secret; per posting and webhook one delivery with a stable `msg_…` id, POSTed with the
 * Posting as JSON and signed. 2xx is delivered; anything else (status, timeout, refused
 * connection) is retried on the configured schedule with jitter until the give-up window
 * (3 days) has passed, then the delivery is `failed` and an admin can retry it.
 *
 * At-least-once: a receiver that took the POST but answered too late gets it again with the
 * same `webhook-id` and dedupes on it (POSTINGS.md §3.4).
 */
@Injectable()
export class WebhookService {
  private readonly log = new Logger('PostingWebhooks');
  private readonly schedule: number[];
  private readonly timeoutMs: number;
  private readonly giveUpSeconds: number;

  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly apiKeys: ApiKeyService,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
    private readonly guard: OutboundGuard,
    config: AppConfig,
  ) {
    this.schedule = parseRetrySchedule(config.get('POSTINGS_WEBHOOK_RETRY_SECONDS')) ?? [5];
    this.timeoutMs = config.get('POSTINGS_WEBHOOK_TIMEOUT_MS');
    this.giveUpSeconds = config.get('POSTINGS_WEBHOOK_GIVE_UP_SECONDS');
  }

  list(tenantId: string): Promise<PostingWebhook[]> {
    return this.webhooks.list(tenantId);
  }

  /**
   * Creates or changes the webhook of a finance key. A new webhook gets a secret; an existing
   * one keeps its secret unless `rotateSecret` is true. The URL is checked here (a literal
   * internal address is refused at once) and again by every attempt on the address it resolves to.
   */
  async set(tenantId: string, body: unknown, actor: string): Promise<WebhookSetResult> {
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    if (typeof b.apiKeyId !== 'string' || !/^[0-9a-f-]{36}$/i.test(b.apiKeyId))
      throw new DomainError(PostingsOutErrors.POSTINGS_INVALID_INPUT, { field: 'apiKeyId' });
    if (b.enabled !== undefined && typeof b.enabled !== 'boolean')
      throw new DomainError(PostingsOutErrors.POSTINGS_INVALID_INPUT, { field: 'enabled' });
    if (b.rotateSecret !== undefined && typeof b.rotateSecret !== 'boolean')
      throw new DomainError(PostingsOutErrors.POSTINGS_INVALID_INPUT, { field: 'rotateSecret' });
    let url: URL;
    try {
      url = parseCallbackUrl(b.url);
    } catch {
      throw new DomainError(PostingsOutErrors.WEBHOOK_URL_INVALID);
    }
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    this.guard.checkConfigured(url.hostname, port);
    const apiKeyId = b.apiKeyId.toLowerCase();
    const keys = await this.apiKeys.list(tenantId);
    if (!keys.some((k) => k.id === apiKeyId && k.role === 'finance' && !k.revokedAt))
      throw new DomainError(PostingsOutErrors.WEBHOOK_KEY_NOT_FOUND);
    const existing = await this.webhooks.find(tenantId, apiKeyId);
    const secret = !existing || b.rotateSecret === true ? newWebhookSecret() : undefined;
    return this.tx.inTenant(tenantId, async () => {
      const { webhook } = await this.webhooks.upsert(tenantId, apiKeyId, {
        url: url.href,
        enabled: (b.enabled as boolean | undefined) ?? true,
        secret,
      });
      await this.audit.record({
        tenantId,
        actor,
        action: existing ? 'postings.webhook.changed' : 'postings.webhook.created',
        subject: `api-key:${apiKeyId}`,
        data: {
          url: url.href,
          enabled: webhook.enabled,
          secretRotated: existing !== undefined && secret !== undefined,
        },
      });
      return { webhook, ...(secret ? { secret } : {}) };
    });
  }

  listDeliveries(tenantId: string, state: unknown, limit: unknown): Promise<PostingDelivery[]> {
    if (state !== undefined && !DELIVERY_STATES.includes(state as DeliveryState))
      throw new DomainError(PostingsOutErrors.POSTINGS_INVALID_INPUT, {
        field: 'state',
        allowed: DELIVERY_STATES,
      });
    const n = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 1000)
      throw new DomainError(PostingsOutErrors.POSTINGS_INVALID_INPUT, { field: 'limit' });
    return this.webhooks.listDeliveries(tenantId, { state: state as DeliveryState | undefined, limit: n });
  }

  async retry(tenantId: string, deliveryId: string, actor: string): Promise<PostingDelivery> {
    return this.tx.inTenant(tenantId, async () => {
      const before = await this.webhooks.findDelivery(tenantId, deliveryId);
      if (!before) throw new DomainError(PostingsOutErrors.DELIVERY_NOT_FOUND);
      if (before.state === 'delivered') throw new DomainError(PostingsOutErrors.DELIVERY_ALREADY_DELIVERED);
      const after = (await this.webhooks.retry(tenantId, deliveryId))!;
      await this.audit.record({
        tenantId,
        actor,
        action: 'postings.delivery.retried',
        subject: `posting:${before.postingId}`,
        data: { deliveryId, webhookId: before.webhookId, previousState: before.state },
      });
      return after;
    });
  }

  /** Creates a posting's missing deliveries; returns those still pending. */
  fanOut(tenantId: string, postingId: string): Promise<string[]> {
    return this.webhooks.fanOut(tenantId, postingId);
  }

  /**
   * One attempt of one delivery, when it is due and no other worker holds it. The body is
   * the stored Posting document as JSON, the same bytes on every attempt.
   */
  async attempt(tenantId: string, deliveryId: string): Promise<AttemptOutcome> {
    const leaseSeconds = this.timeoutMs / 1000 + 30;
    const claimed = await this.webhooks.claim(tenantId, deliveryId, leaseSeconds);
    if (!claimed) return 'not-due';
    const { delivery } = claimed;
    const body = JSON.stringify(claimed.document);
    const url = new URL(claimed.url);
    let status: number | null = null;
    let error: string;
    try {
      status = await postOutbound(this.guard, url, {
        headers: webhookHeaders(claimed.secret, delivery.webhookId, body, new Date()),
        body,
        timeoutMs: this.timeoutMs,
      });
      if (status >= 200 && status <= 299) {
        await this.webhooks.markDelivered(tenantId, deliveryId, status);
        return 'delivered';
      }
      error = PostingsOutErrors.WEBHOOK_DELIVERY_FAILED.code;
    } catch (err) {
      error = isOutboundForbidden(err)
        ? OUTBOUND_ADDRESS_FORBIDDEN
        : (err as Error).message === 'ETIMEDOUT'
          ? PostingsOutErrors.WEBHOOK_TIMEOUT.code
          : PostingsOutErrors.WEBHOOK_UNREACHABLE.code;
    }
    // What the receiver said stays in the operator's log; the tenant sees the code.
    this.log.warn(
      `delivery ${delivery.webhookId} (attempt ${delivery.attempts}) to ${url.host}: ${status ?? '-'} ${error}`,
    );
    const retryIn = retryDelaySeconds(this.schedule, delivery.attempts, Math.random());
    const windowEnds = claimed.windowStartedAt.getTime() + this.giveUpSeconds * 1000;
    const giveUp = Date.now() + retryIn * 1000 > windowEnds;
    await this.webhooks.markAttemptFailed(tenantId, deliveryId, {
      status,
      error,
      retryInSeconds: retryIn,
      giveUp,
    });
    return giveUp ? 'failed' : 'retry';
  }
}

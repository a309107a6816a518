import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../common/errors/domain-error.js';
import { OutboundGuard } from '../../../common/net/outbound-guard.js';
import { TransactionRunner } from '../../../database/tenant-transaction.js';
import { AuditService } from '../../audit/audit.service.js';
import { ApiKeyService } from '../../auth/api-key.service.js';
import { IntakeErrors } from '../intake.errors.js';
import { PeppolCallbackErrors } from './peppol-callback.errors.js';
import { type PeppolCallback, PeppolCallbackRepository } from './peppol-callback.repository.js';

/**
 * The life cycle of the callback URLs Message Level Responses are POSTed to: set (create
 * or replace), disable / enable, remove; each change audited in its transaction. The URL is
 * checked when it is set (a literal internal address is refused at once) and again, on the
 * address it resolves to, by every delivery (`PeppolRespondJob`).
 */
@Injectable()
export class PeppolCallbackService {
  constructor(
    private readonly callbacks: PeppolCallbackRepository,
    private readonly apiKeys: ApiKeyService,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
    private readonly guard: OutboundGuard,
  ) {}

  list(tenantId: string): Promise<PeppolCallback[]> {
    return this.callbacks.list(tenantId);
  }

  async get(tenantId: string, apiKeyId: string): Promise<PeppolCallback> {
    const cb = await this.callbacks.find(tenantId, apiKeyId);
    if (!cb) throw new DomainError(PeppolCallbackErrors.CALLBACK_NOT_FOUND);
    return cb;
  }

  async set(tenantId: string, apiKeyId: string, rawUrl: unknown, actor: string): Promise<PeppolCallback> {
    const url = parseCallbackUrl(rawUrl);
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    this.guard.checkConfigured(url.hostname, port);
    const keys = await this.apiKeys.list(tenantId);
    if (!keys.some((k) => k.id === apiKeyId && k.role === 'access-point')) {
      throw new DomainError(IntakeErrors.CALLBACK_KEY_NOT_FOUND);
    }
    return this.tx.inTenant(tenantId, async () => {
      const cb = await this.callbacks.set(tenantId, apiKeyId, url.href);
      await this.audit.record({
        tenantId,
        actor,
        action: 'peppol.callback.set',
        subject: `api-key:${apiKeyId}`,
        data: { url: url.href },
      });
      return cb;
    });
  }

  async setEnabled(
    tenantId: string,
    apiKeyId: string,
    enabled: boolean,
    actor: string,
  ): Promise<PeppolCallback> {
    return this.tx.inTenant(tenantId, async () => {
      const cb = await this.callbacks.setEnabled(tenantId, apiKeyId, enabled);
      if (!cb) throw new DomainError(PeppolCallbackErrors.CALLBACK_NOT_FOUND);
      await this.audit.record({
        tenantId,
        actor,
        action: enabled ? 'peppol.callback.enabled' : 'peppol.callback.disabled',
        subject: `api-key:${apiKeyId}`,
      });
      return cb;
    });
  }

  async remove(tenantId: string, apiKeyId: string, actor: string): Promise<void> {
    await this.tx.inTenant(tenantId, async () => {
      const cb = await this.callbacks.remove(tenantId, apiKeyId);
      if (!cb) throw new DomainError(PeppolCallbackErrors.CALLBACK_NOT_FOUND);
      await this.audit.record({
        tenantId,
        actor,
        action: 'peppol.callback.removed',
        subject: `api-key:${apiKeyId}`,
        data: { url: cb.url },
      });
    });
  }
}

/**
 * An absolute http(s) URL without credentials (they would travel to wherever the URL
 * points and sit in the audit log). Parsed by the WHATWG rules, so the host is already in
 * the form a connection uses (`0x7f.1` becomes `127.0.0.1`).
 */
export function parseCallbackUrl(raw: unknown): URL {
  const invalid = () => new DomainError(IntakeErrors.CALLBACK_URL_INVALID);
  if (typeof raw !== 'string' || raw.length > 2000 || !/^https?:\/\/[^\s]+$/i.test(raw)) throw invalid();
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid();
  }
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.username ||
    url.password ||
    !url.hostname
  )
    throw invalid();
  return url;
}

import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../common/errors/domain-error.js';
import { OutboundGuard } from '../../../common/net/outbound-guard.js';
import { TransactionRunner } from '../../../database/tenant-transaction.js';
import { AuditService } from '../../audit/audit.service.js';
import { ImapPoller } from './imap-poller.service.js';
import { MailErrors } from './mail.errors.js';
import type { MailboxInput } from './mailbox.input.js';
import { type Mailbox, type MailboxChanges, MailboxRepository } from './mailbox.repository.js';
import { MailSecrets } from './mail-secrets.js';

/**
 * The life cycle of a tenant's IMAP mailboxes: create, change, disable / enable, remove.
 * Every change is audited in the same transaction, and the watchers of this process follow
 * at once (worker processes elsewhere within their 30-second refresh). A removed mailbox
 * keeps its row — what came in through it still names it — but loses its password.
 */
@Injectable()
export class MailboxService {
  constructor(
    private readonly mailboxes: MailboxRepository,
    private readonly secrets: MailSecrets,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
    private readonly guard: OutboundGuard,
    private readonly poller: ImapPoller,
  ) {}

  list(tenantId: string): Promise<Mailbox[]> {
    return this.mailboxes.list(tenantId);
  }

  async get(tenantId: string, id: string): Promise<Mailbox> {
    const mb = await this.mailboxes.get(tenantId, id);
    if (!mb) throw new DomainError(MailErrors.MAILBOX_NOT_FOUND, { id });
    return mb;
  }

  async create(tenantId: string, input: MailboxInput, actor: string): Promise<Mailbox> {
    this.guard.checkConfigured(input.host, input.port);
    const created = await this.tx.inTenant(tenantId, async () => {
      const mb = await this.mailboxes.create(tenantId, {
        name: input.name,
        host: input.host,
        port: input.port,
        secure: input.secure,
        username: input.username,
        passwordEncrypted: this.secrets.seal(input.password),
        folder: input.folder,
        processedFolder: input.processedFolder,
        rejectedFolder: input.rejectedFolder,
      });
      if (!mb) throw new DomainError(MailErrors.MAILBOX_ALREADY_EXISTS);
      await this.audit.record({
        tenantId,
        actor,
        action: 'mailbox.created',
        subject: `mailbox:${mb.id}`,
        data: { name: mb.name, host: mb.host, port: mb.port, username: mb.username, folder: mb.folder },
      });
      return mb;
    });
    this.poller.changed();
    return created;
  }

  async update(
    tenantId: string,
    id: string,
    input: Partial<MailboxInput> & { enabled?: boolean },
    actor: string,
  ): Promise<Mailbox> {
    const before = await this.get(tenantId, id);
    const target = {
      host: input.host ?? before.host,
      port: input.port ?? before.port,
      username: input.username ?? before.username,
      folder: input.folder ?? before.folder,
    };
    if (input.host !== undefined || input.port !== undefined)
      this.guard.checkConfigured(target.host, target.port);
    if (
      (input.host !== undefined ||
        input.port !== undefined ||
        input.username !== undefined ||
        input.folder !== undefined) &&
      (await this.mailboxes.accountTaken(id, target))
    )
      throw new DomainError(MailErrors.MAILBOX_ALREADY_EXISTS);
    const { password, ...rest } = input;
    const changes: MailboxChanges = {
      ...rest,
      ...(password !== undefined && { passwordEncrypted: this.secrets.seal(password) }),
    };
    const updated = await this.tx.inTenant(tenantId, async () => {
      const mb = await this.mailboxes.update(tenantId, id, changes);
      if (!mb) throw new DomainError(MailErrors.MAILBOX_NOT_FOUND, { id });
      await this.audit.record({
        tenantId,
        actor,
        action: 'mailbox.updated',
        subject: `mailbox:${id}`,
        // Which fields changed and their new values; never the password.
        data: {
          ...rest,
          ...(password !== undefined && { password: 'changed' }),
        },
      });
      return mb;
    });
    this.poller.changed();
    return updated;
  }

  async setEnabled(tenantId: string, id: string, enabled: boolean, actor: string): Promise<Mailbox> {
    const updated = await this.tx.inTenant(tenantId, async () => {
      const mb = await this.mailboxes.update(tenantId, id, { enabled });
      if (!mb) throw new DomainError(MailErrors.MAILBOX_NOT_FOUND, { id });
      await this.audit.record({
        tenantId,
        actor,
        action: enabled ? 'mailbox.enabled' : 'mailbox.disabled',
        subject: `mailbox:${id}`,
      });
      return mb;
    });
    this.poller.changed();
    return updated;
  }

  async remove(tenantId: string, id: string, actor: string): Promise<void> {
    await this.tx.inTenant(tenantId, async () => {
      const mb = await this.mailboxes.remove(tenantId, id);
      if (!mb) throw new DomainError(MailErrors.MAILBOX_NOT_FOUND, { id });
      await this.audit.record({
        tenantId,
        actor,
        action: 'mailbox.removed',
        subject: `mailbox:${id}`,
        data: { name: mb.name, host: mb.host, username: mb.username },
      });
    });
    this.poller.changed();
  }
}

import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '../../../common/errors/domain-error.js';
import { AuditService } from '../../audit/audit.service.js';
import { actorOf } from '../../auth/actor.js';
import { CurrentPrincipal, type Principal, Roles } from '../../auth/auth.contract.js';
import { IntakeErrors } from '../intake.errors.js';
import { MailboxRepository, type Mailbox } from './mailbox.repository.js';
import { MailSecrets } from './mail-secrets.js';

interface MailboxView {
  id: string;
  name: string;
  host: string;
  port: number;
  secure: boolean;
  username: string;
  folder: string;
  processedFolder: string;
  rejectedFolder: string;
  enabled: boolean;
  lastPolledAt: Date | null;
  lastError: string | null;
}

const view = (m: Mailbox): MailboxView => ({
  id: m.id,
  name: m.name,
  host: m.host,
  port: m.port,
  secure: m.secure,
  username: m.username,
  folder: m.folder,
  processedFolder: m.processedFolder,
  rejectedFolder: m.rejectedFolder,
  enabled: m.enabled,
  lastPolledAt: m.lastPolledAt,
  lastError: m.lastError,
});

function str(b: Record<string, unknown>, key: string, fallback?: string): string {
  const v = b[key] ?? fallback;
  if (typeof v !== 'string' || v.trim() === '' || v.length > 500) {
    throw new DomainError(IntakeErrors.MAILBOX_INVALID, { field: key });
  }
  return v.trim();
}

/** The invoice mailboxes of the caller's tenant. The password is write-only. */
@ApiTags('admin')
@Controller('api/v1/admin/mailboxes')
@Roles('admin')
export class MailboxesController {
  constructor(
    private readonly mailboxes: MailboxRepository,
    private readonly secrets: MailSecrets,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List the IMAP mailboxes of the tenant, with their last poll and error' })
  async list(@CurrentPrincipal() p: Principal): Promise<MailboxView[]> {
    return (await this.mailboxes.list(p.tenantId)).map(view);
  }

  @Post()
  @ApiOperation({ summary: 'Add an IMAP mailbox (the password is stored encrypted)' })
  async create(@CurrentPrincipal() p: Principal, @Body() body: unknown): Promise<MailboxView> {
    const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const port = Number(b.port ?? 993);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new DomainError(IntakeErrors.MAILBOX_INVALID, { field: 'port' });
    const created = await this.mailboxes.create(p.tenantId, {
      name: str(b, 'name'),
      host: str(b, 'host'),
      port,
      secure: b.secure === undefined ? port === 993 : b.secure === true,
      username: str(b, 'username'),
      passwordEncrypted: this.secrets.seal(str(b, 'password')),
      folder: str(b, 'folder', 'INBOX'),
      processedFolder: str(b, 'processedFolder', 'Processed'),
      rejectedFolder: str(b, 'rejectedFolder', 'Rejected'),
    });
    await this.audit.record({
      tenantId: p.tenantId,
      actor: actorOf(p),
      action: 'mailbox.created',
      subject: `mailbox:${created.id}`,
      data: { host: created.host, username: created.username },
    });
    return view(created);
  }
}

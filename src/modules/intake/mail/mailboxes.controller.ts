import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { actorOf } from '../../auth/actor.js';
import { CurrentPrincipal, type Principal, Roles } from '../../auth/auth.contract.js';
import { mailboxErrorText } from './mail.errors.js';
import { parseMailboxCreate, parseMailboxUpdate } from './mailbox.input.js';
import type { Mailbox } from './mailbox.repository.js';
import { MailboxService } from './mailbox.service.js';

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
  /** A stable code (`MAILBOX_AUTH_FAILED`, `OUTBOUND_ADDRESS_FORBIDDEN`, …) or null. */
  lastError: string | null;
  /** What the code means, in German and English. */
  lastErrorMessage: { de: string; en: string } | null;
  createdAt: Date;
  updatedAt: Date;
}

export const mailboxView = (m: Mailbox): MailboxView => ({
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
  lastErrorMessage: m.lastError
    ? { de: mailboxErrorText(m.lastError, 'de') ?? '', en: mailboxErrorText(m.lastError, 'en') ?? '' }
    : null,
  createdAt: m.createdAt,
  updatedAt: m.updatedAt,
});

/** The invoice mailboxes of the caller's tenant. The password is write-only. */
@ApiTags('admin')
@Controller('api/v1/admin/mailboxes')
@Roles('admin')
export class MailboxesController {
  constructor(private readonly mailboxes: MailboxService) {}

  @Get()
  @ApiOperation({ summary: 'List the IMAP mailboxes of the tenant, with their last poll and error' })
  async list(@CurrentPrincipal() p: Principal): Promise<MailboxView[]> {
    return (await this.mailboxes.list(p.tenantId)).map(mailboxView);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One mailbox of the tenant' })
  async get(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<MailboxView> {
    return mailboxView(await this.mailboxes.get(p.tenantId, id));
  }

  @Post()
  @ApiOperation({ summary: 'Add an IMAP mailbox (the password is stored encrypted)' })
  async create(@CurrentPrincipal() p: Principal, @Body() body: unknown): Promise<MailboxView> {
    return mailboxView(await this.mailboxes.create(p.tenantId, parseMailboxCreate(body), actorOf(p)));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a mailbox: any of its settings, a new password, `enabled`' })
  async update(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: unknown,
  ): Promise<MailboxView> {
    return mailboxView(await this.mailboxes.update(p.tenantId, id, parseMailboxUpdate(body), actorOf(p)));
  }

  @Post(':id/disable')
  @ApiOperation({ summary: 'Stop watching a mailbox (kept, and can be enabled again)' })
  async disable(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<MailboxView> {
    return mailboxView(await this.mailboxes.setEnabled(p.tenantId, id, false, actorOf(p)));
  }

  @Post(':id/enable')
  @ApiOperation({ summary: 'Watch a disabled mailbox again' })
  async enable(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<MailboxView> {
    return mailboxView(await this.mailboxes.setEnabled(p.tenantId, id, true, actorOf(p)));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove a mailbox: no longer watched or listed; invoices received through it keep their history',
  })
  async remove(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<void> {
    await this.mailboxes.remove(p.tenantId, id, actorOf(p));
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withSystemContext, withTenant } from '../../../database/tenant-transaction.js';

export interface Mailbox {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly username: string;
  readonly passwordEncrypted: string;
  readonly folder: string;
  readonly processedFolder: string;
  readonly rejectedFolder: string;
  readonly enabled: boolean;
  readonly uidValidity: string | null;
  readonly lastUid: number;
  readonly lastPolledAt: Date | null;
  readonly lastError: string | null;
}

export type NewMailbox = Pick<
  Mailbox,
  | 'name'
  | 'host'
  | 'port'
  | 'secure'
  | 'username'
  | 'passwordEncrypted'
  | 'folder'
  | 'processedFolder'
  | 'rejectedFolder'
>;

type Row = Record<string, unknown>;

const toMailbox = (r: Row): Mailbox => ({
  id: r.id as string,
  tenantId: r.tenant_id as string,
  name: r.name as string,
  host: r.host as string,
  port: r.port as number,
  secure: r.secure as boolean,
  username: r.username as string,
  passwordEncrypted: r.password_encrypted as string,
  folder: r.folder as string,
  processedFolder: r.processed_folder as string,
  rejectedFolder: r.rejected_folder as string,
  enabled: r.enabled as boolean,
  // bigint columns arrive as strings from node-postgres.
  uidValidity: r.uid_validity === null ? null : (r.uid_validity as string),
  lastUid: Number(r.last_uid),
  lastPolledAt: r.last_polled_at as Date | null,
  lastError: r.last_error as string | null,
});

@Injectable()
export class MailboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(tenantId: string, m: NewMailbox): Promise<Mailbox> {
    return withTenant(this.dataSource, tenantId, async (tx) => {
      const rows: Row[] = await tx.query(
        `INSERT INTO mailboxes (tenant_id, name, host, port, secure, username, password_encrypted, folder, processed_folder, rejected_folder)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
        [
          tenantId,
          m.name,
          m.host,
          m.port,
          m.secure,
          m.username,
          m.passwordEncrypted,
          m.folder,
          m.processedFolder,
          m.rejectedFolder,
        ],
      );
      return toMailbox(rows[0]);
    });
  }

  async list(tenantId: string): Promise<Mailbox[]> {
    return withTenant(this.dataSource, tenantId, async (tx) => {
      const rows: Row[] = await tx.query(`SELECT * FROM mailboxes WHERE tenant_id = $1 ORDER BY name, id`, [
        tenantId,
      ]);
      return rows.map(toMailbox);
    });
  }

  async get(tenantId: string, id: string): Promise<Mailbox | undefined> {
    return withTenant(this.dataSource, tenantId, async (tx) => {
      const rows: Row[] = await tx.query(`SELECT * FROM mailboxes WHERE tenant_id = $1 AND id = $2`, [
        tenantId,
        id,
      ]);
      return rows[0] ? toMailbox(rows[0]) : undefined;
    });
  }

  /** The workers poll every enabled mailbox of the installation. */
  async listEnabledAcrossTenants(): Promise<Mailbox[]> {
    return withSystemContext(this.dataSource, async (tx) => {
      const rows: Row[] = await tx.query(`SELECT * FROM mailboxes WHERE enabled ORDER BY created_at`);
      return rows.map(toMailbox);
    });
  }

  /** Bookkeeping after a fetched message was committed (or after UIDVALIDITY changed). */
  async advance(tenantId: string, id: string, uidValidity: string, lastUid: number): Promise<void> {
    await withTenant(this.dataSource, tenantId, (tx) =>
      tx.query(
        `UPDATE mailboxes SET uid_validity = $3, last_uid = $4, last_polled_at = now(), last_error = NULL WHERE tenant_id = $1 AND id = $2`,
        [tenantId, id, uidValidity, lastUid],
      ),
    );
  }

  async recordPoll(tenantId: string, id: string, error: string | null): Promise<void> {
    await withTenant(this.dataSource, tenantId, (tx) =>
      tx.query(
        `UPDATE mailboxes SET last_polled_at = now(), last_error = $3 WHERE tenant_id = $1 AND id = $2`,
        [tenantId, id, error],
      ),
    );
  }
}

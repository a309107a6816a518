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
  /** A stable code (`MAILBOX_AUTH_FAILED`, …), never what the server said. */
  readonly lastError: string | null;
  readonly createdAt: Date;
  /** Changes with every edit; a running watcher of an older version is restarted. */
  readonly updatedAt: Date;
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

/** What an admin may change; the password only when given. */
export type MailboxChanges = Partial<NewMailbox & Pick<Mailbox, 'enabled'>>;

const COLUMN_OF: Readonly<Record<keyof MailboxChanges, string>> = {
  name: 'name',
  host: 'host',
  port: 'port',
  secure: 'secure',
  username: 'username',
  passwordEncrypted: 'password_encrypted',
  folder: 'folder',
  processedFolder: 'processed_folder',
  rejectedFolder: 'rejected_folder',
  enabled: 'enabled',
};

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
  createdAt: r.created_at as Date,
  updatedAt: r.updated_at as Date,
});

/** Removed mailboxes stay as rows for the history; no tenant-facing query sees them. */
const LIVE = 'deleted_at IS NULL';

@Injectable()
export class MailboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts a mailbox; `undefined` when a live mailbox watches the same account and folder. */
  async create(tenantId: string, m: NewMailbox): Promise<Mailbox | undefined> {
    return withTenant(this.dataSource, tenantId, async (tx) => {
      // ON CONFLICT rather than catching the violation: a failed statement would end the
      // caller's transaction, and with it the audit entry.
      const rows: Row[] = await tx.query(
        `INSERT INTO mailboxes (tenant_id, name, host, port, secure, username, password_encrypted, folder, processed_folder, rejected_folder)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (host, port, username, folder) WHERE ${LIVE} DO NOTHING RETURNING *`,
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
      return rows[0] ? toMailbox(rows[0]) : undefined;
    });
  }

  /**
   * True when another live mailbox watches this account and folder. The account is unique
   * across tenants (two tenants must not take each other's mail), and row-level security
   * would hide the other tenant's row, so this reads in the system context — outside any
   * tenant transaction — and answers yes or no only.
   */
  async accountTaken(
    exceptId: string,
    a: Pick<Mailbox, 'host' | 'port' | 'username' | 'folder'>,
  ): Promise<boolean> {
    return withSystemContext(this.dataSource, async (sys) => {
      const rows: Row[] = await sys.query(
        `SELECT 1 FROM mailboxes WHERE host = $1 AND port = $2 AND username = $3 AND folder = $4 AND id <> $5 AND ${LIVE}`,
        [a.host, a.port, a.username, a.folder, exceptId],
      );
      return rows.length > 0;
    });
  }

  async list(tenantId: string): Promise<Mailbox[]> {
    return withTenant(this.dataSource, tenantId, async (tx) => {
      const rows: Row[] = await tx.query(
        `SELECT * FROM mailboxes WHERE tenant_id = $1 AND ${LIVE} ORDER BY name, id`,
        [tenantId],
      );
      return rows.map(toMailbox);
    });
  }

  async get(tenantId: string, id: string): Promise<Mailbox | undefined> {
    return withTenant(this.dataSource, tenantId, async (tx) => {
      const rows: Row[] = await tx.query(
        `SELECT * FROM mailboxes WHERE tenant_id = $1 AND id = $2 AND ${LIVE}`,
        [tenantId, id],
      );
      return rows[0] ? toMailbox(rows[0]) : undefined;
    });
  }

  /** The workers poll every enabled mailbox of the installation. */
  async listEnabledAcrossTenants(): Promise<Mailbox[]> {
    return withSystemContext(this.dataSource, async (tx) => {
      const rows: Row[] = await tx.query(
        `SELECT * FROM mailboxes WHERE enabled AND ${LIVE} ORDER BY created_at`,
      );
      return rows.map(toMailbox);
    });
  }

  /** Applies an admin's changes; `undefined` when the mailbox does not exist (or was removed). */
  async update(tenantId: string, id: string, changes: MailboxChanges): Promise<Mailbox | undefined> {
    const keys = (Object.keys(changes) as Array<keyof MailboxChanges>).filter(
      (k) => changes[k] !== undefined,
    );
    const sets = keys.map((k, i) => `${COLUMN_OF[k]} = $${i + 3}`);
    // A changed account or folder starts afresh: the recorded UIDs belong to the old one.
    const moved = keys.some((k) => ['host', 'port', 'username', 'folder'].includes(k));
    return withTenant(this.dataSource, tenantId, async (tx) => {
      // UPDATE and DELETE answer [rows, count] through TypeORM.
      const [rows] = await tx.query<[Row[], number]>(
        `UPDATE mailboxes SET ${[...sets, 'updated_at = clock_timestamp()', ...(moved ? ['uid_validity = NULL', 'last_uid = 0'] : []), 'last_error = NULL'].join(', ')}
          WHERE tenant_id = $1 AND id = $2 AND ${LIVE} RETURNING *`,
        [tenantId, id, ...keys.map((k) => changes[k])],
      );
      return rows[0] ? toMailbox(rows[0]) : undefined;
    });
  }

  /**
   * Removes a mailbox: it stops being watched and listed, its password is erased, and the
   * row stays so that what was received through it keeps its origin.
   */
  async remove(tenantId: string, id: string): Promise<Mailbox | undefined> {
    return withTenant(this.dataSource, tenantId, async (tx) => {
      // UPDATE and DELETE answer [rows, count] through TypeORM.
      const [rows] = await tx.query<[Row[], number]>(
        `UPDATE mailboxes SET deleted_at = now(), updated_at = clock_timestamp(), enabled = false, password_encrypted = ''
          WHERE tenant_id = $1 AND id = $2 AND ${LIVE} RETURNING *`,
        [tenantId, id],
      );
      return rows[0] ? toMailbox(rows[0]) : undefined;
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

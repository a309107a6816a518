import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { withSystemContext, withTenant } from '../../database/tenant-transaction.js';
import type { AkteRule } from './filing/aktenzeichen.js';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type DocumentKind =
  | 'invoice-original'
  | 'invoice-pdf'
  | 'inbound-message'
  | 'attachment'
  | 'validation-report-html'
  | 'validation-report-json'
  | 'invoice-rendering'
  | 'laufzettel-pdf'
  | 'laufzettel-json'
  | 'anordnung'
  | 'note';

export interface RecordSettings {
  readonly aktenplanKey: string;
  readonly akteRule: AkteRule;
  readonly aktePattern: string;
  readonly vorgangPattern: string;
  readonly retentionYears: number | null;
  readonly subsidyRetentionYears: number | null;
  readonly updatedAt: Date;
}

export interface AkteRecord {
  readonly id: string;
  readonly akteKey: string;
  readonly aktenzeichen: string;
  readonly title: string;
  readonly fiscalYear: number;
  readonly aktenplanKey: string;
  readonly createdAt: Date;
}

export interface VorgangRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly akteId: string;
  readonly invoiceId: string;
  readonly aktenzeichen: string;
  readonly betreff: string;
  readonly createdAt: Date;
  readonly filedAt: Date | null;
}

export interface RecordDocument {
  readonly id: string;
  readonly vorgangId: string;
  readonly position: number;
  readonly kind: DocumentKind;
  readonly name: string;
  readonly mediaType: string;
  readonly sha256: string;
  readonly size: number;
  readonly metadata: Record<string, unknown>;
  /** `buchungsbeleg` or `foerdermittel` (see filing/retention.ts). */
  readonly retentionClass: string;
  readonly retainUntil: string;
  readonly filedAt: Date;
}

export interface NewRecordDocument {
  readonly kind: DocumentKind;
  readonly name: string;
  readonly mediaType: string;
  readonly sha256: string;
  readonly size: number;
  readonly metadata: Record<string, unknown>;
  readonly retentionClass: string;
  readonly retainUntil: string;
}

/** What the allocation reads of the invoice being approved. */
export interface AllocationFacts {
  readonly number: string | null;
  readonly issueDate: string | null;
  readonly sellerName: string | null;
  readonly sellerVatId: string | null;
  readonly buyerAccountingReference: string | null;
  readonly firstKostenstelle: string | null;
}

const settingsOf = (r: Row): RecordSettings => ({
  aktenplanKey: r.aktenplan_key,
  akteRule: r.akte_rule,
  aktePattern: r.akte_pattern,
  vorgangPattern: r.vorgang_pattern,
  retentionYears: r.retention_years ?? null,
  subsidyRetentionYears: r.subsidy_retention_years ?? null,
  updatedAt: r.updated_at,
});

const akteOf = (r: Row): AkteRecord => ({
  id: r.id,
  akteKey: r.akte_key,
  aktenzeichen: r.aktenzeichen,
  title: r.title,
  fiscalYear: r.fiscal_year,
  aktenplanKey: r.aktenplan_key,
  createdAt: r.created_at,
});

const vorgangOf = (r: Row): VorgangRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  akteId: r.akte_id,
  invoiceId: r.invoice_id,
  aktenzeichen: r.aktenzeichen,
  betreff: r.betreff,
  createdAt: r.created_at,
  filedAt: r.filed_at,
});

const DOCUMENT_COLUMNS = `id, vorgang_id, position, kind, name, media_type, sha256, size::text AS size, metadata,
  retention_class, to_char(retain_until, 'YYYY-MM-DD') AS retain_until, filed_at`;

const documentOf = (r: Row): RecordDocument => ({
  id: r.id,
  vorgangId: r.vorgang_id,
  position: r.position,
  kind: r.kind,
  name: r.name,
  mediaType: r.media_type,
  sha256: r.sha256,
  size: Number(r.size),
  metadata: r.metadata ?? {},
  retentionClass: r.retention_class,
  retainUntil: r.retain_until,
  filedAt: r.filed_at,
});

/**
 * The case-record tables in raw SQL. Methods taking an `EntityManager` run in the caller's
 * transaction (the approving one, for the allocation); the others open the tenant's own
 * (joining one that is open).
 */
@Injectable()
export class RecordsRepository {
  constructor(private readonly dataSource: DataSource) {}

  tx<T>(tenantId: string, fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return withTenant(this.dataSource, tenantId, fn);
  }

  // Settings ----------------------------------------------------------------------------

  /** The tenant's settings; the defaults are inserted on first use. */
  async settingsIn(m: EntityManager, tenantId: string): Promise<RecordSettings> {
    const rows: Row[] = await m.query(`SELECT * FROM record_settings WHERE tenant_id = $1`, [tenantId]);
    if (rows[0]) return settingsOf(rows[0]);
    await m.query(`INSERT INTO record_settings (tenant_id) VALUES ($1) ON CONFLICT (tenant_id) DO NOTHING`, [
      tenantId,
    ]);
    const again: Row[] = await m.query(`SELECT * FROM record_settings WHERE tenant_id = $1`, [tenantId]);
    return settingsOf(again[0]);
  }

  /** Replaces the settings; the row is locked first and the previous ones answered (for the audit). */
  async replaceSettings(
    m: EntityManager,
    tenantId: string,
    s: Omit<RecordSettings, 'updatedAt'>,
  ): Promise<{ before: RecordSettings; after: RecordSettings }> {
    await this.settingsIn(m, tenantId);
    const [before]: Row[] = await m.query(`SELECT * FROM record_settings WHERE tenant_id = $1 FOR UPDATE`, [
      tenantId,
    ]);
    const [rows] = await m.query<[Row[], number]>(
      `UPDATE record_settings SET aktenplan_key = $2, akte_rule = $3, akte_pattern = $4, vorgang_pattern = $5,
              retention_years = $6, subsidy_retention_years = $7, updated_at = now()
        WHERE tenant_id = $1 RETURNING *`,
      [
        tenantId,
        s.aktenplanKey,
        s.akteRule,
        s.aktePattern,
        s.vorgangPattern,
        s.retentionYears,
        s.subsidyRetentionYears,
      ],
    );
    return { before: settingsOf(before), after: settingsOf(rows[0]) };
  }

  async tenantLand(m: EntityManager, tenantId: string): Promise<string | null> {
    const rows: Row[] = await m.query(`SELECT holiday_land FROM tenants WHERE id = $1`, [tenantId]);
    return rows[0]?.holiday_land ?? null;
  }

  // Allocation (in the approving transaction) -------------------------------------------

  async allocationFacts(m: EntityManager, invoiceId: string): Promise<AllocationFacts | undefined> {
    const rows: Row[] = await m.query(
      `SELECT number, to_char(issue_date, 'YYYY-MM-DD') AS issue_date, seller_name, seller_vat_id,
              model ->> 'buyerAccountingReference' AS bt19,
              (SELECT k.kostenstelle FROM approval_kontierung k WHERE k.invoice_id = i.id ORDER BY k.line_no LIMIT 1)
                AS first_kostenstelle
         FROM invoices i WHERE i.id = $1`,
      [invoiceId],
    );
    const r = rows[0];
    return (
      r && {
        number: r.number,
        issueDate: r.issue_date,
        sellerName: r.seller_name,
        sellerVatId: r.seller_vat_id,
        buyerAccountingReference: r.bt19,
        firstKostenstelle: r.first_kostenstelle,
      }
    );
  }

  /**
   * Takes the counter row of a scope under its row lock (created at 1 on first use) and
   * answers the value it stands at. The lock is held to the end of the transaction, so
   * whoever takes the same scope next waits and sees this transaction's outcome: numbers
   * are gapless (a rolled-back approval gives its number back) and never used twice.
   */
  async lockCounter(m: EntityManager, tenantId: string, scope: string): Promise<number> {
    await m.query(
      `INSERT INTO record_counters (tenant_id, scope) VALUES ($1, $2) ON CONFLICT (tenant_id, scope) DO NOTHING`,
      [tenantId, scope],
    );
    const rows: Row[] = await m.query(
      `SELECT next_value FROM record_counters WHERE tenant_id = $1 AND scope = $2 FOR UPDATE`,
      [tenantId, scope],
    );
    return rows[0].next_value as number;
  }

  /** Moves a locked counter on by one (the value `lockCounter` answered is used). */
  async advanceCounter(m: EntityManager, tenantId: string, scope: string): Promise<void> {
    await m.query(
      `UPDATE record_counters SET next_value = next_value + 1 WHERE tenant_id = $1 AND scope = $2`,
      [tenantId, scope],
    );
  }

  async akteByKey(m: EntityManager, key: string): Promise<AkteRecord | undefined> {
    const rows: Row[] = await m.query(`SELECT * FROM record_akten WHERE akte_key = $1`, [key]);
    return rows[0] && akteOf(rows[0]);
  }

  async akteByAktenzeichen(m: EntityManager, aktenzeichen: string): Promise<AkteRecord | undefined> {
    const rows: Row[] = await m.query(`SELECT * FROM record_akten WHERE aktenzeichen = $1`, [aktenzeichen]);
    return rows[0] && akteOf(rows[0]);
  }

  async insertAkte(
    m: EntityManager,
    tenantId: string,
    a: { akteKey: string; aktenzeichen: string; title: string; fiscalYear: number; aktenplanKey: string },
  ): Promise<AkteRecord> {
    const rows: Row[] = await m.query(
      `INSERT INTO record_akten (id, tenant_id, akte_key, aktenzeichen, title, fiscal_year, aktenplan_key)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6) RETURNING *`,
      [tenantId, a.akteKey, a.aktenzeichen, a.title, a.fiscalYear, a.aktenplanKey],
    );
    return akteOf(rows[0]);
  }

  async vorgangOfInvoiceIn(m: EntityManager, invoiceId: string): Promise<VorgangRecord | undefined> {
    const rows: Row[] = await m.query(`SELECT * FROM record_vorgaenge WHERE invoice_id = $1`, [invoiceId]);
    return rows[0] && vorgangOf(rows[0]);
  }

  async insertVorgang(
    m: EntityManager,
    tenantId: string,
    v: { akteId: string; invoiceId: string; aktenzeichen: string; betreff: string },
  ): Promise<VorgangRecord> {
    const rows: Row[] = await m.query(
      `INSERT INTO record_vorgaenge (id, tenant_id, akte_id, invoice_id, aktenzeichen, betreff)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5) RETURNING *`,
      [tenantId, v.akteId, v.invoiceId, v.aktenzeichen, v.betreff],
    );
    return vorgangOf(rows[0]);
  }

  // Reading -----------------------------------------------------------------------------

  async vorgang(m: EntityManager, id: string, lock = false): Promise<VorgangRecord | undefined> {
    const rows: Row[] = await m.query(
      `SELECT * FROM record_vorgaenge WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] && vorgangOf(rows[0]);
  }

  async akte(m: EntityManager, id: string): Promise<AkteRecord | undefined> {
    const rows: Row[] = await m.query(`SELECT * FROM record_akten WHERE id = $1`, [id]);
    return rows[0] && akteOf(rows[0]);
  }

  async documents(m: EntityManager, vorgangId: string): Promise<RecordDocument[]> {
    const rows: Row[] = await m.query(
      `SELECT ${DOCUMENT_COLUMNS} FROM record_documents WHERE vorgang_id = $1 ORDER BY position`,
      [vorgangId],
    );
    return rows.map(documentOf);
  }

  async document(m: EntityManager, id: string): Promise<RecordDocument | undefined> {
    const rows: Row[] = await m.query(`SELECT ${DOCUMENT_COLUMNS} FROM record_documents WHERE id = $1`, [id]);
    return rows[0] && documentOf(rows[0]);
  }

  // Filing ------------------------------------------------------------------------------

  /**
   * Lists a document in the Vorgang once: a document of the same kind and name already
   * there is kept as it is (the first filing wins; documents are immutable) and answered.
   * The caller holds the Vorgang's row lock, so the next position is not taken meanwhile;
   * the insert still says ON CONFLICT DO NOTHING and re-reads, so a race that slipped past
   * ends in the one row, not in an error.
   */
  async insertDocument(
    m: EntityManager,
    tenantId: string,
    vorgangId: string,
    d: NewRecordDocument,
  ): Promise<{ document: RecordDocument; created: boolean }> {
    const existing = await this.documentByName(m, vorgangId, d.kind, d.name);
    if (existing) return { document: existing, created: false };
    const rows: Row[] = await m.query(
      `INSERT INTO record_documents (id, tenant_id, vorgang_id, position, kind, name, media_type, sha256, size,
         metadata, retention_class, retain_until)
       SELECT gen_random_uuid(), $1::uuid, $2::uuid, coalesce(max(position), 0) + 1, $3::text, $4::text, $5::text,
              $6::text, $7::bigint, $8::jsonb, $9::text, $10::date
         FROM record_documents WHERE vorgang_id = $2
       ON CONFLICT DO NOTHING
       RETURNING ${DOCUMENT_COLUMNS}`,
      [
        tenantId,
        vorgangId,
        d.kind,
        d.name,
        d.mediaType,
        d.sha256,
        d.size,
        JSON.stringify(d.metadata),
        d.retentionClass,
        d.retainUntil,
      ],
    );
    if (rows[0]) return { document: documentOf(rows[0]), created: true };
    const again = await this.documentByName(m, vorgangId, d.kind, d.name);
    if (!again)
      throw new Error(
        `record document ${d.kind}/${d.name} of Vorgang ${vorgangId} was neither stored nor found`,
      );
    return { document: again, created: false };
  }

  private async documentByName(
    m: EntityManager,
    vorgangId: string,
    kind: string,
    name: string,
  ): Promise<RecordDocument | undefined> {
    const rows: Row[] = await m.query(
      `SELECT ${DOCUMENT_COLUMNS} FROM record_documents WHERE vorgang_id = $1 AND kind = $2 AND name = $3`,
      [vorgangId, kind, name],
    );
    return rows[0] && documentOf(rows[0]);
  }

  /** Sets `filed_at` once; false when it was set already. */
  async markFiled(m: EntityManager, vorgangId: string): Promise<boolean> {
    const [rows] = await m.query<[Row[], number]>(
      `UPDATE record_vorgaenge SET filed_at = now() WHERE id = $1 AND filed_at IS NULL RETURNING id`,
      [vorgangId],
    );
    return rows.length > 0;
  }

  /** Vorgänge not yet filed, oldest first, across tenants: the sweep's work. */
  async unfiledAcrossTenants(limit: number): Promise<Array<{ tenantId: string; vorgangId: string }>> {
    return withSystemContext(this.dataSource, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT tenant_id, id FROM record_vorgaenge WHERE filed_at IS NULL ORDER BY created_at LIMIT $1`,
        [limit],
      );
      return rows.map((r) => ({ tenantId: r.tenant_id, vorgangId: r.id }));
    });
  }
}

/**
 * A tenant's case record built directly on the tables of the records migration (the filing
 * that fills them is another module's): an invoice row, an Akte, Vorgänge and documents whose
 * content is put into the application's blob store. Rows are written as the table owner, with
 * the `filed_at` and `retain_until` a test needs.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { FsBlobStore } from '../../../src/modules/documents/storage/fs-blob-store.js';
import type { TestApp } from '../../support/app.js';
import { IdentityContext, type TenantFixture } from '../auth/identity-context.js';

export interface FixtureDocument {
  id: string;
  vorgangId: string;
  aktenzeichen: string;
  kind: string;
  name: string;
  sha256: string;
  size: number;
  /** Where the blob store keeps the content. */
  path: string;
}

export interface RecordsFixture extends TenantFixture {
  blobs: FsBlobStore;
  blobDir: string;
  /** A Vorgang (with its invoice) in the tenant's Akte; returns its id and Aktenzeichen. */
  vorgang(): Promise<{ id: string; aktenzeichen: string }>;
  /** Files a document into a Vorgang with the given filing time and retention end. */
  document(
    vorgang: { id: string; aktenzeichen: string },
    opts: { filedAt: string; retainUntil?: string; kind?: string; name?: string; content?: string },
  ): Promise<FixtureDocument>;
}

export function blobDirOf(t: TestApp): string {
  return t.config.get('BLOB_STORE_DIR') ?? join(t.config.dataDir, 'blobs');
}

export async function recordsFixture(t: TestApp): Promise<RecordsFixture> {
  const identity = new IdentityContext(t.app);
  const base = await identity.newTenant();
  const ds: DataSource = t.db.dataSource;
  const tenantId = base.tenant.id;
  const blobDir = blobDirOf(t);
  const blobs = new FsBlobStore(blobDir);
  const akteId = randomUUID();
  const akteZ = `902.31-2026/${randomBytes(2).toString('hex')}`;
  await ds.query(
    `INSERT INTO record_akten (id, tenant_id, akte_key, aktenzeichen, title, fiscal_year, aktenplan_key)
     VALUES ($1, $2, $3, $4, 'Rechnungen 2026', 2026, '902.31')`,
    [akteId, tenantId, `2026:${akteZ}`, akteZ],
  );
  let vorgaenge = 0;
  const positions = new Map<string, number>();
  return {
    ...base,
    blobs,
    blobDir,
    async vorgang() {
      const raw = await blobs.put(Buffer.from(`<Invoice id="${randomUUID()}"/>`));
      const [msg] = await ds.query<{ id: string }[]>(
        `INSERT INTO inbound_messages (tenant_id, channel, blob_sha256, content_type, byte_size)
         VALUES ($1, 'upload', $2, 'application/xml', $3) RETURNING id`,
        [tenantId, raw.sha256, raw.size],
      );
      const [inv] = await ds.query<{ id: string }[]>(
        `INSERT INTO invoices (tenant_id, message_id, document_sha256, status, status_token)
         VALUES ($1, $2, $3, 'approved', $4) RETURNING id`,
        [tenantId, msg.id, raw.sha256, randomBytes(8).toString('hex')],
      );
      vorgaenge++;
      const id = randomUUID();
      const aktenzeichen = `${akteZ}-${String(vorgaenge).padStart(5, '0')}`;
      await ds.query(
        `INSERT INTO record_vorgaenge (id, tenant_id, akte_id, invoice_id, aktenzeichen, betreff, filed_at)
         VALUES ($1, $2, $3, $4, $5, 'Rechnung', now())`,
        [id, tenantId, akteId, inv.id, aktenzeichen],
      );
      return { id, aktenzeichen };
    },
    async document(vorgang, opts) {
      const content = Buffer.from(opts.content ?? `<Dokument ${randomUUID()}/>`);
      const put = await blobs.put(content);
      const position = (positions.get(vorgang.id) ?? 0) + 1;
      positions.set(vorgang.id, position);
      const id = randomUUID();
      const kind = opts.kind ?? 'invoice-original';
      const name = opts.name ?? `dokument-${position}.xml`;
      await ds.query(
        `INSERT INTO record_documents (id, tenant_id, vorgang_id, position, kind, name, media_type, sha256, size,
                                       retention_class, retain_until, filed_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'application/xml', $7, $8, 'ao-147-8y', $9, $10)`,
        [
          id,
          tenantId,
          vorgang.id,
          position,
          kind,
          name,
          put.sha256,
          put.size,
          opts.retainUntil ?? '2034-12-31',
          opts.filedAt,
        ],
      );
      return {
        id,
        vorgangId: vorgang.id,
        aktenzeichen: vorgang.aktenzeichen,
        kind,
        name,
        sha256: put.sha256,
        size: put.size,
        path: join(blobDir, put.sha256.slice(0, 2), put.sha256.slice(2, 4), put.sha256),
      };
    },
  };
}

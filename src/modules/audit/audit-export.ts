/**
 * A tenant's audit entries of a period with the proof of their place in the hash chain,
 * as one JSON file that can be checked offline (no database, only this file's rules).
 *
 * The chain runs across all tenants (see audit-hash.ts), so between two entries of the
 * tenant there may be entries of others. The file carries those as links only — sequence
 * number, previous hash, hash — never their content. Checking the file:
 *
 * 1. the links are consecutive from `anchor.seq + 1` on, and each link's `prevHash` is the
 *    hash of the link before it (the first one's is `anchor.hash`, the hash of the entry
 *    before the export);
 * 2. each of the tenant's entries hashes (audit-hash.ts `entryHash`) to its `hash`.
 *
 * So a changed, inserted or removed entry of the tenant breaks the file; and comparing
 * `anchor` and `head` with the live chain (or with an earlier export) ties the file to it.
 */
import { DataSource } from 'typeorm';
import { withSystemContext } from '../../database/tenant-transaction.js';
import { entryHash, type JsonValue } from './audit-hash.js';
import type { AuditEntry } from './audit.repository.js';
import type { AuditService } from './audit.service.js';

export const AUDIT_EXPORT_FORMAT = 'einvoice-audit-export';
export const AUDIT_EXPORT_VERSION = 1;

export interface ExportedEntry {
  readonly at: string;
  readonly tenantId: string | null;
  readonly actor: string;
  readonly action: string;
  readonly subject: string | null;
  readonly data: Record<string, JsonValue>;
}

export interface ExportLink {
  readonly seq: string;
  readonly prevHash: string;
  readonly hash: string;
  /** Present for the tenant's own entries; absent for other tenants' (their content is not exported). */
  readonly entry?: ExportedEntry;
}

export interface AuditExportFile {
  readonly format: typeof AUDIT_EXPORT_FORMAT;
  readonly version: number;
  readonly tenantId: string;
  readonly from: string;
  readonly to: string;
  readonly timeZone: 'Europe/Berlin';
  readonly exportedAt: string;
  /** How each entry's hash is made (see audit-hash.ts), for a reader without this code. */
  readonly hashRule: string;
  /** The entry before the first link: its sequence number and hash (null when the file has no links). */
  readonly anchor: { readonly seq: string; readonly hash: string } | null;
  /** The last link: where the next export of the tenant continues. */
  readonly head: { readonly seq: string; readonly hash: string } | null;
  readonly entries: number;
  readonly chain: readonly ExportLink[];
}

export interface ExportProblem {
  readonly seq: string;
  readonly action?: string;
  readonly reason: 'format' | 'seq-gap' | 'prev-hash-mismatch' | 'hash-mismatch' | 'foreign-tenant';
  readonly detail: string;
}

const BATCH = 1000;

/** Reads the tenant's entries of a period (Berlin calendar days, `to` inclusive) with their chain links. */
export async function buildAuditExport(
  ds: DataSource,
  audit: AuditService,
  tenantId: string,
  from: string,
  to: string,
): Promise<AuditExportFile> {
  // Entries committed so far are linked first, so the export covers them.
  await audit.flush();
  const [range] = await withSystemContext(ds, (m) =>
    m.query<{ first: string | null; last: string | null }[]>(
      `SELECT min(seq)::text AS first, max(seq)::text AS last FROM audit_log
        WHERE tenant_id = $1
          AND at >= ($2::date::timestamp AT TIME ZONE 'Europe/Berlin')
          AND at < (($3::date + 1)::timestamp AT TIME ZONE 'Europe/Berlin')`,
      [tenantId, from, to],
    ),
  );
  const chain: ExportLink[] = [];
  if (range.first !== null && range.last !== null) {
    let cursor = (BigInt(range.first) - 1n).toString();
    const last = BigInt(range.last);
    for (;;) {
      const batch = await withSystemContext(ds, (m) =>
        m.query<(Omit<AuditEntry, 'seq'> & { seq: string })[]>(
          `SELECT seq::text AS seq, at, tenant_id AS "tenantId", actor, action, subject, data,
                  prev_hash AS "prevHash", hash
             FROM audit_log WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3`,
          [cursor, range.last, BATCH],
        ),
      );
      for (const e of batch) {
        const own = e.tenantId?.toLowerCase() === tenantId.toLowerCase();
        chain.push({
          seq: e.seq,
          prevHash: e.prevHash,
          hash: e.hash,
          ...(own
            ? {
                entry: {
                  at: e.at.toISOString(),
                  tenantId: e.tenantId,
                  actor: e.actor,
                  action: e.action,
                  subject: e.subject,
                  data: e.data as Record<string, JsonValue>,
                },
              }
            : {}),
        });
        cursor = e.seq;
      }
      if (batch.length < BATCH || BigInt(cursor) >= last) break;
    }
  }
  const first = chain[0];
  const lastLink = chain[chain.length - 1];
  return {
    format: AUDIT_EXPORT_FORMAT,
    version: AUDIT_EXPORT_VERSION,
    tenantId,
    from,
    to,
    timeZone: 'Europe/Berlin',
    exportedAt: new Date().toISOString(),
    hashRule:
      'sha256 over canonical JSON (sorted keys) of {v:1, seq, at, tenantId, actor, action, subject, data, prevHash}',
    anchor: first ? { seq: (BigInt(first.seq) - 1n).toString(), hash: first.prevHash } : null,
    head: lastLink ? { seq: lastLink.seq, hash: lastLink.hash } : null,
    entries: chain.filter((l) => l.entry).length,
    chain,
  };
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks an export file offline; returns every problem found (none: the file is intact). */
export function verifyAuditExport(file: unknown): {
  ok: boolean;
  entries: number;
  links: number;
  problems: ExportProblem[];
} {
  const problems: ExportProblem[] = [];
  const bad = (detail: string) => ({
    ok: false,
    entries: 0,
    links: 0,
    problems: [{ seq: '-', reason: 'format' as const, detail }],
  });
  if (!isObj(file) || file.format !== AUDIT_EXPORT_FORMAT) return bad(`not an ${AUDIT_EXPORT_FORMAT} file`);
  if (file.version !== AUDIT_EXPORT_VERSION) return bad(`unsupported version ${String(file.version)}`);
  if (!Array.isArray(file.chain)) return bad('the file has no chain');
  const tenantId = typeof file.tenantId === 'string' ? file.tenantId.toLowerCase() : '';
  const anchor = file.anchor as { seq?: unknown; hash?: unknown } | null;
  if (
    file.chain.length > 0 &&
    (!isObj(anchor) || typeof anchor.seq !== 'string' || typeof anchor.hash !== 'string')
  )
    return bad('the file has links but no anchor');
  let expected = file.chain.length > 0 ? BigInt(String(anchor!.seq)) + 1n : 0n;
  let prev = file.chain.length > 0 ? String(anchor!.hash) : '';
  let entries = 0;
  for (const raw of file.chain as unknown[]) {
    if (
      !isObj(raw) ||
      typeof raw.seq !== 'string' ||
      !/^\d+$/.test(raw.seq) ||
      typeof raw.hash !== 'string'
    ) {
      problems.push({ seq: '-', reason: 'format', detail: 'a link without seq or hash' });
      continue;
    }
    const seq = raw.seq;
    const entry = isObj(raw.entry) ? raw.entry : undefined;
    const action = typeof entry?.action === 'string' ? entry.action : undefined;
    if (BigInt(seq) !== expected)
      problems.push({
        seq,
        action,
        reason: 'seq-gap',
        detail: `entry ${expected} is missing before entry ${seq}`,
      });
    if (raw.prevHash !== prev)
      problems.push({
        seq,
        action,
        reason: 'prev-hash-mismatch',
        detail: `entry ${seq} does not link to the hash before it`,
      });
    if (entry) {
      entries++;
      if (typeof entry.tenantId !== 'string' || entry.tenantId.toLowerCase() !== tenantId)
        problems.push({
          seq,
          action,
          reason: 'foreign-tenant',
          detail: `entry ${seq} belongs to another tenant`,
        });
      const at = new Date(String(entry.at));
      const recomputed = Number.isNaN(at.getTime())
        ? ''
        : entryHash({
            seq,
            at,
            tenantId: (entry.tenantId as string | null) ?? null,
            actor: String(entry.actor),
            action: String(entry.action),
            subject: (entry.subject as string | null) ?? null,
            data: (entry.data ?? {}) as Record<string, unknown>,
            prevHash: String(raw.prevHash),
          });
      if (recomputed !== raw.hash)
        problems.push({
          seq,
          action,
          reason: 'hash-mismatch',
          detail: `entry ${seq}${action ? ` (${action})` : ''} was altered: its content does not match its hash`,
        });
    }
    prev = raw.hash;
    expected = BigInt(seq) + 1n;
  }
  const head = file.head as { seq?: unknown; hash?: unknown } | null;
  const lastLink = (file.chain as { seq?: unknown; hash?: unknown }[]).at(-1);
  if (lastLink && (!isObj(head) || head.seq !== lastLink.seq || head.hash !== lastLink.hash))
    problems.push({
      seq: String(lastLink.seq),
      reason: 'format',
      detail: 'the chain does not end at the head the file names: links were cut off the end',
    });
  if (typeof file.entries === 'number' && file.entries !== entries)
    problems.push({
      seq: '-',
      reason: 'format',
      detail: `the file says ${file.entries} entries but holds ${entries}`,
    });
  return { ok: problems.length === 0, entries, links: file.chain.length, problems };
}

/**
 * The audit chain's hash: sha256 over a canonical serialisation of an entry, its
 * predecessor's hash included, so changing, inserting or removing any entry breaks every
 * link after it. Canonical = JSON with object keys sorted at every depth, the time as an
 * ISO-8601 UTC string with milliseconds, the sequence number as a decimal string. The
 * format is versioned (`v`) so it can evolve without breaking the verification of old
 * entries.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedEntry {
  readonly seq: string;
  readonly at: Date;
  readonly tenantId: string | null;
  readonly actor: string;
  readonly action: string;
  readonly subject: string | null;
  readonly data: Record<string, unknown>;
  readonly prevHash: string;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** JSON with sorted keys; `undefined` members are dropped as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const s = JSON.stringify(value);
    return s === undefined ? 'null' : s;
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/**
 * The data as it will read back from `jsonb` (dates become strings, undefined members
 * vanish), so the hash written equals the hash recomputed from the stored row.
 */
export function normaliseData(data: Record<string, unknown> | undefined): Record<string, JsonValue> {
  return JSON.parse(JSON.stringify(data ?? {})) as Record<string, JsonValue>;
}

export function entryHash(e: ChainedEntry): string {
  const canonical = canonicalJson({
    v: 1,
    seq: e.seq,
    at: e.at.toISOString(),
    tenantId: e.tenantId,
    actor: e.actor,
    action: e.action,
    subject: e.subject,
    data: e.data,
    prevHash: e.prevHash,
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

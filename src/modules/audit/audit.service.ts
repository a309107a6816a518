import { Injectable, Optional } from '@nestjs/common';
import { entryHash, GENESIS_HASH } from './audit-hash.js';
import { AuditChainer } from './audit.chainer.js';
import {
  AuditRepository,
  type AuditEntry,
  type AuditEntryInput,
  type RecordedAuditEntry,
} from './audit.repository.js';

export type AuditBreak =
  | 'hash-mismatch' // the entry's content no longer matches its hash: the row was altered
  | 'prev-hash-mismatch' // the entry does not link to its predecessor: a row was replaced or re-hashed
  | 'seq-gap' // a sequence number is missing: a row was deleted
  | 'head-mismatch'; // the chain head does not match the last entry: entries were cut off the end

export interface AuditVerification {
  /** The whole chain is intact. */
  readonly ok: boolean;
  /**
   * Entries checked (up to and including the first broken one): all of them, or, for a
   * tenant's verification, that tenant's own.
   */
  readonly checked: number;
  readonly firstBroken?: { readonly seq: string; readonly reason: AuditBreak; readonly detail: string };
}

const BATCH = 1000;

@Injectable()
export class AuditService {
  private readonly chainer: AuditChainer;

  /**
   * In the Nest container the module's `AuditChainer` (with its timer) is injected; code
   * that wires services by hand (CLI commands, tests) gets one without a timer, so
   * `flush()`, `verify()` and listings still cover everything committed.
   */
  constructor(
    private readonly repository: AuditRepository,
    @Optional() chainer?: AuditChainer,
  ) {
    this.chainer = chainer ?? new AuditChainer(repository);
  }

  /**
   * Records an entry, atomic with the surrounding transaction (if any): it is durable when
   * that transaction commits and gone if it rolls back. It is linked into the hash chain
   * (sequence number, hash) by the chainer shortly after the commit, so the result carries
   * neither; `flush()` and read the chain where they matter.
   */
  record(entry: AuditEntryInput): Promise<RecordedAuditEntry> {
    return this.repository.append(entry);
  }

  /** Records several entries of one tenant at once (one statement), in order; as `record`. */
  recordMany(entries: readonly AuditEntryInput[]): Promise<RecordedAuditEntry[]> {
    return this.repository.appendMany(entries);
  }

  /** Links every entry committed so far into the chain. */
  flush(): Promise<void> {
    return this.chainer.flush();
  }

  async listForTenant(tenantId: string, limit = 100): Promise<AuditEntry[]> {
    await this.flush();
    return this.repository.listForTenant(tenantId, Math.min(Math.max(limit, 1), 1000));
  }

  /**
   * Links what is pending, then walks the whole chain and reports the first broken link.
   *
   * For a tenant (`scope.tenantId`) the walk is the same — every entry links to the one
   * before it, whoever it belongs to, and a break anywhere may hide a change to the tenant's
   * own entries (an entry moved to another tenant is a break there) — but `checked` counts
   * only that tenant's entries: the installation's total is not the tenant's business.
   */
  async verify(scope: { readonly tenantId?: string } = {}): Promise<AuditVerification> {
    const tenant = scope.tenantId?.toLowerCase();
    const counts = (e: AuditEntry) => tenant === undefined || e.tenantId?.toLowerCase() === tenant;
    await this.flush();
    // Read the head first: entries appended while we walk are beyond it and not checked.
    const head = await this.repository.head();
    let expectedSeq = 1n;
    let prevHash = GENESIS_HASH;
    let checked = 0;
    let last: AuditEntry | undefined;
    let cursor = '0';
    let done = false;
    while (!done) {
      const batch = await this.repository.chainBatch(cursor, BATCH);
      done = batch.length < BATCH;
      for (const e of batch) {
        cursor = e.seq;
        if (BigInt(e.seq) > BigInt(head.seq)) {
          done = true;
          break;
        }
        if (counts(e)) checked += 1;
        const broken = (reason: AuditBreak, detail: string, seq = e.seq): AuditVerification => ({
          ok: false,
          checked,
          firstBroken: { seq, reason, detail },
        });
        if (BigInt(e.seq) !== expectedSeq) {
          const missing = expectedSeq.toString();
          return broken('seq-gap', `entry ${missing} is missing (the next present is ${e.seq})`, missing);
        }
        if (e.prevHash !== prevHash) {
          return broken(
            'prev-hash-mismatch',
            `entry ${e.seq} does not link to the hash of entry ${expectedSeq - 1n}`,
          );
        }
        if (entryHash(e) !== e.hash) {
          return broken('hash-mismatch', `entry ${e.seq} was altered: its content does not match its hash`);
        }
        prevHash = e.hash;
        expectedSeq += 1n;
        last = e;
      }
    }
    const lastSeq = last?.seq ?? '0';
    if (lastSeq !== head.seq || prevHash !== head.hash) {
      return {
        ok: false,
        checked,
        firstBroken: {
          seq: head.seq,
          reason: 'head-mismatch',
          detail: `the chain ends at entry ${lastSeq} but its head records entry ${head.seq}`,
        },
      };
    }
    return { ok: true, checked };
  }
}

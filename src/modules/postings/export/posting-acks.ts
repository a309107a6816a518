/**
 * Acknowledging postings belongs to the postings module (the feed's acks). A file export
 * acknowledges only when asked (`--ack`, `ack=true`), through this interface; the postings
 * module provides it under `POSTING_ACKS`. Without a provider, `ack` is refused.
 */
export interface PostingAcks {
  acknowledge(tenantId: string, postingIds: readonly string[], actor: string): Promise<void>;
}

export const POSTING_ACKS = Symbol('POSTING_ACKS');

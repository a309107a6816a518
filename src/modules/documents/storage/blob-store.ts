/**
 * Raw store for inbound messages and documents: immutable and content-addressed.
 *
 * Every inbound message (HTTP body, e-mail as .eml, SBDH envelope) is written here and
 * durably synced before anything acknowledges it (GoBD: the original is kept unchanged).
 * The key is the sha256 of the content, so storing the same bytes twice is a no-op and a
 * reference can always be verified against the content.
 */
export interface StoredBlob {
  /** Lower-case hex sha256 of the content; also the key. */
  readonly sha256: string;
  readonly size: number;
  /** false when the same content was already stored. */
  readonly created: boolean;
}

export interface BlobStore {
  put(content: Uint8Array): Promise<StoredBlob>;
  /** The content, or null when no blob has that key. */
  get(sha256: string): Promise<Buffer | null>;
  has(sha256: string): Promise<boolean>;
  /** The content's size in bytes without reading it, or null when no blob has that key. */
  size(sha256: string): Promise<number | null>;
  /**
   * Removes what writes cut off by a crash left behind (never a stored blob): only what
   * is older than `olderThanMs`, since a write of another process may be under way right
   * now. Returns how many it removed.
   */
  removeOrphans(olderThanMs: number): Promise<number>;
  /**
   * Removes a stored blob; true when it was there. Only for an audited deletion (the
   * records disposal run) after the caller made sure no row references the content any
   * more: the store itself knows nothing of references.
   */
  delete(sha256: string): Promise<boolean>;
}

/**
 * How old a temporary file must be to count as orphaned. A write takes seconds at most
 * (the content is in memory, then written and synced in one go); an hour leaves room for
 * a slow disk and for clocks of several hosts sharing the store that disagree.
 */
export const ORPHAN_MIN_AGE_MS = 60 * 60 * 1000;

export const BLOB_STORE = Symbol('BLOB_STORE');

export function isSha256(key: string): boolean {
  return /^[0-9a-f]{64}$/.test(key);
}

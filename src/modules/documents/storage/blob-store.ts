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
}

export const BLOB_STORE = Symbol('BLOB_STORE');

export function isSha256(key: string): boolean {
  return /^[0-9a-f]{64}$/.test(key);
}

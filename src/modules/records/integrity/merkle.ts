/**
 * The Merkle tree of a day's filed documents (pure functions, no Nest, no database).
 *
 * The tree follows the construction of RFC 6962 § 2.1 (Certificate Transparency), so any
 * implementation of it can recompute a root:
 *
 * - a leaf is one document's sha256 (32 bytes, from its lower-case hex form);
 *   leaf hash = SHA-256(0x00 ‖ leaf);
 * - an inner node = SHA-256(0x01 ‖ left ‖ right); the prefixes keep a leaf from ever
 *   passing for an inner node (second-preimage attack);
 * - for n > 1 leaves the left subtree takes the largest power of two k < n leaves and the
 *   right subtree the rest, so a node is never duplicated (no "odd leaf copied" ambiguity
 *   where two different lists of leaves yield one root);
 * - the leaves are in a stable order the caller fixes (for the case record: by `filed_at`,
 *   then `id`); an empty list has no root.
 *
 * Roots and hashes travel as lower-case hex.
 */
import { createHash } from 'node:crypto';

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);
const SHA256_HEX = /^[0-9a-f]{64}$/;

function sha256(...parts: Buffer[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

function leafBytes(hex: string): Buffer {
  if (!SHA256_HEX.test(hex)) throw new Error(`not a lower-case hex sha256: '${hex}'`);
  return Buffer.from(hex, 'hex');
}

/** SHA-256(0x00 ‖ leaf) of one document sha256 (hex in, hex out). */
export function leafHash(documentSha256: string): string {
  return sha256(LEAF_PREFIX, leafBytes(documentSha256)).toString('hex');
}

/** SHA-256(0x01 ‖ left ‖ right) of two node hashes (hex in, hex out). */
export function nodeHash(left: string, right: string): string {
  return sha256(NODE_PREFIX, Buffer.from(left, 'hex'), Buffer.from(right, 'hex')).toString('hex');
}

/** The largest power of two smaller than n (n ≥ 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function subtreeRoot(leaves: readonly string[], from: number, to: number): string {
  const n = to - from;
  if (n === 1) return leaves[from];
  const k = split(n);
  return nodeHash(subtreeRoot(leaves, from, from + k), subtreeRoot(leaves, from + k, to));
}

/** The root over the documents' sha256s in the given order. Throws for an empty list. */
export function merkleRoot(documentSha256s: readonly string[]): string {
  if (documentSha256s.length === 0) throw new Error('a Merkle tree needs at least one leaf');
  return subtreeRoot(documentSha256s.map(leafHash), 0, documentSha256s.length);
}

/**
 * The inclusion proof (RFC 6962 § 2.1.1 audit path) of the leaf at `index`: the sibling
 * hashes from the leaf up to the root. With the leaf, its index, the number of leaves and
 * the root, anyone can check that the document belongs to the day (`verifyInclusion`).
 */
export function inclusionProof(documentSha256s: readonly string[], index: number): string[] {
  const n = documentSha256s.length;
  if (!Number.isInteger(index) || index < 0 || index >= n)
    throw new Error(`leaf index ${index} out of range`);
  const leaves = documentSha256s.map(leafHash);
  const path = (m: number, from: number, to: number): string[] => {
    const size = to - from;
    if (size === 1) return [];
    const k = split(size);
    return m < k
      ? [...path(m, from, from + k), subtreeRoot(leaves, from + k, to)]
      : [...path(m - k, from + k, to), subtreeRoot(leaves, from, from + k)];
  };
  return path(index, 0, n);
}

/** Checks an inclusion proof against a root (RFC 9162 § 2.1.3.2). */
export function verifyInclusion(
  documentSha256: string,
  index: number,
  treeSize: number,
  proof: readonly string[],
  root: string,
): boolean {
  if (!Number.isInteger(index) || !Number.isInteger(treeSize) || index < 0 || index >= treeSize) return false;
  let fn = index;
  let sn = treeSize - 1;
  let r = leafHash(documentSha256);
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r === root;
}

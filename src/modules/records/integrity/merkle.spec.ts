import { createHash } from 'node:crypto';
import { inclusionProof, leafHash, merkleRoot, nodeHash, verifyInclusion } from './merkle.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const docs = (n: number) => Array.from({ length: n }, (_, i) => sha(`document ${i}`));
const H = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest('hex');

describe('merkle', () => {
  it('hashes a leaf as SHA-256(0x00 ‖ the 32 bytes of the document hash)', () => {
    const d = sha('a');
    expect(leafHash(d)).toBe(H(Buffer.from([0]), Buffer.from(d, 'hex')));
  });

  it('hashes a node as SHA-256(0x01 ‖ left ‖ right)', () => {
    const [l, r] = [sha('l'), sha('r')];
    expect(nodeHash(l, r)).toBe(H(Buffer.from([1]), Buffer.from(l, 'hex'), Buffer.from(r, 'hex')));
  });

  it('is the leaf hash for one document', () => {
    const [d] = docs(1);
    expect(merkleRoot([d])).toBe(leafHash(d));
  });

  it('splits at the largest power of two below n (three leaves: (a b) c)', () => {
    const [a, b, c] = docs(3);
    expect(merkleRoot([a, b, c])).toBe(nodeHash(nodeHash(leafHash(a), leafHash(b)), leafHash(c)));
  });

  it('builds five leaves as ((a b)(c d)) e', () => {
    const [a, b, c, d, e] = docs(5);
    const left = nodeHash(nodeHash(leafHash(a), leafHash(b)), nodeHash(leafHash(c), leafHash(d)));
    expect(merkleRoot([a, b, c, d, e])).toBe(nodeHash(left, leafHash(e)));
  });

  it('depends on order and on every leaf, and does not equal a tree with the last leaf doubled', () => {
    const [a, b, c] = docs(3);
    const root = merkleRoot([a, b, c]);
    expect(merkleRoot([b, a, c])).not.toBe(root);
    expect(merkleRoot([a, b, sha('other')])).not.toBe(root);
    expect(merkleRoot([a, b, c, c])).not.toBe(root);
    expect(merkleRoot([a, b])).not.toBe(root);
  });

  it('refuses an empty list and a leaf that is not a lower-case hex sha256', () => {
    expect(() => merkleRoot([])).toThrow(/at least one leaf/);
    expect(() => merkleRoot(['ABC'])).toThrow(/not a lower-case hex sha256/);
    expect(() => merkleRoot([sha('x').toUpperCase()])).toThrow(/not a lower-case hex sha256/);
  });

  it('proves every leaf of trees of 1 to 17 leaves, and no leaf at a wrong index or root', () => {
    for (let n = 1; n <= 17; n++) {
      const leaves = docs(n);
      const root = merkleRoot(leaves);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(leaves, i);
        expect(verifyInclusion(leaves[i], i, n, proof, root)).toBe(true);
        if (n > 1) expect(verifyInclusion(leaves[i], (i + 1) % n, n, proof, root)).toBe(false);
        expect(verifyInclusion(sha('intruder'), i, n, proof, root)).toBe(false);
        expect(verifyInclusion(leaves[i], i, n, proof, sha('other root'))).toBe(false);
      }
    }
  });

  it('rejects a proof with a changed or missing sibling, or an index outside the tree', () => {
    const leaves = docs(6);
    const root = merkleRoot(leaves);
    const proof = inclusionProof(leaves, 4);
    expect(verifyInclusion(leaves[4], 4, 6, [...proof.slice(0, -1), sha('x')], root)).toBe(false);
    expect(verifyInclusion(leaves[4], 4, 6, proof.slice(0, -1), root)).toBe(false);
    expect(verifyInclusion(leaves[4], 6, 6, proof, root)).toBe(false);
    expect(() => inclusionProof(leaves, 6)).toThrow(/out of range/);
  });
});

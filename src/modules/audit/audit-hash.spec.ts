import { canonicalJson, entryHash, GENESIS_HASH, normaliseData, type ChainedEntry } from './audit-hash.js';

const entry: ChainedEntry = {
  seq: '1',
  at: new Date('2026-01-02T03:04:05.678Z'),
  tenantId: '8d2c7f36-3f44-4d0b-9c55-0b1c1d2e3f40',
  actor: 'user:1',
  action: 'user.created',
  subject: 'user:2',
  data: { b: 1, a: { d: [1, { z: true, y: null }], c: 'x' } },
  prevHash: GENESIS_HASH,
};

describe('audit hash', () => {
  it('serialises objects with sorted keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: true, y: null }], c: 'x' }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[1,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('does not depend on key order', () => {
    const reordered = { ...entry, data: { a: { c: 'x', d: [1, { y: null, z: true }] }, b: 1 } };
    expect(entryHash(reordered)).toBe(entryHash(entry));
  });

  it.each([
    ['seq', { seq: '2' }],
    ['time', { at: new Date('2026-01-02T03:04:05.679Z') }],
    ['tenant', { tenantId: null }],
    ['actor', { actor: 'user:9' }],
    ['action', { action: 'user.deleted' }],
    ['subject', { subject: null }],
    ['data', { data: { b: 2, a: { d: [1, { z: true, y: null }], c: 'x' } } }],
    ['predecessor', { prevHash: 'f'.repeat(64) }],
  ])('changes when the %s changes', (_what, change) => {
    expect(entryHash({ ...entry, ...change })).not.toBe(entryHash(entry));
  });

  it('is a 64-digit hex sha256', () => {
    expect(entryHash(entry)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('normalises data the way jsonb returns it', () => {
    expect(normaliseData({ when: new Date('2026-01-01T00:00:00.000Z'), gone: undefined, n: 1.5 })).toEqual({
      when: '2026-01-01T00:00:00.000Z',
      n: 1.5,
    });
    expect(normaliseData(undefined)).toEqual({});
  });
});

import { jobIdFor } from './job-id.js';

describe('jobIdFor', () => {
  it('is the same for the same name and payload, whatever the key order', () => {
    const a = jobIdFor('audit.verify', { tenantId: 't1', verificationId: 'v1' });
    const b = jobIdFor('audit.verify', { verificationId: 'v1', tenantId: 't1' });
    expect(a).toBe(b);
    expect(a).toBe('audit.verify~tenantId=t1~verificationId=v1');
  });

  it('differs when the name or any payload value differs', () => {
    const base = jobIdFor('a.job', { tenantId: 't1', id: 'x' });
    expect(jobIdFor('b.job', { tenantId: 't1', id: 'x' })).not.toBe(base);
    expect(jobIdFor('a.job', { tenantId: 't2', id: 'x' })).not.toBe(base);
    expect(jobIdFor('a.job', { tenantId: 't1', id: 'y' })).not.toBe(base);
  });

  it('never contains a colon (BullMQ refuses those) and cannot be forged by separators in values', () => {
    const id = jobIdFor('a.job', { id: 'urn:x~y=z/w' });
    expect(id).not.toContain(':');
    expect(id).not.toBe(jobIdFor('a.job', { id: 'urn:x', y: 'z/w' }));
    expect(id.split('~')).toHaveLength(2);
    // Only characters that may stand unencoded in a URL path segment.
    expect(id).toMatch(/^[A-Za-z0-9._~=%-]+$/);
  });

  it('refuses names that could make an invalid BullMQ id', () => {
    expect(() => jobIdFor('1', {})).toThrow(/invalid job name '1'/);
    expect(() => jobIdFor('a:b', {})).toThrow(/invalid job name/);
    expect(() => jobIdFor('Audit.Verify', {})).toThrow(/invalid job name/);
  });
});

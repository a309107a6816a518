import { acceptCorrelationId, currentCorrelationId, runWithCorrelation } from './correlation.js';

describe('correlation ids', () => {
  it('are visible across awaits inside runWithCorrelation and absent outside', async () => {
    expect(currentCorrelationId()).toBeUndefined();
    const seen = await runWithCorrelation('job-42', async () => {
      await new Promise((r) => setTimeout(r, 1));
      return currentCorrelationId();
    });
    expect(seen).toBe('job-42');
    expect(currentCorrelationId()).toBeUndefined();
  });

  it('accept plain caller ids and replace anything else', () => {
    expect(acceptCorrelationId('req-1.a:b_c')).toBe('req-1.a:b_c');
    expect(acceptCorrelationId('x'.repeat(129))).not.toBe('x'.repeat(129));
    expect(acceptCorrelationId('a\nb')).toMatch(/^[0-9a-f-]{36}$/);
    expect(acceptCorrelationId(undefined)).toMatch(/^[0-9a-f-]{36}$/);
  });
});

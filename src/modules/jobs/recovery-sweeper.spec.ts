import type { JobRequest } from './job-names.js';
import { type RecoverySweeper, runSweep } from './recovery-sweeper.js';

const request = (verificationId: string): JobRequest => ({
  name: 'audit.verify',
  payload: { tenantId: 't', verificationId },
});

describe('runSweep', () => {
  it('enqueues everything every sweeper reports', async () => {
    const enqueued: JobRequest[] = [];
    const sweepers: RecoverySweeper[] = [
      { name: 'one', findPending: async () => [request('a'), request('b')] },
      { name: 'two', findPending: async () => [request('c')] },
    ];
    const report = await runSweep(sweepers, async (r) => void enqueued.push(r));
    expect(report).toEqual({ enqueued: 3, failedSweepers: [] });
    expect(enqueued).toEqual([request('a'), request('b'), request('c')]);
  });

  it('keeps going when one sweeper fails, and reports which one', async () => {
    const enqueued: JobRequest[] = [];
    const errors: string[] = [];
    const sweepers: RecoverySweeper[] = [
      {
        name: 'broken',
        findPending: async () => {
          throw new Error('database gone');
        },
      },
      { name: 'fine', findPending: async () => [request('x')] },
    ];
    const report = await runSweep(
      sweepers,
      async (r) => void enqueued.push(r),
      (name, err) => errors.push(`${name}: ${(err as Error).message}`),
    );
    expect(report).toEqual({ enqueued: 1, failedSweepers: ['broken'] });
    expect(errors).toEqual(['broken: database gone']);
    expect(enqueued).toHaveLength(1);
  });

  it('counts a sweeper whose enqueue fails (queue down) as failed', async () => {
    const sweepers: RecoverySweeper[] = [{ name: 'one', findPending: async () => [request('a')] }];
    const report = await runSweep(sweepers, async () => {
      throw new Error('queue down');
    });
    expect(report).toEqual({ enqueued: 0, failedSweepers: ['one'] });
  });
});
